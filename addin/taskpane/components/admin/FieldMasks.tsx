import { useCallback } from 'react';
import type { FieldMask } from '../../../../shared/admin-api.js';
import { useAdminStrings } from '../../../i18n/use-admin-strings.js';
import { useServices } from '../../services.js';
import { useAdminStyles } from './admin-styles.js';
import { describeAudience } from './AudienceFields.js';
import { CrudSection } from './CrudSection.js';
import { useDepartments } from './departments.js';
import { FieldMaskForm } from './FieldMaskForm.js';

/** Contact fields hidden from some viewers (`/api/admin/field-masks`). */
export function FieldMasks() {
  const at = useAdminStrings();
  const styles = useAdminStyles();
  const { api } = useServices();
  const { nameOf } = useDepartments();
  const load = useCallback((signal: AbortSignal) => api.admin.fieldMasks({ signal }), [api]);

  const summaryOf = (mask: FieldMask) => (
    <>
      <p className={styles.itemText}>{at.hiddenFields(at.list(mask.fields.map((field) => at.field[field])))}</p>
      <p className={styles.itemText}>
        {at.maskTargets}: {mask.targetDeptIds.length === 0 ? at.everyone : at.list(mask.targetDeptIds.map(nameOf))}
      </p>
      <p className={styles.itemText}>
        {at.maskViewers}: {describeAudience(mask.viewers, at, nameOf)}
      </p>
    </>
  );

  return (
    <CrudSection<FieldMask>
      description={at.masksDescription}
      addLabel={at.addMask}
      emptyText={at.noMasks}
      load={load}
      keyOf={(mask) => mask.id}
      titleOf={(mask) => mask.name}
      summaryOf={summaryOf}
      remove={(mask) => api.admin.deleteFieldMask(mask.id)}
      renderForm={(mask, done) => <FieldMaskForm mask={mask} done={done} />}
    />
  );
}
