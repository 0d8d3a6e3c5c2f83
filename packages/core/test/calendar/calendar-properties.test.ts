/**
 * Invariants of the working calendar on random calendars (random zones incl. DST ones, split
 * shifts, whole and partial holidays, make-up days, overrides), checked against a naive
 * minute-by-minute reference and against each other.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type BusinessCalendar,
  type CalendarDefinitionInput,
  CalendarYearUnknownError,
  createBusinessCalendar,
  pauseSla,
  resumeSla,
} from '../../src';
import { anchorArb, calendarArb } from './calendar-arbitraries';
import { ReferenceCalendar } from './reference-calendar';

const MINUTE = 60_000;
/** Working minutes in 60 working days of 8 hours: the longest horizon the packs use. */
const LONG = 60 * 8 * 60;

/** A generated calendar with the library's and the reference implementation; prints as its definition. */
class CalendarCase {
  readonly cal: BusinessCalendar;
  readonly ref: ReferenceCalendar;
  constructor(readonly def: CalendarDefinitionInput) {
    this.cal = createBusinessCalendar(def);
    this.ref = new ReferenceCalendar(def);
  }
  [fc.toStringMethod](): string {
    return fc.stringify(this.def);
  }
}

const calendars = calendarArb.map((def) => new CalendarCase(def));

/**
 * Runs `body`, skipping the case (fast-check precondition) when it reaches past the years the
 * random calendar covers: sparse calendars can need years for 60 working days.
 */
function withinData(body: () => void): void {
  try {
    body();
  } catch (e) {
    if (e instanceof CalendarYearUnknownError) fc.pre(false);
    throw e;
  }
}

function isEndOfWork(cal: BusinessCalendar, r: number): boolean {
  return cal.isWorkingTime(r - 1);
}

describe('calendar ≡ naive minute walker', () => {
  it('isWorkingTime agrees minute by minute', () => {
    fc.assert(
      fc.property(calendars, fc.array(anchorArb, { minLength: 1, maxLength: 50 }), (c, ts) => {
        for (const t of ts) {
          expect(c.cal.isWorkingTime(t)).toBe(c.ref.isWorkingMinute(t));
          expect(c.cal.isWorkingTime(t + 30_000)).toBe(c.ref.isWorkingMinute(t));
        }
      }),
      { numRuns: 150 },
    );
  });

  it('addWorkingTime agrees', () => {
    fc.assert(
      fc.property(calendars, anchorArb, fc.integer({ min: 0, max: 1500 }), (c, t, m) => {
        expect(c.cal.addWorkingTime(t, m)).toBe(c.ref.add(t, m));
      }),
      { numRuns: 150 },
    );
  });

  it('workingMinutesBetween agrees', () => {
    fc.assert(
      fc.property(calendars, anchorArb, fc.integer({ min: 0, max: 14 * 1440 }), (c, a, span) => {
        const b = a + span * MINUTE;
        expect(c.cal.workingMinutesBetween(a, b)).toBe(c.ref.between(a, b));
        expect(c.cal.workingMinutesBetween(b, a)).toBe(0 - c.ref.between(a, b));
      }),
      { numRuns: 100 },
    );
  });

  it('isWorkingDay and localDate agree', () => {
    fc.assert(
      fc.property(calendars, anchorArb, (c, t) => {
        const date = c.cal.localDate(t);
        expect(date).toBe(c.ref.localDate(t));
        expect(c.cal.isWorkingDay(date)).toBe(c.ref.isWorkingDate(date));
      }),
      { numRuns: 200 },
    );
  });
});

describe('addWorkingTime', () => {
  it('never lands in non-working time', () => {
    fc.assert(
      fc.property(calendars, anchorArb, fc.integer({ min: 0, max: LONG }), (c, t, m) =>
        withinData(() => {
          const r = c.cal.addWorkingTime(t, m);
          expect(r).toBeGreaterThanOrEqual(t);
          if (m === 0) expect(c.cal.isWorkingTime(r)).toBe(true);
          else expect(isEndOfWork(c.cal, r)).toBe(true);
        }),
      ),
      { numRuns: 300 },
    );
  });

  it('is monotonic in the anchor and in the amount', () => {
    fc.assert(
      fc.property(
        calendars,
        anchorArb,
        fc.integer({ min: 0, max: 30 * 1440 }),
        fc.integer({ min: 0, max: LONG }),
        fc.integer({ min: 0, max: LONG }),
        (c, t, dt, m1, m2) =>
          withinData(() => {
            const [lo, hi] = m1 <= m2 ? [m1, m2] : [m2, m1];
            const r = c.cal.addWorkingTime(t, lo);
            expect(r).toBeLessThanOrEqual(c.cal.addWorkingTime(t, hi));
            expect(r).toBeLessThanOrEqual(c.cal.addWorkingTime(t + dt * MINUTE, lo));
          }),
      ),
      { numRuns: 300 },
    );
  });

  it('add(t, a + b) = add(add(t, a), b) for a, b > 0', () => {
    // For b = 0 the identity does not hold by design: add(t, a) may rest on a period's end,
    // and add(end, 0) is the next working instant.
    fc.assert(
      fc.property(
        calendars,
        anchorArb,
        fc.integer({ min: 1, max: LONG }),
        fc.integer({ min: 1, max: LONG }),
        (c, t, a, b) =>
          withinData(() => {
            expect(c.cal.addWorkingTime(c.cal.addWorkingTime(t, a), b)).toBe(
              c.cal.addWorkingTime(t, a + b),
            );
          }),
      ),
      { numRuns: 300 },
    );
  });

  it('between(t, add(t, d)) = d, and between(subtract(t, d), t) = d', () => {
    fc.assert(
      fc.property(calendars, anchorArb, fc.integer({ min: 0, max: LONG }), (c, t, d) =>
        withinData(() => {
          expect(c.cal.workingMinutesBetween(t, c.cal.addWorkingTime(t, d))).toBe(d);
          const s = c.cal.subtractWorkingTime(t, d);
          expect(s).toBeLessThanOrEqual(t);
          expect(c.cal.workingMinutesBetween(s, t)).toBe(d);
        }),
      ),
      { numRuns: 300 },
    );
  });

  it('takes fractional minutes to the millisecond', () => {
    fc.assert(
      fc.property(calendars, anchorArb, fc.integer({ min: 1, max: 600_000 }), (c, t, ms) =>
        withinData(() => {
          const r = c.cal.addWorkingTime(t, ms / MINUTE);
          expect(c.cal.workingMinutesBetween(t, r) * MINUTE).toBeCloseTo(ms, 3);
        }),
      ),
      { numRuns: 100 },
    );
  });
});

describe('working days', () => {
  it('the n-th working day is a working date n working dates after the anchor date', () => {
    fc.assert(
      fc.property(calendars, anchorArb, fc.integer({ min: 1, max: 60 }), (c, t, n) =>
        withinData(() => {
          const day = c.cal.nthWorkingDay(t, n);
          expect(c.ref.isWorkingDate(day.date)).toBe(true);
          const anchorDate = c.ref.localDate(t);
          expect(day.date > anchorDate).toBe(true);
          let count = 0;
          const d = new Date(`${anchorDate}T00:00:00Z`);
          for (;;) {
            d.setUTCDate(d.getUTCDate() + 1);
            const iso = d.toISOString().slice(0, 10);
            if (iso > day.date) break;
            if (c.ref.isWorkingDate(iso)) count++;
          }
          expect(count).toBe(n);
          expect(c.cal.isWorkingTime(day.start)).toBe(true);
          expect(c.ref.localDate(day.start)).toBe(day.date);
          expect(isEndOfWork(c.cal, day.end)).toBe(true);
          expect(c.ref.localDate(day.end - 1)).toBe(day.date);
        }),
      ),
      { numRuns: 200 },
    );
  });

  it('endOfWorkPeriod is the end of an unbroken run of working time', () => {
    fc.assert(
      fc.property(calendars, anchorArb, (c, t) =>
        withinData(() => {
          const r = c.cal.endOfWorkPeriod(t);
          const from = c.cal.nextWorkingInstant(t);
          expect(r).toBeGreaterThan(from);
          expect(isEndOfWork(c.cal, r)).toBe(true);
          expect(c.cal.workingMinutesBetween(from, r) * MINUTE).toBe(r - from);
        }),
      ),
      { numRuns: 300 },
    );
  });

  it('endOfWorkingDay is the last end of work on a working date, and today’s if work is left', () => {
    fc.assert(
      fc.property(calendars, anchorArb, (c, t) =>
        withinData(() => {
          const r = c.cal.endOfWorkingDay(t);
          expect(r).toBeGreaterThan(t);
          expect(isEndOfWork(c.cal, r)).toBe(true);
          const date = c.ref.localDate(r - 1);
          expect(c.ref.isWorkingDate(date)).toBe(true);
          // no work left on that date after r
          expect(c.cal.localDate(c.cal.nextWorkingInstant(r))).not.toBe(date);
          // today's end when today still has work after t, else the next working day's
          const today = c.ref.localDate(t);
          const workLeftToday = c.cal.localDate(c.cal.nextWorkingInstant(t)) === today;
          expect(date).toBe(workLeftToday ? today : c.cal.nthWorkingDay(t, 1).date);
        }),
      ),
      { numRuns: 300 },
    );
  });
});

describe('SLA pause', () => {
  it('pausing for p working minutes moves the deadline by exactly p working minutes', () => {
    fc.assert(
      fc.property(
        calendars,
        anchorArb,
        fc.integer({ min: 1, max: LONG }),
        fc.integer({ min: 0, max: 20 * 1440 }),
        fc.integer({ min: 0, max: 20 * 1440 }),
        (c, t, due, before, paused) =>
          withinData(() => {
            const dueAt = c.cal.addWorkingTime(t, due);
            const pausedAt = t + before * MINUTE;
            const resumedAt = pausedAt + paused * MINUTE;
            const p = c.cal.workingMinutesBetween(pausedAt, resumedAt);
            const s = resumeSla(
              pauseSla({ dueAt, pausedWorkingMinutes: 0 }, pausedAt),
              resumedAt,
              c.cal,
            );
            expect(s.pausedWorkingMinutes).toBe(p);
            expect(c.cal.workingMinutesBetween(dueAt, s.dueAt)).toBe(p);
            if (p === 0) expect(s.dueAt).toBe(dueAt);
          }),
      ),
      { numRuns: 200 },
    );
  });
});
