import { TZDate, tzOffset } from '@date-fns/tz';
import {
  type CalendarDefinition,
  clockMinutes,
  WEEKDAYS,
  type WorkPeriod,
} from './calendar-definition';

/** The working intervals and working days of one local calendar year, in UTC epoch ms. */
export interface YearPlan {
  readonly year: number;
  /** Local midnight of Jan 1 and of the next Jan 1, epoch ms. */
  readonly from: number;
  readonly to: number;
  readonly starts: number[];
  readonly ends: number[];
  /** Working days: date, first period start, last period end. */
  readonly dates: string[];
  readonly dayStarts: number[];
  readonly dayEnds: number[];
}

/** Periods of each local date, resolved once per calendar: lookups are Map hits, never scans. */
export interface DayRules {
  readonly overrides: ReadonlyMap<string, readonly WorkPeriod[]>;
  readonly holidays: ReadonlyMap<string, readonly WorkPeriod[]>;
  readonly workdays: ReadonlyMap<string, readonly WorkPeriod[]>;
}

/** Builds the Map lookups of a definition. */
export function dayRules(def: CalendarDefinition): DayRules {
  return {
    overrides: new Map(def.overrides.map((o) => [o.date, o.periods])),
    holidays: new Map(def.holidays.map((h) => [h.date, h.periods ?? []])),
    workdays: new Map(
      def.workdays.map((w) => [w.date, w.periods ?? def.weekly[w.as ?? 'mon'] ?? []]),
    ),
  };
}

/**
 * The lookups of a provisional year: the dealer's own overrides, the given days closed (a
 * holiday law's statutory days, or none), and no make-up working days.
 */
export function provisionalDayRules(rules: DayRules, closed: readonly string[]): DayRules {
  return {
    overrides: rules.overrides,
    holidays: new Map(closed.map((date) => [date, []])),
    workdays: new Map(),
  };
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** The periods of a local date: override, else holiday, else make-up day, else the weekday. */
export function periodsOf(
  def: CalendarDefinition,
  rules: DayRules,
  date: string,
  weekday: number,
): readonly WorkPeriod[] {
  const o = rules.overrides.get(date) ?? rules.holidays.get(date) ?? rules.workdays.get(date);
  if (o !== undefined) return o;
  return def.weekly[WEEKDAYS[weekday]!] ?? [];
}

/** Local wall time → epoch ms in the zone (a time in a DST gap moves forward, as clocks do). */
function instant(y: number, m: number, d: number, minutes: number, timeZone: string): number {
  return new TZDate(y, m - 1, d, Math.floor(minutes / 60), minutes % 60, timeZone).getTime();
}

const MINUTE = 60_000;
const HOUR = 3_600_000;

/**
 * The zone's UTC offset (minutes) over a whole local date, or `undefined` when it changes that
 * day (a DST switch). Offsets lie within ±14 h, so the local date lies inside
 * `[wall − 14 h, wall + 38 h]`; equal offsets at both ends mean one offset all day (zones do not
 * switch twice within two days). One `tzOffset` call per day instead of one `TZDate` per period
 * boundary makes a year's plan several times cheaper to build.
 */
function steadyOffset(
  dayWall: number,
  before: number,
  timeZone: string,
): { offset: number | undefined; after: number } {
  const after = tzOffset(timeZone, new Date(dayWall + 38 * HOUR));
  return { offset: before === after ? after : undefined, after };
}

/**
 * Computes one year's plan from the day rules: the definition's own for a covered year, the
 * {@link provisionalDayRules} for a year outside its data.
 */
export function planYear(def: CalendarDefinition, rules: DayRules, year: number): YearPlan {
  const plan: YearPlan = {
    year,
    from: instant(year, 1, 1, 0, def.timeZone),
    to: instant(year + 1, 1, 1, 0, def.timeZone),
    starts: [],
    ends: [],
    dates: [],
    dayStarts: [],
    dayEnds: [],
  };
  // Walk the days with a UTC date: only the Y-M-D and weekday are used, so no zone is involved.
  const day = new Date(Date.UTC(year, 0, 1));
  let before = tzOffset(def.timeZone, new Date(day.getTime() - 14 * HOUR));
  while (day.getUTCFullYear() === year) {
    const dayWall = day.getTime();
    const steady = steadyOffset(dayWall, before, def.timeZone);
    // the next day's lower bound (its wall − 14 h) is before this day's upper bound: reuse only when steady
    before = steady.offset ?? tzOffset(def.timeZone, new Date(dayWall + 10 * HOUR));
    const y = day.getUTCFullYear();
    const m = day.getUTCMonth() + 1;
    const d = day.getUTCDate();
    const date = `${y}-${pad(m)}-${pad(d)}`;
    const periods = periodsOf(def, rules, date, day.getUTCDay());
    let first = -1;
    let last = -1;
    for (const p of periods) {
      const ps = clockMinutes(p.start);
      const pe = clockMinutes(p.end);
      const off = steady.offset;
      const s =
        off === undefined ? instant(y, m, d, ps, def.timeZone) : dayWall + (ps - off) * MINUTE;
      const e =
        off === undefined ? instant(y, m, d, pe, def.timeZone) : dayWall + (pe - off) * MINUTE;
      if (e <= s) continue; // a period swallowed by a DST gap has no working time
      plan.starts.push(s);
      plan.ends.push(e);
      if (first < 0) first = s;
      last = e;
    }
    if (first >= 0) {
      plan.dates.push(date);
      plan.dayStarts.push(first);
      plan.dayEnds.push(last);
    }
    day.setUTCDate(d + 1);
  }
  return plan;
}
