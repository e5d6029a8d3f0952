import { Checkbox, Field, Input, Spinner, Textarea } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { PersonOverlay, PersonOverlayInput } from '../../../../shared/admin-api.js';
import { isAbortError } from '../../../api/api-error.js';
import { useI18n } from '../../../i18n/i18n-context.js';
import { useAdminStrings } from '../../../i18n/use-admin-strings.js';
import { useServices } from '../../services.js';
import { AdminErrorNotice } from './AdminErrorNotice.js';
import { FormShell } from './FormShell.js';
import { formatTags, parseTags, TAG_MAX_LENGTH, TAGS_MAX } from './overlay-tags.js';
import { useSubmit } from './use-submit.js';

/** `PersonOverlayInput.note` maxLength (shared/admin-api.ts) */
const NOTE_MAX = 500;

export interface PersonOverlayFormProps {
  userid: string;
  name: string;
  /** called after a save (with `saved` true) or on Cancel */
  onClose: (saved: boolean) => void;
  announce: (message: string) => void;
}

/**
 * The HR editor's fields of one person (`/api/admin/people/:userid/overlay`): tags, a note and whether
 * their mobile and phone numbers are shown. Opened from the contact card.
 */
export function PersonOverlayForm({ userid, name, onClose, announce }: PersonOverlayFormProps) {
  const { t } = useI18n();
  const at = useAdminStrings();
  const { api } = useServices();
  const [loaded, setLoaded] = useState<{ overlay: PersonOverlay | null; error: unknown }>({ overlay: null, error: null });
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setLoaded({ overlay: null, error: null });
    api.admin.personOverlay(userid, { signal: controller.signal }).then(
      (overlay) => setLoaded({ overlay, error: null }),
      (error: unknown) => {
        if (!isAbortError(error)) setLoaded({ overlay: null, error });
      },
    );
    return () => controller.abort();
  }, [api, userid, generation]);

  if (loaded.error !== null) return <AdminErrorNotice error={loaded.error} onRetry={() => setGeneration((n) => n + 1)} />;
  if (loaded.overlay === null) return <Spinner size="tiny" label={t.loading} />;
  return (
    <OverlayFields
      key={userid}
      userid={userid}
      heading={at.overlayHeading(name)}
      initial={loaded.overlay}
      onSaved={() => {
        announce(at.overlaySaved(name));
        onClose(true);
      }}
      onCancel={() => onClose(false)}
    />
  );
}

interface OverlayFieldsProps {
  userid: string;
  heading: string;
  initial: PersonOverlayInput;
  onSaved: () => void;
  onCancel: () => void;
}

function OverlayFields({ userid, heading, initial, onSaved, onCancel }: OverlayFieldsProps) {
  const { locale } = useI18n();
  const at = useAdminStrings();
  const { api } = useServices();
  const submit = useSubmit();
  const [tagText, setTagText] = useState(formatTags(initial.tags, locale === 'en-US' ? ', ' : '，'));
  const [note, setNote] = useState(initial.note);
  const [showMobile, setShowMobile] = useState(initial.showMobile);
  const [showTelephone, setShowTelephone] = useState(initial.showTelephone);
  const tags = parseTags(tagText);
  const tagProblem = tags.some((tag) => tag.length > TAG_MAX_LENGTH) ? at.tagTooLong(TAG_MAX_LENGTH) : tags.length > TAGS_MAX ? at.tooManyTags(TAGS_MAX) : null;

  const save = async (): Promise<void> => {
    if (tagProblem !== null) return;
    const input: PersonOverlayInput = { tags, note: note.trim(), showMobile, showTelephone };
    if (await submit.run(() => api.admin.putPersonOverlay(userid, input))) onSaved();
  };

  return (
    <FormShell heading={heading} headingLevel="h3" busy={submit.busy} error={submit.error} onSubmit={() => void save()} onCancel={onCancel}>
      <Field label={at.tags} hint={at.tagsHint} {...(tagProblem === null ? {} : { validationMessage: tagProblem, validationState: 'error' as const })}>
        <Input value={tagText} onChange={(_event, data) => setTagText(data.value)} />
      </Field>
      <Field label={at.note}>
        <Textarea value={note} maxLength={NOTE_MAX} resize="vertical" onChange={(_event, data) => setNote(data.value)} />
      </Field>
      <Checkbox label={at.showMobile} checked={showMobile} onChange={(_event, data) => setShowMobile(data.checked === true)} />
      <Checkbox label={at.showTelephone} checked={showTelephone} onChange={(_event, data) => setShowTelephone(data.checked === true)} />
    </FormShell>
  );
}

export default PersonOverlayForm;
