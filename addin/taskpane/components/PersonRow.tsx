import { Avatar, Badge, makeStyles, mergeClasses, tokens, typographyStyles } from '@fluentui/react-components';
import type { PersonSummary } from '../../../shared/directory-api.js';
import { useI18n } from '../../i18n/i18n-context.js';
import { avatarProps } from '../initials.js';

const useStyles = makeStyles({
  row: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalM,
    minWidth: 0,
  },
  text: {
    display: 'flex',
    flexDirection: 'column',
    minWidth: 0,
  },
  nameLine: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    ...typographyStyles.body1Strong,
  },
  secondary: {
    ...typographyStyles.caption1,
    color: tokens.colorNeutralForeground2,
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
  },
});

export interface PersonRowProps {
  person: PersonSummary;
  frequent?: boolean;
  className?: string;
}

/** Avatar (photo or initials), name, title · company · department and e-mail: one person in a list. */
export function PersonRow({ person, frequent = false, className }: PersonRowProps) {
  const styles = useStyles();
  const { t } = useI18n();
  const department = person.departments.map((d) => d.name).join('、');
  // an external contact has no departments; their company takes that place
  const subtitle = [person.title, person.company, department].filter((part) => part !== undefined && part !== '').join(' · ');
  const external = person.external === true;
  return (
    <span className={mergeClasses(styles.row, className)}>
      <Avatar name={person.name} {...avatarProps(person.name)} {...(person.avatar === undefined ? {} : { image: { src: person.avatar, alt: '' } })} size={32} aria-hidden />
      <span className={styles.text}>
        <span className={styles.nameLine}>
          <span>{person.name}</span>
          {person.englishName !== undefined && <span className={styles.secondary}>{person.englishName}</span>}
          {external && (
            <Badge appearance="outline" color="informative" size="small">
              {t.external}
            </Badge>
          )}
          {frequent && (
            <Badge appearance="tint" color="brand" size="small">
              {t.frequent}
            </Badge>
          )}
        </span>
        {subtitle !== '' && <span className={styles.secondary}>{subtitle}</span>}
        {person.email !== undefined && <span className={styles.secondary}>{person.email}</span>}
      </span>
    </span>
  );
}
