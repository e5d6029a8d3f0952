/** CJK Unified Ideographs (with extension A and compatibility ideographs). */
const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
const MAX_CJK_INITIALS = 2;

/**
 * Initials for an avatar without a photo. Fluent's own initials only handle Latin-script names (a
 * Chinese name gets a generic person icon), so Chinese names follow DingTalk's convention instead:
 * the last two characters (the given name), or the whole name when it is two characters or fewer.
 * Returns undefined for other names so Fluent computes them.
 */
export function avatarInitials(name: string): string | undefined {
  const compact = name.replace(/\s+/g, '');
  if (!CJK.test(compact)) return undefined;
  const chars = [...compact];
  return chars.slice(-MAX_CJK_INITIALS).join('');
}

/** Avatar props carrying the initials when we compute them ourselves (spread into <Avatar>). */
export function avatarProps(name: string): { initials?: string } {
  const initials = avatarInitials(name);
  return initials === undefined ? {} : { initials };
}
