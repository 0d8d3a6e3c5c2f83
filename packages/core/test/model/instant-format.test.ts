import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatInstant } from '../../src/model/instant-format';
import { toInstant } from '../../src/model/primitives';

const MAX_DATE_MS = 8.64e15;

describe('formatInstant', () => {
  it('writes exactly what Date#toISOString writes, across the whole Date range', () => {
    fc.assert(
      fc.property(fc.integer({ min: -MAX_DATE_MS, max: MAX_DATE_MS }), (ms) => {
        expect(formatInstant(ms)).toBe(new Date(ms).toISOString());
      }),
      { numRuns: 20_000 },
    );
  });

  it('agrees with Date for any sequence of instants (the remembered day never leaks)', () => {
    const near = fc.integer({ min: 0, max: 4 * 86_400_000 }).map((d) => Date.UTC(2026, 1, 27) + d);
    fc.assert(
      fc.property(
        fc.array(fc.oneof(near, fc.integer({ min: 0, max: 253_402_300_799_999 }))),
        (all) => {
          for (const ms of all) expect(formatInstant(ms)).toBe(new Date(ms).toISOString());
        },
      ),
    );
  });

  it('handles the edges: epoch, leap days, the last millisecond of 9999, fractions, -0', () => {
    const edges = [
      0,
      -0,
      -1,
      Date.UTC(2024, 1, 29, 23, 59, 59, 999),
      Date.UTC(2000, 1, 29),
      Date.UTC(2100, 2, 1),
      253_402_300_799_999,
      253_402_300_800_000,
      1.5,
      Date.UTC(2026, 1, 10, 1, 30) + 0.25,
    ];
    for (const ms of edges) expect(formatInstant(ms)).toBe(new Date(ms).toISOString());
  });

  it('throws as Date does for what is not an instant', () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, MAX_DATE_MS + 1]) {
      expect(() => formatInstant(bad)).toThrow(RangeError);
      expect(() => toInstant(bad)).toThrow(RangeError);
    }
  });
});
