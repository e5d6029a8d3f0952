import { tokens, type GriffelStyle } from '@fluentui/react-components';

/**
 * Style blocks several views share, spread into their own makeStyles so each view keeps its class
 * names: a bare vertical list, and the bordered card its rows use.
 */
export const bareList: GriffelStyle = {
  listStyleType: 'none',
  margin: 0,
  padding: 0,
  display: 'flex',
  flexDirection: 'column',
};

export const spacedList: GriffelStyle = { ...bareList, gap: tokens.spacingVerticalS };

export const outlinedCard: GriffelStyle = {
  display: 'flex',
  flexDirection: 'column',
  gap: tokens.spacingVerticalXS,
  padding: tokens.spacingVerticalS,
  borderRadius: tokens.borderRadiusMedium,
  border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
};
