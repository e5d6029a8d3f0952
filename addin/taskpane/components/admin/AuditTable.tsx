import { makeStyles, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, tokens } from '@fluentui/react-components';
import type { AuditEntryView } from '../../../../shared/admin-api.js';
import { useI18n } from '../../../i18n/i18n-context.js';
import { useAdminStrings } from '../../../i18n/use-admin-strings.js';

const useStyles = makeStyles({
  // why: four columns in a ~320 px pane; long e-mails and targets wrap instead of widening the table
  cell: { overflowWrap: 'anywhere', verticalAlign: 'top', paddingBlock: tokens.spacingVerticalXS },
});

export interface AuditTableProps {
  entries: AuditEntryView[];
}

/** Audit entries, newest first, as the server returned them. */
export function AuditTable({ entries }: AuditTableProps) {
  const styles = useStyles();
  const { format } = useI18n();
  const at = useAdminStrings();
  return (
    <Table size="extra-small" aria-label={at.auditEntries}>
      <TableHeader>
        <TableRow>
          <TableHeaderCell>{at.time}</TableHeaderCell>
          <TableHeaderCell>{at.actor}</TableHeaderCell>
          <TableHeaderCell>{at.action}</TableHeaderCell>
          <TableHeaderCell>{at.target}</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {entries.map((entry) => (
          <TableRow key={entry.seq}>
            <TableCell className={styles.cell}>{format.dateTime(entry.at)}</TableCell>
            <TableCell className={styles.cell}>{entry.actor}</TableCell>
            <TableCell className={styles.cell}>{entry.action}</TableCell>
            <TableCell className={styles.cell}>{entry.target}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
