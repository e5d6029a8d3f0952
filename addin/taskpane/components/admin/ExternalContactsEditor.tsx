import { Button, useId } from '@fluentui/react-components';
import { Add20Regular } from '@fluentui/react-icons/svg/add';
import { useEffect, useRef } from 'react';
import { useAdminStrings } from '../../../i18n/use-admin-strings.js';
import { useAdminStyles } from './admin-styles.js';
import { ExternalContactRow } from './ExternalContactRow.js';
import { emptyDraft, EXTERNAL_CONTACTS_MAX, type ExternalContactDraft } from './external-contact-drafts.js';

export interface ExternalContactsEditorProps {
  value: ExternalContactDraft[];
  onChange: (drafts: ExternalContactDraft[]) => void;
  showErrors: boolean;
}

/** The people outside the organisation an address book holds: add and remove rows, edit them in place. */
export function ExternalContactsEditor({ value, onChange, showErrors }: ExternalContactsEditorProps) {
  const at = useAdminStrings();
  const styles = useAdminStyles();
  const baseId = useId('external-contact');
  const addButtonId = `${baseId}-add`;
  const hintId = `${baseId}-hint`;
  const nameInputId = (key: number): string => `${baseId}-${key}-name`;
  // where the focus goes after the next render: a new row's name, or back to Add after a removal
  const focusNext = useRef<string | null>(null);
  const full = value.length >= EXTERNAL_CONTACTS_MAX;

  useEffect(() => {
    if (focusNext.current === null) return;
    document.getElementById(focusNext.current)?.focus();
    focusNext.current = null;
  }, [value]);

  const add = (): void => {
    const draft = emptyDraft();
    focusNext.current = nameInputId(draft.key);
    onChange([...value, draft]);
  };

  const remove = (key: number): void => {
    focusNext.current = addButtonId;
    onChange(value.filter((draft) => draft.key !== key));
  };

  return (
    <fieldset className={styles.group} aria-describedby={hintId}>
      <legend className={styles.legend}>{at.bookExternal}</legend>
      <p id={hintId} className={styles.muted}>
        {full ? at.externalLimit(EXTERNAL_CONTACTS_MAX) : at.bookExternalHint}
      </p>
      {value.map((draft, index) => (
        <ExternalContactRow
          key={draft.key}
          draft={draft}
          position={index + 1}
          nameInputId={nameInputId(draft.key)}
          showErrors={showErrors}
          onChange={(changed) => onChange(value.map((d) => (d.key === changed.key ? changed : d)))}
          onRemove={() => remove(draft.key)}
        />
      ))}
      <Button type="button" id={addButtonId} className={styles.start} icon={<Add20Regular />} disabled={full} onClick={add}>
        {at.addExternal}
      </Button>
    </fieldset>
  );
}
