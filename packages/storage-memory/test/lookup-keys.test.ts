import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LookupKeys } from '../src/lookup-keys';

const KEYS = ['phone:+8613800000001', 'phone:+8613800000002', 'name:张三', 'name:张三丰', 'vin:L1'];

/** replace(id, before, after) where `before` is what the model holds for the id. */
const op = fc.record({
  id: fc.constantFrom('c1', 'c2', 'c3'),
  keys: fc.subarray(KEYS),
});

describe('LookupKeys', () => {
  it('agrees with a plain map of sets on every exact and prefix lookup', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const index = new LookupKeys();
        const model = new Map<string, readonly string[]>();
        for (const { id, keys } of ops) {
          index.replace(id, model.get(id), keys);
          model.set(id, keys);
        }
        const expected = (match: (k: string) => boolean) =>
          [...model].filter(([, keys]) => keys.some(match)).map(([id]) => id);
        for (const key of KEYS) {
          expect([...index.find(key, false)].sort()).toEqual(expected((k) => k === key).sort());
        }
        for (const prefix of ['phone:', 'name:张三', 'vin:', 'x']) {
          expect([...index.find(prefix, true)].sort()).toEqual(
            expected((k) => k.startsWith(prefix)).sort(),
          );
        }
      }),
    );
  });
});
