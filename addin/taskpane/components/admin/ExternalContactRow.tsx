import { Button, Field, Input, makeStyles, tokens } from '@fluentui/react-components';
import { Delete20Regular } from '@fluentui/react-icons/svg/delete';
import { useAdminStrings } from '../../../i18n/use-admin-strings.js';
import { useAdminStyles } from './admin-styles.js';
import { draftProblems, EXTERNAL_FIELD_MAX, EXTERNAL_FIELDS, type ExternalContactDraft, type ExternalField } from './external-contact-drafts.js';

const INPUT_TYPE: Record<ExternalField, 'text' | 'email' | 'tel'> = { name: 'text', email: 'email', company: 'text', title: 'text', mobile: 'tel' };

const useStyles = makeStyles({
  fields: {
    display: 'grid',
    // why: two columns when the pane is wide enough, one in the narrow Outlook pane
    gridTemplateColumns: 'repeat(auto-fill, minmax(12em, 1fr))',
    gap: tokens.spacingVerticalS,
  },
});

export interface ExternalContactRowProps {
  draft: ExternalContactDraft;
  /** 1-based, for the row's label */
  position: number;
  /** id of the name input, so the editor can move the focus into a new row */
  nameInputId: string;
  showErrors: boolean;
  onChange: (draft: ExternalContactDraft) => void;
  onRemove: () => void;
}

/** One external contact of an address book: name (required), e-mail, company, title, mobile. */
export function ExternalContactRow({ draft, position, nameInputId, showErrors, onChange, onRemove }: ExternalContactRowProps) {
  const at = useAdminStrings();
  const styles = useAdminStyles();
  const own = useStyles();
  const problems = draftProblems(draft);
  const errorOf = (field: ExternalField): string | null => {
    if (!showErrors) return null;
    if (field === 'name' && problems.nameMissing) return at.required;
    if (field === 'email' && problems.emailInvalid) return at.externalEmailInvalid;
    return null;
  };
  const label = at.externalRow(position);

  return (
    <fieldset className={styles.group}>
      <legend className={styles.legend}>{label}</legend>
      <div className={own.fields}>
        {EXTERNAL_FIELDS.map((field) => {
          const error = errorOf(field);
          return (
            <Field key={field} label={at.externalField[field]} required={field === 'name'} {...(error === null ? {} : { validationMessage: error, validationState: 'error' as const })}>
              <Input
                {...(field === 'name' ? { id: nameInputId } : {})}
                type={INPUT_TYPE[field]}
                value={draft[field]}
                maxLength={EXTERNAL_FIELD_MAX[field]}
                onChange={(_event, data) => onChange({ ...draft, [field]: data.value })}
              />
            </Field>
          );
        })}
      </div>
      <Button type="button" className={styles.start} size="small" icon={<Delete20Regular />} onClick={onRemove}>
        {at.removeExternal(draft.name.trim() === '' ? label : draft.name.trim())}
      </Button>
    </fieldset>
  );
}
