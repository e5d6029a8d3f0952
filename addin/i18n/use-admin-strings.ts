import { adminEnUS } from './admin-en-us.js';
import type { AdminStrings } from './admin-strings.js';
import { adminZhCN } from './admin-zh-cn.js';
import { adminZhHK } from './admin-zh-hk.js';
import { useI18n } from './i18n-context.js';
import type { LocaleId } from './strings.js';

export type { AdminStrings } from './admin-strings.js';

const TABLES: Record<LocaleId, AdminStrings> = { 'zh-CN': adminZhCN, 'zh-HK': adminZhHK, 'en-US': adminEnUS };

export function adminStringsFor(locale: LocaleId): AdminStrings {
  return TABLES[locale];
}

/** The admin string table of the pane's locale (imported only by the lazily loaded admin code). */
export function useAdminStrings(): AdminStrings {
  return adminStringsFor(useI18n().locale);
}
