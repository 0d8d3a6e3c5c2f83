import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quotaPeriod } from '../../src/engine/sample-quota';

const DAY = 86_400_000;
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);

describe('quota periods', () => {
  it('a month is the local year-month', () => {
    expect(quotaPeriod('2026-03-31', 'month')).toBe('2026-03');
    expect(quotaPeriod('2026-04-01', 'month')).toBe('2026-04');
  });

  it('ISO weeks: 2026-01-01 (Thursday) is in 2026-W01, 2027-01-01 (Friday) in 2026-W53', () => {
    expect(quotaPeriod('2026-01-01', 'week')).toBe('2026-W01');
    expect(quotaPeriod('2025-12-29', 'week')).toBe('2026-W01');
    expect(quotaPeriod('2027-01-01', 'week')).toBe('2026-W53');
    expect(quotaPeriod('2027-01-04', 'week')).toBe('2027-W01');
  });

  it('a week key holds Monday to Sunday and changes from Sunday to Monday (property)', () => {
    const start = Date.UTC(2000, 0, 3); // a Monday
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3000 }), (week) => {
        const monday = start + week * 7 * DAY;
        const key = quotaPeriod(iso(monday), 'week');
        for (let d = 1; d < 7; d++) expect(quotaPeriod(iso(monday + d * DAY), 'week')).toBe(key);
        expect(quotaPeriod(iso(monday + 7 * DAY), 'week')).not.toBe(key);
        expect(quotaPeriod(iso(monday - DAY), 'week')).not.toBe(key);
      }),
    );
  });
});
