import { Checkbox, Field, Input } from '@fluentui/react-components';
import { useState } from 'react';
import type { Audience, FieldMask, FieldMaskInput, PersonField } from '../../../../shared/admin-api.js';
import { PERSON_FIELDS } from './admin-choices.js';
import { useAdminStrings } from '../../../i18n/use-admin-strings.js';
import { useServices } from '../../services.js';
import { useAdminStyles } from './admin-styles.js';
import { AudienceFields } from './AudienceFields.js';
import { DepartmentPicker } from './DepartmentPicker.js';
import { FormShell } from './FormShell.js';
import { PersonPicker } from './PersonPicker.js';
import { useSubmit } from './use-submit.js';

/** `FieldMaskInput.name` maxLength (shared/admin-api.ts) */
const NAME_MAX = 100;
const EVERYONE: Audience = { everyone: true, deptIds: [], userids: [] };

export interface FieldMaskFormProps {
  /** null: a new mask */
  mask: FieldMask | null;
  done: (saved: boolean) => void;
}

/** Creates (`POST`) or updates (`PUT …/:id`) a field mask. */
export function FieldMaskForm({ mask, done }: FieldMaskFormProps) {
  const at = useAdminStrings();
  const styles = useAdminStyles();
  const { api } = useServices();
  const submit = useSubmit();
  const [name, setName] = useState(mask?.name ?? '');
  const [fields, setFields] = useState<PersonField[]>(mask?.fields ?? []);
  const [targetDeptIds, setTargetDeptIds] = useState<number[]>(mask?.targetDeptIds ?? []);
  const [viewers, setViewers] = useState<Audience>(mask?.viewers ?? EVERYONE);
  const [exemptUserids, setExemptUserids] = useState<string[]>(mask?.exemptUserids ?? []);
  const [showErrors, setShowErrors] = useState(false);
  const nameMissing = name.trim() === '';
  const fieldsMissing = fields.length === 0;

  const toggle = (field: PersonField, checked: boolean): void =>
    // keeps the order of PERSON_FIELDS, so the saved list does not depend on the order of clicks
    setFields((previous) => PERSON_FIELDS.filter((f) => (f === field ? checked : previous.includes(f))));

  const save = async (): Promise<void> => {
    setShowErrors(true);
    if (nameMissing || fieldsMissing) return;
    const input: FieldMaskInput = { name: name.trim(), fields, targetDeptIds, viewers, exemptUserids };
    const ok = await submit.run(() => (mask === null ? api.admin.createFieldMask(input) : api.admin.updateFieldMask(mask.id, input)));
    if (ok) done(true);
  };

  return (
    <FormShell
      heading={mask === null ? at.newMask : at.editMask(mask.name)}
      busy={submit.busy}
      error={submit.error}
      onSubmit={() => void save()}
      onCancel={() => done(false)}
    >
      <Field label={at.maskName} required {...(showErrors && nameMissing ? { validationMessage: at.required, validationState: 'error' as const } : {})}>
        <Input value={name} maxLength={NAME_MAX} onChange={(_event, data) => setName(data.value)} />
      </Field>
      <fieldset className={styles.group}>
        <legend className={styles.legend}>{at.maskFields}</legend>
        {PERSON_FIELDS.map((field) => (
          <Checkbox key={field} label={at.field[field]} checked={fields.includes(field)} onChange={(_event, data) => toggle(field, data.checked === true)} />
        ))}
        {showErrors && fieldsMissing && (
          <Field validationMessage={at.maskFieldsRequired} validationState="error">
            {null}
          </Field>
        )}
      </fieldset>
      <DepartmentPicker label={at.maskTargets} hint={at.maskTargetsHint} value={targetDeptIds} onChange={setTargetDeptIds} />
      <AudienceFields legend={at.maskViewers} value={viewers} onChange={setViewers} />
      <PersonPicker label={at.maskExempt} value={exemptUserids} onChange={setExemptUserids} />
    </FormShell>
  );
}
