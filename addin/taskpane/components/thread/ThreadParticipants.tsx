import { Avatar, Link, makeStyles, tokens } from '@fluentui/react-components';
import type { ThreadParticipant } from '../../../../shared/addin-api.js';
import { avatarProps } from '../../initials.js';

const PARTICIPANT_AVATAR_SIZE = 24;

const useStyles = makeStyles({
  people: {
    listStyleType: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalS,
  },
  person: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalXS,
  },
});

/** A participant who is in the DingTalk directory, so their contact card can be opened. */
export type DirectoryParticipant = ThreadParticipant & { userid: string };

export interface ThreadParticipantsProps {
  participants: ThreadParticipant[];
  /** id of the heading that names the list */
  labelledBy: string;
  onOpenCard: (person: DirectoryParticipant) => void;
}

function inDirectory(person: ThreadParticipant): person is DirectoryParticipant {
  return person.userid !== undefined && person.userid !== '';
}

/** The thread's people; those with a DingTalk userid are links that open their contact card. */
export function ThreadParticipants({ participants, labelledBy, onOpenCard }: ThreadParticipantsProps) {
  const styles = useStyles();
  return (
    <ul className={styles.people} aria-labelledby={labelledBy}>
      {participants.map((person) => (
        <li key={person.userid ?? person.email ?? person.name} className={styles.person}>
          <Avatar name={person.name} {...avatarProps(person.name)} size={PARTICIPANT_AVATAR_SIZE} aria-hidden />
          {inDirectory(person) ? (
            // why a button-link: it opens the card inside the pane (as the directory does), it navigates nowhere
            <Link as="button" data-userid={person.userid} onClick={() => onOpenCard(person)}>
              {person.name}
            </Link>
          ) : (
            <span>{person.name}</span>
          )}
        </li>
      ))}
    </ul>
  );
}
