import { useCallback } from 'react';
import type { VisibilityRule } from '../../../../shared/admin-api.js';
import { useAdminStrings } from '../../../i18n/use-admin-strings.js';
import { useServices } from '../../services.js';
import { useAdminStyles } from './admin-styles.js';
import { CrudSection } from './CrudSection.js';
import { useDepartments } from './departments.js';
import { VisibilityRuleForm } from './VisibilityRuleForm.js';

/** Who may see which department subtree (`/api/admin/visibility-rules`). */
export function VisibilityRules() {
  const at = useAdminStrings();
  const styles = useAdminStyles();
  const { api } = useServices();
  const { nameOf } = useDepartments();
  const load = useCallback((signal: AbortSignal) => api.admin.visibilityRules({ signal }), [api]);
  const titleOf = (rule: VisibilityRule): string => rule.deptName ?? nameOf(rule.deptId);

  const summaryOf = (rule: VisibilityRule) => {
    const extra: string[] = [];
    if (rule.audience === 'listed') {
      if (rule.allowDeptIds.length > 0) extra.push(at.departmentList(at.list(rule.allowDeptIds.map(nameOf))));
      if (rule.allowUserids.length > 0) extra.push(at.peopleCount(rule.allowUserids.length));
    }
    return <p className={styles.itemText}>{[at.audience[rule.audience], ...extra].join(' · ')}</p>;
  };

  return (
    <CrudSection<VisibilityRule>
      description={at.visibilityDescription}
      addLabel={at.addRule}
      emptyText={at.noRules}
      load={load}
      keyOf={(rule) => String(rule.deptId)}
      titleOf={titleOf}
      summaryOf={summaryOf}
      remove={(rule) => api.admin.deleteVisibilityRule(rule.deptId)}
      renderForm={(rule, done) => <VisibilityRuleForm rule={rule} done={done} />}
    />
  );
}
