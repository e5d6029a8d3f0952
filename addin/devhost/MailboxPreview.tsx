import { Caption1, makeStyles, mergeClasses, Radio, RadioGroup, Tag, TagGroup, tokens, typographyStyles, useId } from '@fluentui/react-components';
import type { FakeMailboxState, FakeOfficeHost, FakeSelection } from '../office/fake-host.js';
import type { Recipient, RecipientField } from '../office/host.js';

const FIELD_LABEL: Record<RecipientField, string> = { to: 'To', cc: 'Cc', bcc: 'Bcc' };
const FIELDS: readonly RecipientField[] = ['to', 'cc', 'bcc'];

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalL,
    minWidth: 0,
  },
  item: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalL,
    borderRadius: tokens.borderRadiusLarge,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  selected: {
    border: `${tokens.strokeWidthThick} solid ${tokens.colorBrandStroke1}`,
    '@media (forced-colors: active)': { border: `${tokens.strokeWidthThick} solid Highlight` },
  },
  label: { ...typographyStyles.caption1Strong, color: tokens.colorNeutralForeground3, textTransform: 'uppercase' },
  subject: { ...typographyStyles.subtitle2, margin: 0 },
  meta: { ...typographyStyles.caption1, color: tokens.colorNeutralForeground2 },
  body: { ...typographyStyles.body1, whiteSpace: 'pre-wrap', margin: 0 },
  field: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    alignItems: 'center',
    columnGap: tokens.spacingHorizontalM,
    minHeight: tokens.lineHeightBase500,
  },
  fieldName: { ...typographyStyles.body1Strong },
  empty: { color: tokens.colorNeutralForeground3 },
});

function address(recipient: Recipient): string {
  return recipient.name === undefined ? recipient.email : `${recipient.name} <${recipient.email}>`;
}

export interface MailboxPreviewProps {
  host: FakeOfficeHost;
  state: FakeMailboxState;
}

/**
 * The simulated mailbox next to the pane: which item is selected, the received message, and the
 * draft whose To/Cc/Bcc change as the pane adds recipients (removable like Outlook's chips).
 */
export function MailboxPreview({ host, state }: MailboxPreviewProps) {
  const styles = useStyles();
  const readId = useId('read-item');
  const draftId = useId('draft-item');
  const { readItem, composeItem, selected } = state;
  return (
    <div className={styles.root}>
      <RadioGroup
        layout="horizontal"
        aria-label="Selected Outlook item"
        value={selected}
        onChange={(_event, data) => host.select(data.value as FakeSelection)}
      >
        <Radio value="read" label="Received message (read mode)" />
        <Radio value="compose" label="Draft (compose mode)" />
        <Radio value="none" label="Nothing selected" />
      </RadioGroup>

      <section aria-labelledby={readId} className={mergeClasses(styles.item, selected === 'read' && styles.selected)}>
        <span className={styles.label}>Received message</span>
        <h2 id={readId} className={styles.subject}>
          {readItem.subject}
        </h2>
        <span className={styles.meta}>
          From {address(readItem.from)} · To {readItem.to.map(address).join(', ')} · {new Date(readItem.receivedAt).toLocaleString()}
        </span>
        <Caption1 className={styles.meta}>Message-ID {readItem.internetMessageId}</Caption1>
        <p className={styles.body}>{readItem.body}</p>
      </section>

      <section aria-labelledby={draftId} className={mergeClasses(styles.item, selected === 'compose' && styles.selected)}>
        <span className={styles.label}>Draft</span>
        {FIELDS.map((field) => (
          <div key={field} className={styles.field}>
            <span className={styles.fieldName} id={`${draftId}-${field}`}>
              {FIELD_LABEL[field]}
            </span>
            {composeItem[field].length === 0 ? (
              <span className={styles.empty}>(empty)</span>
            ) : (
              <TagGroup
                aria-labelledby={`${draftId}-${field}`}
                dismissible
                size="small"
                onDismiss={(_event, data) => host.removeRecipient(field, String(data.value))}
              >
                {composeItem[field].map((recipient) => (
                  <Tag key={recipient.email} value={recipient.email} dismissIcon={{ 'aria-label': `Remove ${recipient.email}` }}>
                    {address(recipient)}
                  </Tag>
                ))}
              </TagGroup>
            )}
          </div>
        ))}
        <h2 id={draftId} className={styles.subject}>
          {composeItem.subject}
        </h2>
      </section>
    </div>
  );
}
