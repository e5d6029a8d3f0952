import { Field, Radio, RadioGroup } from '@fluentui/react-components';
import { useState } from 'react';
import type { VisibilityAudience, VisibilityRule, VisibilityRuleInput } from '../../../../shared/admin-api.js';
import { useAdminStrings } from '../../../i18n/use-admin-strings.js';
import { useServices } from '../../services.js';
import { useAdminStyles } from './admin-styles.js';
import { useDepartments } from './departments.js';
import { DepartmentPicker } from './DepartmentPicker.js';
import { FormShell } from './FormShell.js';
import { PersonPicker } from './PersonPicker.js';
import { useSubmit } from './use-submit.js';

const AUDIENCES: readonly VisibilityAudience[] = ['everyone', 'own_department', 'listed'];

export interface VisibilityRuleFormProps {
  /** null: a new rule */
  rule: VisibilityRule | null;
  done: (saved: boolean) => void;
}

/** Creates or replaces the visibility rule of one department subtree (`PUT …/visibility-rules/:deptId`). */
export function VisibilityRuleForm({ rule, done }: VisibilityRuleFormProps) {
  const at = useAdminStrings();
  const styles = useAdminStyles();
  const { api } = useServices();
  const { nameOf } = useDepartments();
  const submit = useSubmit();
  const [deptIds, setDeptIds] = useState<number[]>(rule === null ? [] : [rule.deptId]);
  const [audience, setAudience] = useState<VisibilityAudience>(rule?.audience ?? 'own_department');
  const [allowDeptIds, setAllowDeptIds] = useState<number[]>(rule?.allowDeptIds ?? []);
  const [allowUserids, setAllowUserids] = useState<string[]>(rule?.allowUserids ?? []);
  const [showErrors, setShowErrors] = useState(false);
  const deptId = deptIds[0];

  const save = async (): Promise<void> => {
    setShowErrors(true);
    if (deptId === undefined) return;
    // why: the allow lists only mean something for `listed`; keeping stale ones would surprise the next editor
    const input: VisibilityRuleInput =
      audience === 'listed' ? { audience, allowDeptIds, allowUserids } : { audience, allowDeptIds: [], allowUserids: [] };
    if (await submit.run(() => api.admin.putVisibilityRule(deptId, input))) done(true);
  };

  return (
    <FormShell
      heading={rule === null ? at.newRule : at.editRule(rule.deptName ?? nameOf(rule.deptId))}
      busy={submit.busy}
      error={submit.error}
      onSubmit={() => void save()}
      onCancel={() => done(false)}
    >
      {rule === null && (
        <DepartmentPicker
          label={at.ruleDepartment}
          single
          required
          value={deptIds}
          onChange={setDeptIds}
          validationMessage={showErrors && deptId === undefined ? at.required : undefined}
        />
      )}
      <Field label={at.ruleAudience}>
        <RadioGroup value={audience} onChange={(_event, data) => setAudience(data.value as VisibilityAudience)}>
          {AUDIENCES.map((value) => (
            <Radio key={value} value={value} label={at.audience[value]} />
          ))}
        </RadioGroup>
      </Field>
      {audience === 'listed' && (
        <fieldset className={styles.group}>
          <legend className={styles.legend}>{at.alsoVisibleTo}</legend>
          <DepartmentPicker label={at.departments} value={allowDeptIds} onChange={setAllowDeptIds} />
          <PersonPicker label={at.people} value={allowUserids} onChange={setAllowUserids} />
        </fieldset>
      )}
    </FormShell>
  );
}
