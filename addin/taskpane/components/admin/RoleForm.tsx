import { Field, Input, Select } from '@fluentui/react-components';
import { useState } from 'react';
import type { Role, RoleAssignmentInput } from '../../../../shared/admin-api.js';
import { useAdminStrings } from '../../../i18n/use-admin-strings.js';
import { useServices } from '../../services.js';
import { ROLES } from './admin-choices.js';
import { DepartmentPicker } from './DepartmentPicker.js';
import { FormShell } from './FormShell.js';
import { useSubmit } from './use-submit.js';

/** `RoleAssignmentInput.email` maxLength (shared/admin-api.ts) */
const EMAIL_MAX = 254;
/** deliberately loose (something@something.something): the server validates the address for real */
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Roles that cover department subtrees; the others apply to the whole organisation. */
const SCOPED: ReadonlySet<Role> = new Set<Role>(['sub_admin', 'hr_editor']);

export interface RoleFormProps {
  done: (saved: boolean) => void;
}

/** Assigns a role (`POST /api/admin/roles`). Assignments are not edited: delete one and add another. */
export function RoleForm({ done }: RoleFormProps) {
  const at = useAdminStrings();
  const { api } = useServices();
  const submit = useSubmit();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('sub_admin');
  const [deptIds, setDeptIds] = useState<number[]>([]);
  const [showErrors, setShowErrors] = useState(false);
  const emailInvalid = !EMAIL_SHAPE.test(email.trim());
  const deptsMissing = role === 'sub_admin' && deptIds.length === 0;

  const save = async (): Promise<void> => {
    setShowErrors(true);
    if (emailInvalid || deptsMissing) return;
    const input: RoleAssignmentInput = { email: email.trim(), role, deptIds: SCOPED.has(role) ? deptIds : [] };
    if (await submit.run(() => api.admin.createRoleAssignment(input))) done(true);
  };

  return (
    <FormShell heading={at.newRole} busy={submit.busy} error={submit.error} onSubmit={() => void save()} onCancel={() => done(false)}>
      <Field label={at.roleEmail} required {...(showErrors && emailInvalid ? { validationMessage: at.roleEmailInvalid, validationState: 'error' as const } : {})}>
        <Input type="email" value={email} maxLength={EMAIL_MAX} onChange={(_event, data) => setEmail(data.value)} />
      </Field>
      <Field label={at.role}>
        <Select value={role} onChange={(_event, data) => setRole(data.value as Role)}>
          {ROLES.map((value) => (
            <option key={value} value={value}>
              {at.roleName[value]}
            </option>
          ))}
        </Select>
      </Field>
      {SCOPED.has(role) && (
        <DepartmentPicker
          label={at.roleDepartments}
          required={role === 'sub_admin'}
          value={deptIds}
          onChange={setDeptIds}
          {...(role === 'hr_editor' ? { hint: at.roleDepartmentsHrHint } : {})}
          validationMessage={showErrors && deptsMissing ? at.roleDepartmentsRequired : undefined}
        />
      )}
    </FormShell>
  );
}
