import { makeStyles, shorthands, Spinner, tokens, useArrowNavigationGroup } from '@fluentui/react-components';
import type { SearchResult } from '../../../shared/directory-api.js';
import { useI18n } from '../../i18n/i18n-context.js';
import type { SearchState } from '../hooks/use-directory-search.js';
import { ErrorNotice } from './ErrorNotice.js';
import { PersonRow } from './PersonRow.js';
import { bareList } from './shared-styles.js';

/** results of the previous query stay visible, dimmed, while the next ones load */
const BUSY_OPACITY = 0.6;

const useStyles = makeStyles({
  list: { ...bareList },
  button: {
    display: 'block',
    width: '100%',
    textAlign: 'start',
    border: `${tokens.strokeWidthThin} solid transparent`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: 'transparent',
    color: tokens.colorNeutralForeground1,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalS}`,
    cursor: 'pointer',
    ':hover': { backgroundColor: tokens.colorSubtleBackgroundHover },
    ':active': { backgroundColor: tokens.colorSubtleBackgroundPressed },
    ':focus-visible': {
      outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}`,
      outlineOffset: `calc(${tokens.strokeWidthThick} * -1)`,
    },
    '@media (forced-colors: active)': {
      color: 'ButtonText',
      ':hover': { ...shorthands.borderColor('Highlight') },
      ':focus-visible': { outlineColor: 'Highlight' },
    },
  },
  busy: { opacity: BUSY_OPACITY },
  message: {
    color: tokens.colorNeutralForeground2,
    padding: `${tokens.spacingVerticalS} 0`,
  },
});

export interface SearchResultsProps {
  state: SearchState;
  onOpen: (person: SearchResult) => void;
  onRetry: () => void;
}

/** The result list: one button per person (Enter opens the card), arrow keys move between them. */
export function SearchResults({ state, onOpen, onRetry }: SearchResultsProps) {
  const styles = useStyles();
  const { t } = useI18n();
  const arrows = useArrowNavigationGroup({ axis: 'vertical', memorizeCurrent: true });
  if (state.status === 'error') return <ErrorNotice error={state.error} onRetry={onRetry} />;
  if (state.status === 'loading' && state.results.length === 0) return <Spinner size="tiny" label={t.searching} />;
  if (state.status === 'done' && state.results.length === 0) return <p className={styles.message}>{t.noResults(state.query)}</p>;
  return (
    <ul {...arrows} className={styles.list} aria-label={t.resultsLabel} aria-busy={state.status === 'loading'}>
      {state.results.map((person) => (
        <li key={person.userid} className={state.status === 'loading' ? styles.busy : undefined}>
          <button type="button" className={styles.button} data-userid={person.userid} onClick={() => onOpen(person)}>
            <PersonRow person={person} frequent={person.frequent} />
          </button>
        </li>
      ))}
    </ul>
  );
}
