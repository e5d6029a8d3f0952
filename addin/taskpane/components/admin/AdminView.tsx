import { Field, Select, Spinner, useId } from '@fluentui/react-components';
import { useState, type ComponentType } from 'react';
import type { MyPermissions } from '../../../../shared/admin-api.js';
import { useI18n } from '../../../i18n/i18n-context.js';
import { useAdminStrings, type AdminStrings } from '../../../i18n/use-admin-strings.js';
import { usePermissions } from '../../permissions.js';
import { AddressBooks } from './AddressBooks.js';
import { AdminErrorNotice } from './AdminErrorNotice.js';
import { useAdminStyles } from './admin-styles.js';
import { AuditLog } from './AuditLog.js';
import { DepartmentsProvider, useDepartments } from './departments.js';
import { FieldMasks } from './FieldMasks.js';
import { Roles } from './Roles.js';
import { VisibilityRules } from './VisibilityRules.js';

type SectionId = keyof AdminStrings['sections'];

interface Section {
  id: SectionId;
  allowed: (permissions: MyPermissions) => boolean;
  Component: ComponentType;
}

/** Every section, and who may see it; the server enforces the same rules on every call. */
const SECTIONS: readonly Section[] = [
  { id: 'visibility', allowed: (p) => p.canAdminister, Component: VisibilityRules },
  { id: 'masks', allowed: (p) => p.canAdminister, Component: FieldMasks },
  { id: 'books', allowed: (p) => p.canAdminister, Component: AddressBooks },
  { id: 'roles', allowed: (p) => p.canManageRoles, Component: Roles },
  { id: 'audit', allowed: (p) => p.canReadAudit, Component: AuditLog },
];

/** Says once, above the sections, that the department pickers could not be filled. */
function DepartmentsNotice() {
  const { status, error, reload } = useDepartments();
  return status === 'error' ? <AdminErrorNotice error={error} onRetry={reload} /> : null;
}

/**
 * The Admin tab: one section at a time (the pane is narrow), picked from those the viewer's roles
 * allow. HR editors edit people from the contact card, so for them this tab only says where.
 */
export function AdminView() {
  const { t } = useI18n();
  const at = useAdminStrings();
  const styles = useAdminStyles();
  const headingId = useId('admin-heading');
  const permissions = usePermissions();
  const sections = permissions === null ? [] : SECTIONS.filter((section) => section.allowed(permissions));
  const [chosen, setChosen] = useState<SectionId | null>(null);
  const current = sections.find((section) => section.id === chosen) ?? sections[0];

  if (permissions === null) return <Spinner size="tiny" label={t.loading} />;
  const needsDepartments = permissions.canAdminister || permissions.canManageRoles;
  const body = (
    <section className={styles.stack} aria-labelledby={headingId}>
      <h2 id={headingId} className={styles.heading}>
        {at.heading}
      </h2>
      {permissions.canEditPeople && <p className={styles.muted}>{at.hrHint}</p>}
      {needsDepartments && <DepartmentsNotice />}
      {current !== undefined && (
        <>
          {sections.length > 1 && (
            <Field label={at.sectionLabel}>
              <Select value={current.id} onChange={(_event, data) => setChosen(data.value as SectionId)}>
                {sections.map((section) => (
                  <option key={section.id} value={section.id}>
                    {at.sections[section.id]}
                  </option>
                ))}
              </Select>
            </Field>
          )}
          <section className={styles.stack} aria-label={at.sections[current.id]}>
            <h3 className={styles.heading}>{at.sections[current.id]}</h3>
            <current.Component key={current.id} />
          </section>
        </>
      )}
    </section>
  );
  return needsDepartments ? <DepartmentsProvider>{body}</DepartmentsProvider> : body;
}

export default AdminView;
