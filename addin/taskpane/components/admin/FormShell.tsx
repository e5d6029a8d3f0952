import { Button, Spinner, useId } from '@fluentui/react-components';
import { useEffect, useRef, type FormEvent, type ReactNode } from 'react';
import { useAdminStrings } from '../../../i18n/use-admin-strings.js';
import { AdminErrorNotice } from './AdminErrorNotice.js';
import { useAdminStyles } from './admin-styles.js';

export interface FormShellProps {
  heading: string;
  busy: boolean;
  /** the failure of the last save; the fields keep what was entered */
  error: unknown;
  onSubmit: () => void;
  onCancel: () => void;
  /** h4 inside an admin section (h3); h3 inside the contact card (h2) */
  headingLevel?: 'h3' | 'h4';
  children: ReactNode;
}

/**
 * The frame of every admin form: a heading that takes focus when the form opens (so screen readers
 * land in it), the save error, the fields, Save and Cancel.
 */
export function FormShell({ heading, busy, error, onSubmit, onCancel, headingLevel: Heading = 'h4', children }: FormShellProps) {
  const at = useAdminStrings();
  const styles = useAdminStyles();
  const headingId = useId('admin-form');
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);

  const submit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    if (!busy) onSubmit();
  };

  return (
    <form className={styles.stack} aria-labelledby={headingId} onSubmit={submit} noValidate>
      <Heading id={headingId} ref={headingRef} tabIndex={-1} className={styles.formHeading}>
        {heading}
      </Heading>
      {error !== null && <AdminErrorNotice error={error} inputKept />}
      {children}
      <div className={styles.row}>
        <Button type="submit" appearance="primary" disabled={busy} icon={busy ? <Spinner size="extra-tiny" /> : null}>
          {busy ? at.saving : at.save}
        </Button>
        <Button type="button" onClick={onCancel}>
          {at.cancel}
        </Button>
      </div>
    </form>
  );
}
