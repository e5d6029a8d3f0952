/** `PersonOverlayInput.tags` limits (shared/admin-api.ts). */
export const TAG_MAX_LENGTH = 32;
export const TAGS_MAX = 20;

/** Splits what was typed into tags: by ASCII or Chinese commas and 、, trimmed, empty and repeated ones dropped. */
export function parseTags(text: string): string[] {
  return [...new Set(text.split(/[,，、]/).map((tag) => tag.trim()).filter((tag) => tag !== ''))];
}

export function formatTags(tags: readonly string[], separator = ', '): string {
  return tags.join(separator);
}
