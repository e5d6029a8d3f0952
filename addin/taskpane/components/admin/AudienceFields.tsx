import { Checkbox } from '@fluentui/react-components';
import type { Audience } from '../../../../shared/admin-api.js';
import { useAdminStrings, type AdminStrings } from '../../../i18n/use-admin-strings.js';
import { useAdminStyles } from './admin-styles.js';
import { DepartmentPicker } from './DepartmentPicker.js';
import { PersonPicker } from './PersonPicker.js';

export interface AudienceFieldsProps {
  legend: string;
  value: Audience;
  onChange: (audience: Audience) => void;
}

/** A group of people: everyone, or department subtrees plus single people. */
export function AudienceFields({ legend, value, onChange }: AudienceFieldsProps) {
  const at = useAdminStrings();
  const styles = useAdminStyles();
  return (
    <fieldset className={styles.group}>
      <legend className={styles.legend}>{legend}</legend>
      <Checkbox
        label={at.everyone}
        checked={value.everyone}
        // why: "everyone" makes the lists meaningless; they are cleared so the saved rule says what it does
        onChange={(_event, data) => onChange(data.checked === true ? { everyone: true, deptIds: [], userids: [] } : { ...value, everyone: false })}
      />
      {!value.everyone && (
        <>
          <DepartmentPicker label={at.departments} value={value.deptIds} onChange={(deptIds) => onChange({ ...value, deptIds })} />
          <PersonPicker label={at.people} value={value.userids} onChange={(userids) => onChange({ ...value, userids })} />
        </>
      )}
    </fieldset>
  );
}

/** A one-line description of an audience for the lists. */
export function describeAudience(audience: Audience, at: AdminStrings, nameOf: (deptId: number) => string): string {
  if (audience.everyone) return at.everyone;
  const parts: string[] = [];
  if (audience.deptIds.length > 0) parts.push(at.departmentList(at.list(audience.deptIds.map(nameOf))));
  if (audience.userids.length > 0) parts.push(at.peopleCount(audience.userids.length));
  return parts.length === 0 ? at.none : parts.join(' · ');
}
