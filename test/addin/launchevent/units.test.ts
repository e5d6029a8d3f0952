import assert from 'node:assert/strict';
import { resolveBackendOrigin } from '../../../addin/launchevent/backend-origin.js';
import { withDeadline } from '../../../addin/launchevent/deadline.js';
import { clip, DIALOG_MAX, sendText } from '../../../addin/launchevent/messages.js';
import { MAX_RECIPIENTS } from '../../../addin/launchevent/recipient-check.js';
import { localeOf, stringsFor } from '../../../addin/launchevent/strings.js';
import { MAX_RECIPIENTS as API_MAX_RECIPIENTS, type RecipientWarning } from '../../../shared/recipients-api.js';

describe('addin/launchevent (small parts)', () => {
  it('maps Outlook display languages to the three locales', () => {
    const cases: Array<[string, string]> = [
      ['zh-CN', 'zh-CN'], ['zh-cn', 'zh-CN'], ['zh-SG', 'zh-CN'], ['zh-Hans', 'zh-CN'], ['zh', 'zh-CN'],
      ['zh-HK', 'zh-HK'], ['zh-TW', 'zh-HK'], ['zh-MO', 'zh-HK'], ['zh-Hant-HK', 'zh-HK'],
      ['en-US', 'en-US'], ['en-GB', 'en-US'], ['ja-JP', 'en-US'], ['', 'en-US'], ['zu-ZA', 'en-US'],
    ];
    for (const [language, locale] of cases) assert.equal(localeOf(language), locale, language);
  });

  it('keeps every locale\'s button label within 20 characters and its notes within 150', () => {
    for (const language of ['en-US', 'zh-CN', 'zh-HK']) {
      const strings = stringsFor(language);
      assert.ok(strings.cancelLabel.length > 0 && strings.cancelLabel.length <= 20, language);
      for (const reason of [{ kind: 'timeout' }, { kind: 'network' }, { kind: 'unauthorized' }, { kind: 'status', status: 502 }, { kind: 'bad-response' }, { kind: 'no-backend' }, { kind: 'recipients-unreadable' }] as const) {
        const text = strings.unavailable(reason);
        assert.ok(text.length <= 150, `${language} ${reason.kind}: ${text}`);
      }
    }
  });

  it('lists at most four lookalikes in the dialog, counts the rest, and stays within 500 characters', () => {
    const warnings = Array.from({ length: 6 }, (_, i): RecipientWarning => ({
      address: `user${i}@examp1e.com`,
      reason: 'domain-lookalike',
      resembles: i === 5 ? null : { email: `user${i}@example.com`, name: `Person ${i}`, userid: `u${i}` },
      resemblesDomain: 'example.com',
      detail: '',
    }));
    const text = sendText(stringsFor('en-US'), warnings);
    assert.equal(text.split('\n').length, 6);
    assert.match(text, /user3@examp1e\.com looks like user3@example\.com \(Person 3\)\n…and 2 more\.\nIt may be a typo\. Send anyway\?$/);
    assert.equal(text.includes('user4'), false);
    const long = sendText(stringsFor('en-US'), warnings.map((w) => ({ ...w, address: `${'x'.repeat(200)}@examp1e.com` })));
    assert.ok(long.length <= DIALOG_MAX);
    assert.match(sendText(stringsFor('en-US'), [warnings[5]!]), /^user5@examp1e\.com is at a domain that looks like example\.com\n/);
  });

  it('clips to a UTF-16 length without splitting a character', () => {
    assert.equal(clip('abc', 3), 'abc');
    assert.equal(clip('abcd', 3), 'ab…');
    const emoji = '😀😀😀'; // two UTF-16 units each
    assert.equal(clip(emoji, 4), '😀…');
    assert.ok(clip('张'.repeat(200), 150).length <= 150);
  });

  it('finds the backend origin from the page, else from the build constant', () => {
    assert.equal(resolveBackendOrigin({ pageOrigin: 'https://bridge.example.com', builtIn: 'https://other.example.com' }), 'https://bridge.example.com');
    assert.equal(resolveBackendOrigin({ builtIn: 'https://bridge.example.com/' }), 'https://bridge.example.com');
    assert.equal(resolveBackendOrigin({ pageOrigin: 'null', builtIn: 'https://bridge.example.com' }), 'https://bridge.example.com');
    assert.equal(resolveBackendOrigin({ pageOrigin: 'null' }), null);
    assert.equal(resolveBackendOrigin({}), null);
  });

  it('withDeadline returns the result in time, or "timed-out" and aborts', async () => {
    assert.equal(await withDeadline(1000, async () => 42), 42);
    let seen: AbortSignal | undefined;
    const started = Date.now();
    const late = await withDeadline(20, (signal) => {
      seen = signal;
      return new Promise<number>(() => undefined);
    });
    assert.equal(late, 'timed-out');
    assert.equal(seen?.aborted, true);
    assert.ok(Date.now() - started < 1000);
    await assert.rejects(withDeadline(1000, () => Promise.reject(new Error('boom'))), /boom/);
  });

  it('sends no more recipients than the API accepts', () => {
    assert.equal(MAX_RECIPIENTS, API_MAX_RECIPIENTS);
  });
});
