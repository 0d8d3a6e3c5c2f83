import { CalendarError, CalendarYearUnknownError, type Issue } from '../errors';
import type { BusinessCalendar } from './business-calendar';
import {
  type CalendarDefinition,
  type CalendarDefinitionInput,
  calendarDefinitionSchema,
  clockMinutes,
  type WorkPeriod,
} from './calendar-definition';
import { CHINA_STATUTORY_YEARS, chinaStatutoryHolidays } from './china-statutory-holidays';
import { IntervalIndex } from './interval-index';
import { type DayRules, dayRules, planYear, provisionalDayRules, type YearPlan } from './year-plan';

const MINUTE = 60_000;
const QUARTER_HOUR = 15 * MINUTE;
/** How far add/subtract may search beyond the anchor for working time before giving up. */
const MAX_YEARS_SEARCHED = 10;

function checkPeriods(
  periods: readonly WorkPeriod[],
  path: (string | number)[],
  issues: Issue[],
): void {
  let prevEnd = -1;
  periods.forEach((p, i) => {
    const s = clockMinutes(p.start);
    const e = clockMinutes(p.end);
    if (e <= s)
      issues.push({
        path: [...path, i, 'end'],
        message: 'must be after start',
        code: 'invalid_period',
      });
    if (s < prevEnd) {
      issues.push({
        path: [...path, i, 'start'],
        message: 'periods must be in order and must not overlap',
        code: 'invalid_period',
      });
    }
    prevEnd = Math.max(prevEnd, e);
  });
}

function validate(input: CalendarDefinitionInput): CalendarDefinition {
  const parsed = calendarDefinitionSchema.safeParse(input);
  if (!parsed.success) {
    throw new CalendarError(
      parsed.error.issues.map((i) => ({
        path: i.path.map((p) => (typeof p === 'number' ? p : String(p))),
        message: i.message,
        code: i.code,
      })),
    );
  }
  const def = parsed.data;
  const issues: Issue[] = [];
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: def.timeZone });
  } catch {
    issues.push({
      path: ['timeZone'],
      message: `unknown IANA time zone "${def.timeZone}"`,
      code: 'invalid_zone',
    });
  }
  if (def.years.to < def.years.from) {
    issues.push({ path: ['years', 'to'], message: 'must be ≥ years.from', code: 'invalid_years' });
  }
  for (const [day, periods] of Object.entries(def.weekly))
    checkPeriods(periods ?? [], ['weekly', day], issues);
  for (const key of ['holidays', 'workdays', 'overrides'] as const) {
    const seen = new Set<string>();
    def[key].forEach((d, i) => {
      if (seen.has(d.date))
        issues.push({
          path: [key, i, 'date'],
          message: `${d.date} is listed twice`,
          code: 'duplicate_date',
        });
      seen.add(d.date);
      if (d.periods) checkPeriods(d.periods, [key, i, 'periods'], issues);
    });
  }
  if (issues.length > 0) throw new CalendarError(issues);
  return def;
}

/**
 * A calendar over an index of working intervals built lazily, one local year at a time, and
 * rebuilt as one contiguous range when a query needs another year.
 */
class IndexedCalendar implements BusinessCalendar {
  readonly id: string;
  readonly timeZone: string;
  readonly coveredYears: { readonly from: number; readonly to: number };
  readonly fallback: string | undefined;
  private readonly rules: DayRules;
  private readonly plans = new Map<number, YearPlan>();
  private index: IntervalIndex | undefined;
  private readonly dateFormat: Intl.DateTimeFormat;
  /** Local dates by UTC quarter hour (bounded). */
  private readonly dates = new Map<number, string>();

  readonly unknownYears: 'provisional' | 'strict';
  private readonly statutory: ((year: number) => readonly string[]) | undefined;

  constructor(private readonly def: CalendarDefinition) {
    this.id = def.id;
    this.timeZone = def.timeZone;
    this.coveredYears = Object.freeze({ from: def.years.from, to: def.years.to });
    this.fallback = def.provisional?.name ?? def.fallback?.name;
    this.unknownYears = this.fallback === undefined ? 'strict' : 'provisional';
    this.statutory =
      def.provisional?.statutoryHolidays === 'cn'
        ? (year) =>
            year >= CHINA_STATUTORY_YEARS.from && year <= CHINA_STATUTORY_YEARS.to
              ? chinaStatutoryHolidays(year).map((h) => h.date)
              : []
        : undefined;
    this.rules = dayRules(def);
    this.dateFormat = new Intl.DateTimeFormat('en-CA', {
      timeZone: def.timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
  }

  private covers(year: number): boolean {
    return year >= this.def.years.from && year <= this.def.years.to;
  }

  private plan(year: number): YearPlan {
    let p = this.plans.get(year);
    if (p === undefined) {
      if (this.covers(year)) p = planYear(this.def, this.rules, year);
      else {
        if (this.unknownYears === 'strict') {
          throw new CalendarYearUnknownError(this.id, year, [
            this.def.years.from,
            this.def.years.to,
          ]);
        }
        const closed = this.statutory?.(year) ?? [];
        p = planYear(this.def, provisionalDayRules(this.rules, closed), year);
      }
      this.plans.set(year, p);
    }
    return p;
  }

  private build(first: number, last: number): IntervalIndex {
    if (this.unknownYears === 'strict') {
      // Name the years a query asked for, not merely the first gap on the way to them.
      const missing: number[] = [];
      for (let y = first; y <= last; y++) if (!this.covers(y)) missing.push(y);
      if (missing.length > 0) {
        throw new CalendarYearUnknownError(
          this.id,
          missing[missing.length - 1]!,
          [this.def.years.from, this.def.years.to],
          missing,
        );
      }
    }
    const years: YearPlan[] = [];
    for (let y = first; y <= last; y++) years.push(this.plan(y));
    this.index = new IntervalIndex(years);
    return this.index;
  }

  isProvisional(t: number): boolean {
    return (
      this.unknownYears === 'provisional' && !this.covers(Number(this.localDate(t).slice(0, 4)))
    );
  }

  provisionalYears(a: number, b: number): number[] {
    if (this.unknownYears === 'strict') return [];
    const ya = Number(this.localDate(Math.min(a, b)).slice(0, 4));
    const yb = Number(this.localDate(Math.max(a, b)).slice(0, 4));
    const out: number[] = [];
    for (let y = ya; y <= yb; y++) if (!this.covers(y)) out.push(y);
    return out;
  }

  /** The index, grown so that `[a, b]` lies inside it. */
  private covering(a: number, b = a): IntervalIndex {
    let idx = this.index;
    if (idx !== undefined && a >= idx.from && b < idx.to) return idx;
    const ya = Number(this.localDate(a).slice(0, 4));
    const yb = Number(this.localDate(b).slice(0, 4));
    const first = idx === undefined ? ya : Math.min(idx.firstYear, ya);
    const last = idx === undefined ? yb : Math.max(idx.lastYear, yb);
    idx = this.build(first, last);
    return idx;
  }

  private growForward(idx: IntervalIndex, anchorYear: number): IntervalIndex {
    if (idx.lastYear - anchorYear >= MAX_YEARS_SEARCHED) {
      throw new CalendarError([
        {
          path: ['weekly'],
          message: `no working time within ${MAX_YEARS_SEARCHED} years`,
          code: 'no_working_time',
        },
      ]);
    }
    return this.build(idx.firstYear, idx.lastYear + 1);
  }

  private growBackward(idx: IntervalIndex, anchorYear: number): IntervalIndex {
    if (anchorYear - idx.firstYear >= MAX_YEARS_SEARCHED) {
      throw new CalendarError([
        {
          path: ['weekly'],
          message: `no working time within ${MAX_YEARS_SEARCHED} years`,
          code: 'no_working_time',
        },
      ]);
    }
    return this.build(idx.firstYear - 1, idx.lastYear);
  }

  localDate(t: number): string {
    // Zone offsets change only on quarter hours (since the 1970s; e.g. Pacific/Kiritimati's
    // −10:40 before 1979 is the exception), so every instant of a UTC quarter hour has the same
    // local date. Events arrive in bursts around the same times: cache by quarter hour.
    const slot = Math.floor(t / QUARTER_HOUR);
    let date = this.dates.get(slot);
    if (date === undefined) {
      if (this.dates.size >= 4096) this.dates.clear();
      date = this.dateFormat.format(slot * QUARTER_HOUR);
      this.dates.set(slot, date);
    }
    return date;
  }

  isWorkingTime(t: number): boolean {
    return this.covering(t).intervalAt(t) >= 0;
  }

  nextWorkingInstant(t: number): number {
    let idx = this.covering(t);
    if (idx.intervalAt(t) >= 0) return t;
    const year = idx.lastYear;
    for (;;) {
      const i = idx.nextInterval(t);
      if (i < idx.starts.length) return idx.starts[i]!;
      idx = this.growForward(idx, year);
    }
  }

  addWorkingTime(t: number, minutes: number): number {
    if (!(minutes >= 0) || !Number.isFinite(minutes))
      throw new RangeError(`minutes must be ≥ 0, got ${minutes}`);
    if (minutes === 0) return this.nextWorkingInstant(t);
    let idx = this.covering(t);
    const year = idx.lastYear;
    // Positions are relative to idx.from; growing forward keeps it, so `target` stays valid.
    const target = idx.position(t) + minutes * MINUTE;
    for (;;) {
      if (target <= idx.total) return idx.instantAtEnd(target);
      idx = this.growForward(idx, year);
    }
  }

  subtractWorkingTime(t: number, minutes: number): number {
    if (!(minutes >= 0) || !Number.isFinite(minutes))
      throw new RangeError(`minutes must be ≥ 0, got ${minutes}`);
    if (minutes === 0) return t;
    let idx = this.covering(t);
    const year = idx.firstYear;
    for (;;) {
      // Positions are relative to idx.from, which moves when the index grows backwards.
      const target = idx.position(t) - minutes * MINUTE;
      if (target >= 0 && idx.starts.length > 0) return idx.instantAtStart(target);
      idx = this.growBackward(idx, year);
    }
  }

  workingMinutesBetween(a: number, b: number): number {
    if (b < a) return 0 - this.workingMinutesBetween(b, a); // never -0
    const idx = this.covering(a, b);
    return (idx.position(b) - idx.position(a)) / MINUTE;
  }

  isWorkingDay(localDate: string): boolean {
    const year = Number(localDate.slice(0, 4));
    const p = this.plan(year);
    let lo = 0;
    let hi = p.dates.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (p.dates[mid]! < localDate) lo = mid + 1;
      else hi = mid;
    }
    return p.dates[lo] === localDate;
  }

  nthWorkingDay(t: number, n: number): { date: string; start: number; end: number } {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be an integer ≥ 1, got ${n}`);
    let idx = this.covering(t);
    const day0 = this.localDate(t);
    const year = idx.lastYear;
    for (;;) {
      const k = idx.firstDayAfter(day0) + n - 1;
      if (k < idx.dates.length)
        return { date: idx.dates[k]!, start: idx.dayStarts[k]!, end: idx.dayEnds[k]! };
      idx = this.growForward(idx, year);
    }
  }

  endOfWorkPeriod(t: number): number {
    let idx = this.covering(t);
    const i = idx.intervalAt(t);
    if (i >= 0) return idx.ends[i]!;
    const year = idx.lastYear;
    for (;;) {
      const j = idx.nextInterval(t);
      if (j < idx.starts.length) return idx.ends[j]!;
      idx = this.growForward(idx, year);
    }
  }

  endOfWorkingDay(t: number): number {
    let idx = this.covering(t);
    const date = this.localDate(t);
    const year = idx.lastYear;
    // The last working day on or before `date`.
    const k = idx.firstDayAfter(date) - 1;
    if (k >= 0 && idx.dates[k] === date && t < idx.dayEnds[k]!) return idx.dayEnds[k]!;
    for (;;) {
      const next = idx.firstDayAfter(date);
      if (next < idx.dates.length) return idx.dayEnds[next]!;
      idx = this.growForward(idx, year);
    }
  }
}

/**
 * Builds a {@link BusinessCalendar} from data. Throws `CALENDAR_INVALID` with every problem
 * (overlapping or inverted periods, duplicate dates, unknown zone). A year outside `years` is
 * provisional when the definition has `provisional` (or the legacy `fallback`); otherwise a
 * query that needs it throws `CALENDAR_YEAR_UNKNOWN` naming the year.
 *
 * @example
 * ```ts
 * const madrid = createBusinessCalendar({
 *   id: 'es-madrid', timeZone: 'Europe/Madrid', years: { from: 2026, to: 2026 },
 *   weekly: Object.fromEntries(['mon','tue','wed','thu','fri'].map((d) => [d, [{ start: '09:00', end: '14:00' }, { start: '16:00', end: '19:00' }]])),
 *   holidays: [{ date: '2026-05-01', name: 'Fiesta del Trabajo' }],
 * });
 * ```
 */
export function createBusinessCalendar(definition: CalendarDefinitionInput): BusinessCalendar {
  return new IndexedCalendar(validate(definition));
}
