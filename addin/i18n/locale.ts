import { enUS } from './en-us.js';
import type { LocaleId, Strings } from './strings.js';
import { zhCN } from './zh-cn.js';
import { zhHK } from './zh-hk.js';

export type { LocaleId, Strings } from './strings.js';

const TABLES: Record<LocaleId, Strings> = { 'zh-CN': zhCN, 'zh-HK': zhHK, 'en-US': enUS };

/** Regions whose Chinese is written in traditional characters. */
const TRADITIONAL_REGIONS = new Set(['hk', 'tw', 'mo']);

/**
 * Maps Outlook's display language (a BCP-47 tag such as zh-CN, zh-HK, zh-Hant-TW, en-GB) to a shipped
 * locale: Hong Kong, Taiwan, Macau and any `Hant` script → traditional; other Chinese → simplified;
 * everything else → English.
 */
export function pickLocale(tag: string): LocaleId {
  const parts = tag.trim().toLowerCase().replace(/_/g, '-').split('-');
  if (parts[0] !== 'zh') return 'en-US';
  const rest = parts.slice(1);
  if (rest.includes('hant') || rest.some((part) => TRADITIONAL_REGIONS.has(part))) return 'zh-HK';
  return 'zh-CN';
}

export function stringsFor(locale: LocaleId): Strings {
  return TABLES[locale];
}

const SECOND = 1;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Locale-aware number, date and duration formatting for the pane (all through `Intl`). */
export class Formatters {
  readonly #relative: Intl.RelativeTimeFormat;
  readonly #number: Intl.NumberFormat;
  readonly #dateTime: Intl.DateTimeFormat;
  readonly #units: Record<'second' | 'minute' | 'hour' | 'day', Intl.NumberFormat>;

  constructor(readonly locale: LocaleId) {
    this.#relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
    this.#number = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
    this.#dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
    const unit = (name: 'second' | 'minute' | 'hour' | 'day'): Intl.NumberFormat =>
      new Intl.NumberFormat(locale, { style: 'unit', unit: name, unitDisplay: 'short', maximumFractionDigits: 0 });
    this.#units = { second: unit('second'), minute: unit('minute'), hour: unit('hour'), day: unit('day') };
  }

  number(value: number): string {
    return this.#number.format(value);
  }

  dateTime(epochMs: number): string {
    return this.#dateTime.format(epochMs);
  }

  /** "3 minutes ago", "yesterday"; `now` is a parameter so callers and tests control the clock */
  relative(epochMs: number, now: number): string {
    const seconds = Math.round((epochMs - now) / 1000);
    const abs = Math.abs(seconds);
    if (abs < MINUTE) return this.#relative.format(seconds, 'second');
    if (abs < HOUR) return this.#relative.format(Math.round(seconds / MINUTE), 'minute');
    if (abs < DAY) return this.#relative.format(Math.round(seconds / HOUR), 'hour');
    return this.#relative.format(Math.round(seconds / DAY), 'day');
  }

  /** A duration in the largest sensible unit: "45 sec", "12 min", "3 hr", "2 days" */
  duration(totalSeconds: number): string {
    const abs = Math.max(0, totalSeconds);
    if (abs < MINUTE) return this.#units.second.format(Math.round(abs));
    if (abs < HOUR) return this.#units.minute.format(Math.round(abs / MINUTE));
    if (abs < DAY) return this.#units.hour.format(Math.round(abs / HOUR));
    return this.#units.day.format(Math.round(abs / DAY));
  }
}
