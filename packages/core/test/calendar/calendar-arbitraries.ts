/** fast-check generators of random working calendars (any zone, split shifts, holidays, 调休). */
import fc from 'fast-check';
import type { CalendarDefinitionInput, WorkPeriod } from '../../src';

/** Zones with and without DST, incl. a southern-hemisphere one and one that switches at midnight. */
export const ZONES = [
  'Asia/Shanghai',
  'Europe/Madrid',
  'America/New_York',
  'Australia/Sydney',
  'America/Santiago',
  'Asia/Kolkata',
  'UTC',
] as const;

/** The years every generated calendar covers. */
export const YEARS = { from: 2025, to: 2027 } as const;
const DAY = 86_400_000;
const FIRST_DAY = Date.UTC(2025, 0, 1);
const LAST_DAY = Date.UTC(2027, 11, 31);
/** Anchors stay clear of the last covered months so long horizons stay inside the data. */
export const ANCHOR_FROM = Date.UTC(2025, 0, 3);
export const ANCHOR_TO = Date.UTC(2027, 5, 30);

function hhmm(halfHours: number): string {
  const h = Math.floor(halfHours / 2);
  return `${String(h).padStart(2, '0')}:${halfHours % 2 ? '30' : '00'}`;
}

/**
 * 1–3 periods between 06:00 and 22:00 on half hours, at least 30 minutes apart, or (now and then)
 * the whole day 00:00–24:00, so DST days of 23 and 25 hours are exercised.
 */
export const periodsArb: fc.Arbitrary<WorkPeriod[]> = fc
  .oneof(
    {
      weight: 9,
      arbitrary: fc.uniqueArray(fc.integer({ min: 12, max: 44 }), { minLength: 2, maxLength: 6 }),
    },
    { weight: 1, arbitrary: fc.constant([0, 48]) },
  )
  .map((marks) => {
    const sorted = [...marks].sort((a, b) => a - b);
    const out: WorkPeriod[] = [];
    for (let i = 0; i + 1 < sorted.length; i += 2) {
      out.push({
        start: hhmm(sorted[i]!),
        end: sorted[i + 1] === 48 ? '24:00' : hhmm(sorted[i + 1]!),
      });
    }
    return out;
  });

const dateArb = fc
  .integer({ min: 0, max: (LAST_DAY - FIRST_DAY) / DAY })
  .map((n) => new Date(FIRST_DAY + n * DAY).toISOString().slice(0, 10));

/** A random calendar: Monday–Friday always have work, the weekend may; holidays, make-up days, overrides. */
export const calendarArb: fc.Arbitrary<CalendarDefinitionInput> = fc
  .record({
    timeZone: fc.constantFrom(...ZONES),
    mon: periodsArb,
    tue: periodsArb,
    wed: periodsArb,
    thu: periodsArb,
    fri: periodsArb,
    sat: fc.option(periodsArb, { nil: undefined }),
    sun: fc.option(periodsArb, { nil: undefined }),
    holidays: fc.uniqueArray(
      fc.record({ date: dateArb, periods: fc.option(periodsArb, { nil: undefined, freq: 4 }) }),
      { maxLength: 30, selector: (h) => h.date },
    ),
    workdays: fc.uniqueArray(
      fc.record({
        date: dateArb,
        periods: fc.option(periodsArb, { nil: undefined, freq: 2 }),
        as: fc.option(fc.constantFrom('mon', 'fri'), { nil: undefined }),
      }),
      { maxLength: 12, selector: (w) => w.date },
    ),
    overrides: fc.uniqueArray(
      fc.record({ date: dateArb, periods: fc.oneof(periodsArb, fc.constant<WorkPeriod[]>([])) }),
      {
        maxLength: 6,
        selector: (o) => o.date,
      },
    ),
  })
  .map((r) => ({
    id: 'random',
    timeZone: r.timeZone,
    weekly: { mon: r.mon, tue: r.tue, wed: r.wed, thu: r.thu, fri: r.fri, sat: r.sat, sun: r.sun },
    holidays: r.holidays.map((h) => (h.periods ? h : { date: h.date })),
    workdays: r.workdays.map((w) => ({
      date: w.date,
      ...(w.periods ? { periods: w.periods } : {}),
      ...(w.as ? { as: w.as } : {}),
    })),
    overrides: r.overrides,
    years: { ...YEARS },
  }));

/** A minute-aligned anchor inside the covered years. */
export const anchorArb = fc
  .integer({ min: ANCHOR_FROM / 60_000, max: ANCHOR_TO / 60_000 })
  .map((m) => m * 60_000);
