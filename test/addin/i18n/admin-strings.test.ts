import assert from 'node:assert/strict';
import { adminStringsFor } from '../../../addin/i18n/use-admin-strings.js';

/** Every key of a (nested) string table, as dotted paths. */
function keys(table: object, prefix = ''): string[] {
  return Object.entries(table)
    .flatMap(([key, value]) => (typeof value === 'object' && value !== null ? keys(value as object, `${prefix}${key}.`) : [`${prefix}${key}`]))
    .sort();
}

describe('admin strings', () => {
  it('has every string in every locale, nested tables included', () => {
    const english = keys(adminStringsFor('en-US'));
    for (const locale of ['zh-CN', 'zh-HK'] as const) assert.deepEqual(keys(adminStringsFor(locale)), english, locale);
  });

  it('writes simplified and traditional Chinese differently', () => {
    assert.notEqual(adminStringsFor('zh-CN').sections.audit, adminStringsFor('zh-HK').sections.audit);
    assert.equal(adminStringsFor('zh-HK').field.email, '電郵');
  });

  it('joins lists the way each language does', () => {
    assert.equal(adminStringsFor('en-US').list(['A', 'B']), 'A, B');
    assert.equal(adminStringsFor('zh-CN').list(['销售部', '人力资源部']), '销售部、人力资源部');
  });
});
