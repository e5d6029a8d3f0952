import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { Formatters, stringsFor, type LocaleId, type Strings } from './locale.js';

export interface I18n {
  locale: LocaleId;
  t: Strings;
  format: Formatters;
}

const I18nContext = createContext<I18n | null>(null);

export interface I18nProviderProps {
  locale: LocaleId;
  children: ReactNode;
}

/** Provides the string table and formatters of one locale to the pane. */
export function I18nProvider({ locale, children }: I18nProviderProps) {
  const value = useMemo<I18n>(() => ({ locale, t: stringsFor(locale), format: new Formatters(locale) }), [locale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (value === null) throw new Error('useI18n() needs an <I18nProvider> above it');
  return value;
}
