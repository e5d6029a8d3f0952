import { Button, Field, Input } from '@fluentui/react-components';
import { Search20Regular } from '@fluentui/react-icons/svg/search';
import { useState, type FormEvent } from 'react';
import { useAdminStrings } from '../../../i18n/use-admin-strings.js';
import { useAdminStyles } from './admin-styles.js';
import { datesReversed, EMPTY_AUDIT_FILTER, type AuditFilterDraft } from './audit-filter.js';

export interface AuditFiltersProps {
  onSearch: (draft: AuditFilterDraft) => void;
}

/** Who, what, which target and which days; applied only on Search so typing does not query each key. */
export function AuditFilters({ onSearch }: AuditFiltersProps) {
  const at = useAdminStrings();
  const styles = useAdminStyles();
  const [draft, setDraft] = useState<AuditFilterDraft>(EMPTY_AUDIT_FILTER);
  const reversed = datesReversed(draft);
  const set = (key: keyof AuditFilterDraft) => (_event: unknown, data: { value: string }) => setDraft((previous) => ({ ...previous, [key]: data.value }));

  const submit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    if (!reversed) onSearch(draft);
  };

  return (
    <form className={styles.stack} aria-label={at.auditFilters} onSubmit={submit} noValidate>
      <Field label={at.actor}>
        <Input value={draft.actor} onChange={set('actor')} />
      </Field>
      <Field label={at.action}>
        <Input value={draft.action} onChange={set('action')} />
      </Field>
      <Field label={at.target}>
        <Input value={draft.target} onChange={set('target')} />
      </Field>
      <div className={styles.row}>
        <Field label={at.from}>
          <Input type="date" value={draft.from} onChange={set('from')} />
        </Field>
        <Field label={at.to} {...(reversed ? { validationMessage: at.dateOrder, validationState: 'error' as const } : {})}>
          <Input type="date" value={draft.to} onChange={set('to')} />
        </Field>
      </div>
      <Button className={styles.start} type="submit" appearance="primary" icon={<Search20Regular />} disabled={reversed}>
        {at.search}
      </Button>
    </form>
  );
}
