import assert from 'node:assert/strict';
import fc from 'fast-check';
import { canonicalJson } from '../../../server/audit/canonical-json.js';

/** Rebuilds every object with its keys in a shuffled order (same value, different insertion order). */
function reorder(value: unknown, seed: number): unknown {
  if (Array.isArray(value)) return value.map((item, i) => reorder(item, seed + i));
  if (typeof value !== 'object' || value === null) return value;
  const keys = Object.keys(value);
  const shuffled = keys.map((k, i) => [k, ((i + 1) * 2654435761 + seed) % 1009] as const).sort((a, b) => a[1] - b[1]);
  const out: Record<string, unknown> = {};
  for (const [k] of shuffled) out[k] = reorder((value as Record<string, unknown>)[k], seed + 7);
  return out;
}

describe('server/audit/canonical-json', () => {
  it('does not depend on key order (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer({ min: 0, max: 1000 }), (value, seed) => {
        assert.equal(canonicalJson(reorder(value, seed)), canonicalJson(value));
      }),
    );
  });

  it('is valid JSON for the same value and stable through a parse (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        assert.deepEqual(JSON.parse(text), JSON.parse(JSON.stringify(value)));
        assert.equal(canonicalJson(JSON.parse(text)), text);
      }),
    );
  });

  it('sorts keys at every depth and drops undefined properties', () => {
    assert.equal(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: undefined } }), '{"a":{"d":[3,{"y":2,"z":1}]},"b":1}');
  });

  it('refuses values JSON would silently change', () => {
    assert.throws(() => canonicalJson({ n: Number.NaN }), TypeError);
    assert.throws(() => canonicalJson({ n: 1n }), TypeError);
    assert.throws(() => canonicalJson(undefined), TypeError);
  });
});
