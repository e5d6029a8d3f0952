import { makeStyles, tokens, typographyStyles } from '@fluentui/react-components';
import { outlinedCard, spacedList } from '../shared-styles.js';

/** Layout shared by the mail sync parts of the Sync status view; every value is a theme token. */
export const useMailStyles = makeStyles({
  stack: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
  },
  heading: { ...typographyStyles.subtitle2, margin: 0 },
  subheading: { ...typographyStyles.body1Strong, margin: 0 },
  muted: { ...typographyStyles.caption1, color: tokens.colorNeutralForeground2, margin: 0 },
  start: { alignSelf: 'flex-start' },
  list: { ...spacedList },
  card: { ...outlinedCard },
  head: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: tokens.spacingHorizontalS,
  },
  name: { ...typographyStyles.body1Strong, overflowWrap: 'anywhere' },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: tokens.spacingHorizontalM,
    margin: 0,
    ...typographyStyles.caption1,
  },
  pair: { display: 'contents' },
  term: { color: tokens.colorNeutralForeground2 },
  value: { margin: 0, overflowWrap: 'anywhere' },
  events: {
    margin: 0,
    paddingInlineStart: tokens.spacingHorizontalL,
    ...typographyStyles.caption1,
  },
  danger: {
    color: tokens.colorStatusDangerForeground1,
    '@media (forced-colors: active)': { color: 'CanvasText' },
  },
  code: { fontFamily: tokens.fontFamilyMonospace, overflowWrap: 'anywhere' },
});
