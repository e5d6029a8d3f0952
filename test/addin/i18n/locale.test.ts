import assert from 'node:assert/strict';
import { Formatters, pickLocale, stringsFor } from '../../../addin/i18n/locale.js';

describe('pickLocale', () => {
  it('maps Hong Kong, Taiwan, Macau and Hant to traditional Chinese', () => {
    for (const tag of ['zh-HK', 'zh-TW', 'zh-MO', 'zh-Hant', 'zh-Hant-TW', 'zh_hk', 'ZH-tw']) assert.equal(pickLocale(tag), 'zh-HK', tag);
  });

  it('maps other Chinese to simplified, and everything else to English', () => {
    for (const tag of ['zh-CN', 'zh', 'zh-SG', 'zh-Hans-CN']) assert.equal(pickLocale(tag), 'zh-CN', tag);
    for (const tag of ['en-US', 'en-GB', 'ja-JP', 'fr', '']) assert.equal(pickLocale(tag), 'en-US', tag);
  });

  it('has every string in every locale', () => {
    const keys = Object.keys(stringsFor('en-US')).sort();
    for (const locale of ['zh-CN', 'zh-HK'] as const) assert.deepEqual(Object.keys(stringsFor(locale)).sort(), keys, locale);
    assert.notEqual(stringsFor('zh-HK').searchLabel, stringsFor('zh-CN').searchLabel);
  });
});

describe('Formatters', () => {
  it('formats relative times and durations for the locale', () => {
    const now = Date.UTC(2026, 10, 21, 12);
    const en = new Formatters('en-US');
    assert.equal(en.relative(now - 5 * 60_000, now), '5 minutes ago');
    assert.equal(en.relative(now - 26 * 3600_000, now), 'yesterday');
    assert.equal(en.duration(29), '29 sec');
    assert.equal(en.duration(7200), '2 hr');
    assert.equal(new Formatters('zh-CN').relative(now - 5 * 60_000, now), '5分钟前');
  });
});
