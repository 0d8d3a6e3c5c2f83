/**
 * Windows of duties on the real 2026 China calendar (issue 15): calendar windows (`opensAfter` /
 * `dueAfter` in days, weeks, months) and working days before the anchor (`fromWorkingDay: -1`,
 * "the day before" an appointment [003]).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addPeriod,
  type CalendarPeriod,
  chinaCalendar,
  createBusinessCalendar,
  nthWorkingDayBefore,
  resolveCalendarWindow,
  resolveWindow,
  startOfLocalDate,
} from '../../src';
import { ZONES } from './calendar-arbitraries';

const cal = chinaCalendar();
/** A plain Monday–Friday calendar over the years the dates below fall in. */
const chinaLike = {
  weekly: {
    mon: [{ start: '09:00', end: '17:00' }],
    tue: [{ start: '09:00', end: '17:00' }],
    wed: [{ start: '09:00', end: '17:00' }],
    thu: [{ start: '09:00', end: '17:00' }],
    fri: [{ start: '09:00', end: '17:00' }],
  },
  years: { from: 2025, to: 2028 },
};
const DAY = 86_400_000;
/** Instants from 1 January to 30 November 2026 (covered by the notice), any minute. */
const anchor = fc.integer({
  min: Date.parse('2026-01-01T00:00:00+08:00'),
  max: Date.parse('2026-11-30T00:00:00+08:00'),
});
const period: fc.Arbitrary<CalendarPeriod> = fc.oneof(
  fc.integer({ min: -30, max: 30 }).map((days) => ({ days })),
  fc.integer({ min: -4, max: 4 }).map((weeks) => ({ weeks })),
  fc.integer({ min: -3, max: 3 }).map((months) => ({ months })),
);

describe('calendar arithmetic', () => {
  it('months keep the day, clamped to the month end', () => {
    expect(addPeriod('2026-01-31', { months: 1 })).toBe('2026-02-28');
    expect(addPeriod('2028-01-31', { months: 1 })).toBe('2028-02-29');
    expect(addPeriod('2026-03-02', { months: 3 })).toBe('2026-06-02');
    expect(addPeriod('2026-03-02', { weeks: -1 })).toBe('2026-02-23');
    expect(addPeriod('2026-12-15', { months: 2 })).toBe('2027-02-15');
  });
});

describe('calendar windows (property)', () => {
  it('open at the start of a working day on or after the opening date, due at the end of one on or before the due date (or of the opening day)', () => {
    fc.assert(
      fc.property(anchor, period, period, (t, a, b) => {
        const w = resolveCalendarWindow({ opensAfter: a, dueAfter: b }, t, cal);
        const day0 = cal.localDate(t);
        const openDate = cal.localDate(w.opensAt);
        const dueDate = cal.localDate(w.dueAt - 1);
        // Opens when work starts on a working day, never before the date asked for.
        expect(cal.isWorkingTime(w.opensAt)).toBe(true);
        expect(cal.isWorkingTime(w.opensAt - 1)).toBe(false);
        expect(openDate >= addPeriod(day0, a)).toBe(true);
        // No working day is skipped between the asked date and the opening.
        for (let d = addPeriod(day0, a); d < openDate; d = addPeriod(d, { days: 1 })) {
          expect(cal.isWorkingDay(d)).toBe(false);
        }
        // Due when work ends on a working day; never before the opening day's end.
        expect(cal.isWorkingTime(w.dueAt - 1)).toBe(true);
        expect(cal.isWorkingTime(w.dueAt)).toBe(false);
        expect(w.dueAt).toBeGreaterThanOrEqual(w.opensAt);
        const asked = addPeriod(day0, b);
        if (dueDate !== openDate) {
          // Past the opening day: the last working day on or before the asked due date.
          expect(dueDate <= asked).toBe(true);
          for (let d = addPeriod(dueDate, { days: 1 }); d <= asked; d = addPeriod(d, { days: 1 })) {
            expect(cal.isWorkingDay(d)).toBe(false);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a window without `opensAfter` opens at the anchor', () => {
    fc.assert(
      fc.property(anchor, period, (t, b) => {
        expect(resolveCalendarWindow({ dueAfter: b }, t, cal).opensAt).toBe(t);
      }),
    );
  });
});

describe('working days before the anchor (property)', () => {
  it('working day -n is the n-th working day before the anchor date: n − 1 working days lie between', () => {
    fc.assert(
      fc.property(anchor, fc.integer({ min: 1, max: 12 }), (t, n) => {
        const day = nthWorkingDayBefore(cal, t, n);
        const date = cal.localDate(day.start);
        expect(date < cal.localDate(t)).toBe(true);
        expect(cal.isWorkingDay(date)).toBe(true);
        let between = 0;
        for (
          let d = addPeriod(date, { days: 1 });
          d < cal.localDate(t);
          d = addPeriod(d, { days: 1 })
        )
          if (cal.isWorkingDay(d)) between++;
        expect(between).toBe(n - 1);
        expect(cal.localDate(day.end - 1)).toBe(date);
      }),
      { numRuns: 300 },
    );
  });

  it('a window of negative working days is the mirror of nthWorkingDayBefore', () => {
    fc.assert(
      fc.property(
        anchor,
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 0, max: 4 }),
        (t, n, k) => {
          const from = -n - k;
          const w = resolveWindow({ fromWorkingDay: from, toWorkingDay: -n }, t, cal);
          expect(w.opensAt).toBe(nthWorkingDayBefore(cal, t, n + k).start);
          expect(w.dueAt).toBe(nthWorkingDayBefore(cal, t, n).end);
          expect(w.dueAt).toBeLessThan(t + DAY);
        },
      ),
    );
  });
});

describe('start of a local date (property)', () => {
  const MINUTE = 60_000;
  /** The first minute whose local date is `date`, found by walking the day in minutes. */
  function firstMinuteOf(timeZone: string, date: string): number {
    const format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    // Every zone's local midnight is within 15 hours of UTC midnight.
    let t = Date.parse(`${date}T00:00:00Z`) - 15 * 60 * MINUTE;
    while (format.format(t) < date) t += MINUTE;
    return t;
  }
  const day = fc
    .integer({ min: 0, max: 3 * 365 })
    .map((n) => new Date(Date.UTC(2025, 0, 1) + n * DAY).toISOString().slice(0, 10));

  it('is the first minute of the date in the zone, DST days too, asked once or again', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.array(day, { minLength: 1, maxLength: 4 }),
        (zone, dates) => {
          const c = createBusinessCalendar({ ...chinaLike, id: `z-${zone}`, timeZone: zone });
          for (const date of [...dates, ...dates]) {
            expect(startOfLocalDate(c, date)).toBe(firstMinuteOf(zone, date));
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('agrees with the China calendar on its 调休 make-up workdays and the days around them', () => {
    // Saturdays 2026-02-14 and 02-28 (Spring Festival) and 10-10 (National Day) are make-up workdays.
    for (const date of ['2026-02-13', '2026-02-14', '2026-02-15', '2026-02-28', '2026-10-10']) {
      expect(startOfLocalDate(cal, date)).toBe(Date.parse(`${date}T00:00:00+08:00`));
      expect(startOfLocalDate(cal, date)).toBe(Date.parse(`${date}T00:00:00+08:00`));
    }
  });

  it('finds the start of a day that begins at 01:00 (Santiago, clocks forward at midnight)', () => {
    const c = createBusinessCalendar({ ...chinaLike, id: 'scl', timeZone: 'America/Santiago' });
    // 2025-09-07: 00:00 does not exist in Santiago; the day starts at 01:00 (-03:00).
    expect(startOfLocalDate(c, '2025-09-07')).toBe(Date.parse('2025-09-07T01:00:00-03:00'));
    expect(startOfLocalDate(c, '2025-09-07')).toBe(Date.parse('2025-09-07T01:00:00-03:00'));
  });
});
