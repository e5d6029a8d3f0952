import { Button, Spinner } from '@fluentui/react-components';
import { ArrowDownload20Regular } from '@fluentui/react-icons/svg/arrow-download';
import { useEffect, useState } from 'react';
import type { AuditEntryView } from '../../../../shared/admin-api.js';
import type { AuditFilter } from '../../../api/admin-api.js';
import { isAbortError } from '../../../api/api-error.js';
import { useI18n } from '../../../i18n/i18n-context.js';
import { useAdminStrings } from '../../../i18n/use-admin-strings.js';
import { saveTextFile } from '../../save-file.js';
import { useServices } from '../../services.js';
import { AdminErrorNotice } from './AdminErrorNotice.js';
import { useAdminStyles } from './admin-styles.js';
import { toAuditFilter, type AuditFilterDraft } from './audit-filter.js';
import { AuditFilters } from './AuditFilters.js';
import { AuditTable } from './AuditTable.js';
import { useSubmit } from './use-submit.js';

export const AUDIT_PAGE_SIZE = 50;
export const AUDIT_CSV_FILE = 'audit-log.csv';
/** why: Excel opens a CSV without a byte-order mark in the system code page, which garbles Chinese names */
const UTF8_BOM = '\uFEFF';

interface Page {
  status: 'loading' | 'ready' | 'error';
  entries: AuditEntryView[];
  nextBeforeSeq: number | null;
  error: unknown;
}

/**
 * The audit log: filters, the newest entries, "Load more" for older ones, and a CSV export of the
 * filters the list was loaded with (not of half-typed ones).
 */
export function AuditLog() {
  const { t } = useI18n();
  const at = useAdminStrings();
  const styles = useAdminStyles();
  const { api } = useServices();
  const [filter, setFilter] = useState<AuditFilter>({});
  const [generation, setGeneration] = useState(0);
  const [page, setPage] = useState<Page>({ status: 'loading', entries: [], nextBeforeSeq: null, error: null });
  const more = useSubmit();
  const csv = useSubmit();
  const [announcement, setAnnouncement] = useState('');

  useEffect(() => {
    const controller = new AbortController();
    setPage((previous) => ({ ...previous, status: 'loading', error: null }));
    api.admin.auditLog({ ...filter, limit: AUDIT_PAGE_SIZE }, { signal: controller.signal }).then(
      (answer) => setPage({ status: 'ready', entries: answer.entries, nextBeforeSeq: answer.nextBeforeSeq, error: null }),
      (error: unknown) => {
        if (!isAbortError(error)) setPage({ status: 'error', entries: [], nextBeforeSeq: null, error });
      },
    );
    return () => controller.abort();
  }, [api, filter, generation]);

  const search = (draft: AuditFilterDraft): void => {
    setAnnouncement('');
    setFilter(toAuditFilter(draft));
    setGeneration((n) => n + 1);
  };

  const loadMore = (beforeSeq: number): void => {
    void more.run(async () => {
      const answer = await api.admin.auditLog({ ...filter, limit: AUDIT_PAGE_SIZE, beforeSeq });
      setPage((previous) => ({ ...previous, entries: [...previous.entries, ...answer.entries], nextBeforeSeq: answer.nextBeforeSeq }));
    });
  };

  const exportCsv = (): void => {
    void csv.run(async () => {
      const text = await api.admin.auditCsv(filter);
      saveTextFile(AUDIT_CSV_FILE, text.startsWith(UTF8_BOM) ? text : UTF8_BOM + text, 'text/csv;charset=utf-8');
      setAnnouncement(at.exported(AUDIT_CSV_FILE));
    });
  };

  return (
    <div className={styles.stack}>
      <p className={styles.muted}>{at.auditDescription}</p>
      <AuditFilters onSearch={search} />
      <div className={styles.row}>
        <Button icon={csv.busy ? <Spinner size="extra-tiny" /> : <ArrowDownload20Regular />} disabled={csv.busy} onClick={exportCsv}>
          {at.exportCsv}
        </Button>
        <span className={styles.muted}>{at.csvNote}</span>
      </div>
      <div role="status" className={announcement === '' ? styles.visuallyHidden : styles.itemText}>
        {announcement}
      </div>
      {csv.error !== null && <AdminErrorNotice error={csv.error} />}
      {page.status === 'error' && <AdminErrorNotice error={page.error} onRetry={() => setGeneration((n) => n + 1)} />}
      {page.status === 'loading' && <Spinner size="tiny" label={t.loading} />}
      {page.status === 'ready' && page.entries.length === 0 && <p className={styles.itemText}>{at.noEntries}</p>}
      {page.entries.length > 0 && <AuditTable entries={page.entries} />}
      {more.error !== null && <AdminErrorNotice error={more.error} />}
      {page.status === 'ready' && page.nextBeforeSeq !== null && (
        <Button className={styles.start} disabled={more.busy} onClick={() => page.nextBeforeSeq !== null && loadMore(page.nextBeforeSeq)}>
          {more.busy ? t.loading : at.loadMore}
        </Button>
      )}
    </div>
  );
}
