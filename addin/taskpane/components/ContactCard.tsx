import { Avatar, Badge, Button, makeStyles, MessageBar, MessageBarBody, Spinner, tokens, typographyStyles, useId } from '@fluentui/react-components';
import { ArrowLeft20Regular } from '@fluentui/react-icons/svg/arrow-left';
import { PersonEdit20Regular } from '@fluentui/react-icons/svg/person-edit';
import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import type { PersonDetail, PersonSummary } from '../../../shared/directory-api.js';
import { ApiError, isAbortError } from '../../api/api-error.js';
import type { MailItemInfo } from '../../office/host.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { avatarProps } from '../initials.js';
import { useDirectoryChanges } from '../hooks/use-directory-changes.js';
import { usePermissions } from '../permissions.js';
import { useServices } from '../services.js';
import { ContactActions } from './ContactActions.js';
import { ErrorNotice } from './ErrorNotice.js';

const AVATAR_SIZE = 56;

// why: only HR editors open it; it loads with the admin code, not with the pane
const PersonOverlayForm = lazy(() => import(/* webpackChunkName: "admin-person-form" */ './admin/PersonOverlayForm.js'));

const useStyles = makeStyles({
  card: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
  },
  back: { alignSelf: 'flex-start' },
  editPerson: { alignSelf: 'flex-start' },
  header: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalM,
  },
  heading: {
    ...typographyStyles.subtitle1,
    margin: 0,
    ':focus-visible': { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}` },
    '@media (forced-colors: active)': { ':focus-visible': { outlineColor: 'Highlight' } },
  },
  subtitle: {
    ...typographyStyles.body1,
    color: tokens.colorNeutralForeground2,
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
  },
  fields: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: tokens.spacingHorizontalM,
    rowGap: tokens.spacingVerticalXS,
    margin: 0,
  },
  pair: { display: 'contents' },
  term: {
    ...typographyStyles.caption1Strong,
    color: tokens.colorNeutralForeground2,
  },
  value: {
    ...typographyStyles.body1,
    margin: 0,
    overflowWrap: 'anywhere',
  },
});

export interface ContactCardProps {
  summary: PersonSummary;
  item: MailItemInfo | null;
  onBack: () => void;
  announce: (message: string) => void;
  /** the address book the person was found in; absent = the viewer's default directory */
  book?: string | undefined;
}

type CardStatus = 'loading' | 'ready' | 'error' | 'removed';

/** The contact card: the summary at once, the full detail when it arrives, kept current by live changes. */
export function ContactCard({ summary, item, onBack, announce, book }: ContactCardProps) {
  const styles = useStyles();
  const { t } = useI18n();
  const { api } = useServices();
  const heading = useRef<HTMLHeadingElement>(null);
  const [detail, setDetail] = useState<PersonDetail | null>(null);
  const [status, setStatus] = useState<CardStatus>('loading');
  const [error, setError] = useState<unknown>(null);
  const [generation, setGeneration] = useState(0);
  const [editing, setEditing] = useState(false);
  // why an id, not a ref: Fluent's Button types its ref as never under React 19's types
  const editButtonId = useId('edit-person');
  const wasEditing = useRef(false);
  const canEditPeople = usePermissions()?.canEditPeople === true;

  useEffect(() => {
    // why: the closed form took the focus with it; keyboard users continue from the button that opened it
    if (wasEditing.current && !editing) document.getElementById(editButtonId)?.focus();
    wasEditing.current = editing;
  }, [editing, editButtonId]);

  useEffect(() => {
    heading.current?.focus();
  }, [summary.userid]);

  useEffect(() => {
    const controller = new AbortController();
    api.person(summary.userid, { signal: controller.signal, ...(book === undefined ? {} : { book }) }).then(
      (person) => {
        setDetail(person);
        setStatus('ready');
      },
      (failure: unknown) => {
        if (isAbortError(failure)) return;
        if (failure instanceof ApiError && failure.kind === 'not-found') {
          setStatus('removed');
          return;
        }
        setError(failure);
        setStatus('error');
      },
    );
    return () => controller.abort();
  }, [api, summary.userid, book, generation]);

  useDirectoryChanges(api, (change) => {
    if (change.userid !== summary.userid) return;
    if (change.kind === 'person.removed') setStatus('removed');
    else if (change.kind === 'person.upserted') setGeneration((n) => n + 1);
  });

  const person: PersonSummary & Partial<PersonDetail> = detail ?? summary;
  // why the summary too: the search result says so even if the detail left the flag out
  const external = summary.external === true || person.external === true;
  const paths = detail !== null ? detail.departmentPaths.map((path) => path.map((d) => d.name).join(' / ')) : summary.departments.map((d) => d.name);
  const fields: Array<[string, string | undefined]> = [
    [t.email, person.email],
    [t.orgEmail, person.orgEmail !== person.email ? person.orgEmail : undefined],
    [t.mobile, person.mobile],
    [t.telephone, person.telephone],
    [t.company, person.company],
    [t.department, paths.length > 0 ? paths.join('\n') : undefined],
    [t.jobNumber, person.jobNumber],
    [t.workPlace, person.workPlace],
  ];

  return (
    <section className={styles.card} aria-label={t.cardLabel(person.name)}>
      <Button className={styles.back} appearance="subtle" icon={<ArrowLeft20Regular />} onClick={onBack}>
        {t.back}
      </Button>
      <div className={styles.header}>
        <Avatar name={person.name} {...avatarProps(person.name)} size={AVATAR_SIZE} {...(person.avatar === undefined ? {} : { image: { src: person.avatar, alt: '' } })} aria-hidden />
        <div>
          <h2 ref={heading} tabIndex={-1} className={styles.heading}>
            {person.name}
          </h2>
          <div className={styles.subtitle}>
            {person.englishName !== undefined && <span>{person.englishName}</span>}
            {person.title !== undefined && <span>{person.title}</span>}
            {external && (
              <Badge appearance="outline" color="informative" size="small">
                {t.external}
              </Badge>
            )}
            {person.leader === true && (
              <Badge appearance="outline" size="small">
                {t.leader}
              </Badge>
            )}
          </div>
        </div>
      </div>
      {status === 'loading' && <Spinner size="tiny" label={t.loading} />}
      {status === 'removed' && (
        <MessageBar intent="warning">
          <MessageBarBody>{t.personRemoved}</MessageBarBody>
        </MessageBar>
      )}
      {status === 'error' && <ErrorNotice error={error} onRetry={() => setGeneration((n) => n + 1)} />}
      <dl className={styles.fields}>
        {fields
          .filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '')
          .map(([term, value]) => (
            <div key={term} className={styles.pair}>
              <dt className={styles.term}>{term}</dt>
              <dd className={styles.value}>
                {value.split('\n').map((line) => (
                  <div key={line}>{line}</div>
                ))}
              </dd>
            </div>
          ))}
      </dl>
      {/* HR details (tags, note, shown numbers) belong to DingTalk people; an external contact is edited in its address book */}
      {canEditPeople && !external && status !== 'removed' && !editing && (
        <Button id={editButtonId} className={styles.editPerson} icon={<PersonEdit20Regular />} onClick={() => setEditing(true)}>
          {t.editPerson}
        </Button>
      )}
      {editing && (
        <Suspense fallback={<Spinner size="tiny" label={t.loading} />}>
          <PersonOverlayForm
            userid={person.userid}
            name={person.name}
            announce={announce}
            onClose={(saved) => {
              setEditing(false);
              // why: what the HR fields change (e.g. a hidden mobile) is decided by the server; ask it again
              if (saved) setGeneration((n) => n + 1);
            }}
          />
        </Suspense>
      )}
      <ContactActions
        userid={person.userid}
        name={person.name}
        email={person.email}
        mobile={person.mobile}
        external={external}
        item={item}
        removed={status === 'removed'}
        announce={announce}
      />
    </section>
  );
}
