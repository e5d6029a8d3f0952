/**
 * Copies text. The async Clipboard API can be refused inside Outlook's iframe (no clipboard-write
 * permission delegated to the add-in frame), so fall back to a selected textarea + execCommand.
 */
export async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    return;
  } catch {
    // fall through to the legacy path
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.append(area);
  area.select();
  try {
    // why: deprecated but still the only synchronous copy path where the Clipboard API is blocked
    const ok = document.execCommand('copy');
    if (!ok) throw new Error('copy was refused');
  } finally {
    area.remove();
  }
}
