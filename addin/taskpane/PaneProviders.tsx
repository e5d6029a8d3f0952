import { FluentProvider, makeStyles, tokens, webDarkTheme, webLightTheme } from '@fluentui/react-components';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { BridgeApi } from '../api/bridge-api.js';
import { I18nProvider } from '../i18n/i18n-context.js';
import { pickLocale } from '../i18n/locale.js';
import type { HostTheme, OfficeHost } from '../office/host.js';
import { ServicesProvider, type Services } from './services.js';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    minHeight: '100%',
    boxSizing: 'border-box',
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorNeutralForeground1,
  },
});

/** A host that can tell when Outlook's theme changes (OfficeThemeChanged, Mailbox 1.14; the dev host). */
interface ThemeAwareHost {
  onThemeChanged(listener: () => void): () => void;
}

function isThemeAware(host: OfficeHost): host is OfficeHost & ThemeAwareHost {
  return typeof (host as Partial<ThemeAwareHost>).onThemeChanged === 'function';
}

function useHostTheme(host: OfficeHost): HostTheme {
  const [theme, setTheme] = useState<HostTheme>(() => host.theme());
  useEffect(() => {
    setTheme(host.theme());
    return isThemeAware(host) ? host.onThemeChanged(() => setTheme(host.theme())) : undefined;
  }, [host]);
  return theme;
}

export interface PaneProvidersProps {
  host: OfficeHost;
  api: BridgeApi;
  /** the clock for relative times; tests pin it */
  now?: () => number;
  children: ReactNode;
}

/**
 * Everything a view needs around it: Fluent in Outlook's theme, the string table of Outlook's display
 * language (also set as `lang`), and the host and backend. The pane and the component tests both use it.
 */
export function PaneProviders({ host, api, now = Date.now, children }: PaneProvidersProps) {
  const styles = useStyles();
  const locale = pickLocale(host.displayLanguage());
  const theme = useHostTheme(host);
  const services = useMemo<Services>(() => ({ host, api, now }), [host, api, now]);
  return (
    // why: FluentProvider copies its className onto popup portals (which would then cover the page), so the
    // pane's layout lives on an inner element; the page template gives the provider the full height
    <FluentProvider theme={theme === 'dark' ? webDarkTheme : webLightTheme} lang={locale}>
      <div className={styles.root}>
        <I18nProvider locale={locale}>
          <ServicesProvider services={services}>{children}</ServicesProvider>
        </I18nProvider>
      </div>
    </FluentProvider>
  );
}
