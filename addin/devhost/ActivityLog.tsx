import { makeStyles, tokens, typographyStyles } from '@fluentui/react-components';
import type { FakeActivity } from '../office/fake-host.js';

const useStyles = makeStyles({
  heading: { ...typographyStyles.subtitle2, margin: 0 },
  list: { margin: 0, paddingInlineStart: tokens.spacingHorizontalXL, ...typographyStyles.caption1 },
  empty: { ...typographyStyles.caption1, color: tokens.colorNeutralForeground3, margin: 0 },
});

export interface ActivityLogProps {
  activity: readonly FakeActivity[];
}

function describe(entry: FakeActivity): string {
  const names = (list: Array<{ email: string; name?: string }>): string => list.map((r) => r.name ?? r.email).join(', ');
  switch (entry.kind) {
    case 'new-message':
      return `Outlook would open a new message to ${names(entry.to)}`;
    case 'reply':
      return `Outlook would open a ${entry.all ? 'reply-all' : 'reply'} to “${entry.subject}”`;
    case 'recipients-added':
      return `Added ${names(entry.recipients)} to ${entry.field.toUpperCase()} of the draft`;
  }
}

/** What the pane asked Outlook to do, newest first: forms Outlook would open have no other trace here. */
export function ActivityLog({ activity }: ActivityLogProps) {
  const styles = useStyles();
  return (
    <section aria-label="Outlook activity">
      <h2 className={styles.heading}>Outlook activity</h2>
      {activity.length === 0 ? (
        <p className={styles.empty}>Nothing yet.</p>
      ) : (
        <ol className={styles.list} aria-live="polite">
          {[...activity].reverse().map((entry) => (
            <li key={entry.seq}>{describe(entry)}</li>
          ))}
        </ol>
      )}
    </section>
  );
}
