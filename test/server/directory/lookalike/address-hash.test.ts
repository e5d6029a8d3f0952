import assert from 'node:assert/strict';
import fc from 'fast-check';
import { exactKey, someOneEditKey } from '../../../../server/directory/lookalike/address-hash.js';
import { withinOneEdit } from '../../../../server/directory/lookalike/edit-distance.js';
import { HashMultimap } from '../../../../server/directory/lookalike/hash-multimap.js';

/** Every string one edit away from `local` over `alphabet`, built the slow, obvious way. */
function oneEditVariants(local: string, alphabet: string): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i < local.length; i++) {
    out.add(local.slice(0, i) + local.slice(i + 1));
    if (i + 1 < local.length) out.add(local.slice(0, i) + local[i + 1] + local[i] + local.slice(i + 2));
    for (const c of alphabet) out.add(local.slice(0, i) + c + local.slice(i + 1));
  }
  for (let i = 0; i <= local.length; i++) for (const c of alphabet) out.add(local.slice(0, i) + c + local.slice(i));
  out.delete(local);
  return out;
}

describe('server/directory/lookalike/address-hash', () => {
  it('property: the rolling variant keys are exactly the keys of the one-edit variants', () => {
    const alphabet = 'abz19.';
    const codes = [...alphabet].map((c) => c.charCodeAt(0));
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...alphabet, 'é', 'а'), maxLength: 9 }), fc.constantFrom('x.cn', 'dingdemo.example.com'), (local, domain) => {
        const expected = new Set([...oneEditVariants(local, alphabet)].map((variant) => exactKey(variant, domain)));
        const produced = new Set<number>();
        someOneEditKey(local, domain, codes, (key) => {
          produced.add(key);
          return false;
        });
        produced.delete(exactKey(local, domain)); // a swap of equal letters or a same-letter insertion may reproduce the query
        assert.deepEqual([...produced].sort(), [...expected].sort());
      }),
      { numRuns: 300 },
    );
  });

  it('stops as soon as the visitor says so', () => {
    let calls = 0;
    const stopped = someOneEditKey('zhangsan', 'x.cn', [97, 98], () => ++calls === 3);
    assert.equal(stopped, true);
    assert.equal(calls, 3);
  });

  it('withinOneEdit agrees with the variant definition', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'b', 'c'), maxLength: 6 }), fc.string({ unit: fc.constantFrom('a', 'b', 'c'), maxLength: 6 }), (a, b) => {
        assert.equal(withinOneEdit(a, b), a === b || oneEditVariants(a, 'abc').has(b), `${a} / ${b}`);
      }),
      { numRuns: 500 },
    );
  });
});

describe('server/directory/lookalike/hash-multimap', () => {
  it('property: behaves like a map of hash → set of ids through adds, deletes and rehashes', () => {
    // few hashes and ids, so deletes hit, chains share slots and deleted slots sit inside probe runs
    const hash = fc.oneof(fc.integer({ min: -3, max: 3 }), fc.integer({ min: 16, max: 19 }));
    const op = fc.record({ kind: fc.constantFrom('add' as const, 'add' as const, 'delete' as const), hash, id: fc.nat(6) });
    fc.assert(
      fc.property(fc.array(op, { minLength: 10, maxLength: 400, size: 'max' }), (ops) => {
        const table = new HashMultimap(16);
        const model = new Map<number, Map<number, number>>(); // hash → id → multiplicity
        for (const { kind, hash, id } of ops) {
          const ids = model.get(hash) ?? new Map<number, number>();
          model.set(hash, ids);
          if (kind === 'add') {
            table.add(hash, id);
            ids.set(id, (ids.get(id) ?? 0) + 1);
          } else {
            const had = (ids.get(id) ?? 0) > 0;
            assert.equal(table.delete(hash, id), had);
            if (had) ids.set(id, (ids.get(id) ?? 1) - 1);
          }
        }
        let total = 0;
        for (const [hash, ids] of model) {
          const seen = new Map<number, number>();
          table.some(hash, (id) => {
            seen.set(id, (seen.get(id) ?? 0) + 1);
            return false;
          });
          const expected = new Map([...ids].filter(([, n]) => n > 0));
          assert.deepEqual(seen, expected);
          for (const n of expected.values()) total += n;
        }
        assert.equal(table.size, total);
      }),
      { numRuns: 200 },
    );
  });
});
