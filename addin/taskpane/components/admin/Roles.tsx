import { Badge } from '@fluentui/react-components';
import { useCallback } from 'react';
import type { RoleAssignment } from '../../../../shared/admin-api.js';
import { useAdminStrings } from '../../../i18n/use-admin-strings.js';
import { useServices } from '../../services.js';
import { useAdminStyles } from './admin-styles.js';
import { CrudSection } from './CrudSection.js';
import { useDepartments } from './departments.js';
import { RoleForm } from './RoleForm.js';

/**
 * Who holds which admin role (`/api/admin/roles`, super admins only). Assignments from the server
 * configuration are listed read-only; the API has no update, so an assignment is deleted and re-added.
 */
export function Roles() {
  const at = useAdminStrings();
  const styles = useAdminStyles();
  const { api } = useServices();
  const { nameOf } = useDepartments();
  const load = useCallback((signal: AbortSignal) => api.admin.roleAssignments({ signal }), [api]);

  const summaryOf = (assignment: RoleAssignment) => {
    const scope = assignment.deptIds.length > 0 ? at.list(assignment.deptIds.map(nameOf)) : assignment.role === 'sub_admin' ? at.none : at.wholeOrganisation;
    return (
      <>
        <p className={styles.itemText}>
          {at.roleDepartments}: {scope}
        </p>
        {assignment.fromConfig && <p className={styles.muted}>{at.fromConfigHint}</p>}
      </>
    );
  };

  const badgeOf = (assignment: RoleAssignment) =>
    assignment.fromConfig ? (
      <Badge appearance="outline" size="small">
        {at.fromConfig}
      </Badge>
    ) : null;

  return (
    <CrudSection<RoleAssignment>
      description={at.rolesDescription}
      addLabel={at.addRole}
      emptyText={at.noRoles}
      load={load}
      keyOf={(assignment) => assignment.id}
      // why: one person can hold several roles; the role in the title keeps each row's button names distinct
      titleOf={(assignment) => `${assignment.email} (${at.roleName[assignment.role]})`}
      summaryOf={summaryOf}
      badgeOf={badgeOf}
      canEdit={() => false}
      canRemove={(assignment) => !assignment.fromConfig}
      remove={(assignment) => api.admin.deleteRoleAssignment(assignment.id)}
      renderForm={(_assignment, done) => <RoleForm done={done} />}
    />
  );
}
