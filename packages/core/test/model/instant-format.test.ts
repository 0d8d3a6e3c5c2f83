import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatInstant, parseInstant } from '../../src/model/instant-format';
import { toEpoch, toInstant } from '../../src/model/primitives';

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

describe('parseInstant', () => {
  it('reads back every instant toInstant writes', () => {
    fc.assert(
      fc.property(fc.integer({ min: -MAX_DATE_MS, max: MAX_DATE_MS }), (ms) => {
        expect(parseInstant(toInstant(ms))).toBe(ms);
        expect(toEpoch(toInstant(ms))).toBe(ms);
      }),
      { numRuns: 20_000 },
    );
  });

  it('answers as Date.parse for text of the stored shape, valid or not (30 Feb, hour 24, 99)', () => {
    const two = fc.integer({ min: 0, max: 99 }).map((n) => String(n).padStart(2, '0'));
    const field = (digits: number) =>
      fc.oneof(
        fc.integer({ min: 0, max: 10 ** digits - 1 }).map((n) => String(n).padStart(digits, '0')),
        fc.string({ minLength: digits, maxLength: digits }),
      );
    const shaped = fc
      .tuple(field(4), two, two, two, two, two, field(3))
      .map(([y, mo, d, h, mi, s, ms]) => `${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}Z`);
    fc.assert(
      fc.property(shaped, (text) => {
        expect(Object.is(parseInstant(text), Date.parse(text))).toBe(true);
      }),
      { numRuns: 20_000 },
    );
  });

  it('leaves every other text to Date.parse', () => {
    const others = [
      '2026-02-10T09:30:00+08:00',
      '2026-02-10',
      '2026-02-10T01:30:00Z',
      '+275760-09-13T00:00:00.000Z',
      '2026-02-29T00:00:00.000Z',
      '2024-02-29T00:00:00.000Z',
      '2026-03-02T24:00:00.000Z',
      '',
    ];
    for (const text of others) expect(Object.is(parseInstant(text), Date.parse(text))).toBe(true);
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect(Object.is(parseInstant(text), Date.parse(text))).toBe(true);
      }),
    );
  });
});
