import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { uuidV7Ids } from '../../src/engine/record-ids';

/** A version 7 UUID, lower case: version nibble 7, variant bits 10. */
const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The 48-bit timestamp at the head of an id. */
const timestampOf = (id: string) => Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16);

/** A clock that reads the given times in turn (the last one from then on). */
function steps(times: readonly number[]): () => number {
  let i = 0;
  return () => times[Math.min(i++, times.length - 1)]!;
}

const T0 = Date.parse('2026-03-02T01:00:00Z');

describe('uuidV7Ids', () => {
  it('makes version 7 UUIDs whose timestamp is the clock', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 48 - 1 }), (ms) => {
        const id = uuidV7Ids(() => ms)();
        expect(id).toMatch(V7);
        expect(timestampOf(id)).toBe(ms);
      }),
    );
  });

  it('reads a clock before the epoch as the epoch, and refuses what is not a 48-bit time', () => {
    expect(timestampOf(uuidV7Ids(() => -5)())).toBe(0);
    expect(() => uuidV7Ids(() => Number.NaN)()).toThrow(RangeError);
    expect(() => uuidV7Ids(() => 1.5)()).toThrow(RangeError);
    expect(() => uuidV7Ids(() => 2 ** 48)()).toThrow(RangeError);
  });

  it('makes ids in increasing order as the clock goes on, stands still or steps back ≤ 10 s', () => {
    // Each reading is at most 10 s before the latest one seen so far.
    const deltas = fc.array(fc.integer({ min: -10_000, max: 3 }), { minLength: 1, maxLength: 300 });
    fc.assert(
      fc.property(deltas, (ds) => {
        let latest = T0;
        const times = ds.map((d) => {
          const t = latest + d;
          latest = Math.max(latest, t);
          return t;
        });
        const next = uuidV7Ids(steps(times));
        let previous = '';
        let latestSeen = Number.NEGATIVE_INFINITY;
        for (const t of times) {
          const id = next();
          latestSeen = Math.max(latestSeen, t);
          expect(id).toMatch(V7);
          expect(id > previous).toBe(true);
          // A step back keeps the latest timestamp.
          expect(timestampOf(id)).toBe(latestSeen);
          previous = id;
        }
      }),
    );
  });

  it('keeps the order within one millisecond and across pages of random bytes', () => {
    const next = uuidV7Ids(() => T0);
    const ids = Array.from({ length: 5_000 }, next);
    for (let i = 1; i < ids.length; i++) expect(ids[i]! > ids[i - 1]!).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(timestampOf(id)).toBe(T0);
  });

  it('keeps the previous timestamp when the clock steps back up to 10 s, and starts again after', () => {
    const next = uuidV7Ids(steps([T0, T0 - 10_000, T0 - 10_001]));
    const [a, b, c] = [next(), next(), next()];
    expect(timestampOf(a)).toBe(T0);
    expect(timestampOf(b)).toBe(T0);
    expect(b > a).toBe(true);
    expect(timestampOf(c)).toBe(T0 - 10_001);
  });

  it('makes unique ids, also from generators sharing a clock', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 500 }), (gens, n) => {
        const all = Array.from({ length: gens }, () => uuidV7Ids(() => T0)).flatMap((g) =>
          Array.from({ length: n }, g),
        );
        expect(new Set(all).size).toBe(all.length);
      }),
      { numRuns: 50 },
    );
  });

  it('gives flat strings of 36 characters', () => {
    const id = uuidV7Ids(() => T0)();
    expect(id).toHaveLength(36);
    expect(typeof id).toBe('string');
  });
});
