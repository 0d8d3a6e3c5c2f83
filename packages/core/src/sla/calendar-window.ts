import type { BusinessCalendar } from '../calendar/business-calendar';
import type { CalendarPeriod, CalendarWindowExpression } from './deadline-expression';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** How far the search for a working day goes (the longest closure is far shorter). */
const SEARCH_DAYS = 400;

function parts(date: string): [number, number, number] {
  return [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))];
}

function format(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** `date` (`YYYY-MM-DD`) plus `days` calendar days. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = parts(date);
  const t = new Date(Date.UTC(y, m - 1, d) + days * DAY);
  return format(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

/**
 * `date` plus a calendar period. Months keep the day of the month, clamped to the last day of the
 * target month (01-31 + 1 month = 02-28, or 02-29 in a leap year).
 */
export function addPeriod(date: string, period: CalendarPeriod): string {
  if ('days' in period) return addDays(date, period.days);
  if ('weeks' in period) return addDays(date, period.weeks * 7);
  const [y, m, d] = parts(date);
  const index = y * 12 + (m - 1) + period.months;
  const ty = Math.floor(index / 12);
  const tm = index - ty * 12 + 1;
  const last = new Date(Date.UTC(ty, tm, 0)).getUTCDate();
  return format(ty, tm, Math.min(d, last));
}

/**
 * Starts of local dates found so far, per calendar (bounded; emptied when full). A start
 * depends only on the calendar's `localDate`, which a calendar's zone fixes for good, so a kept
 * answer is the answer; windows ask for the same few dates over and over (the day before each
 * opening and due date).
 */
const starts = new WeakMap<BusinessCalendar, Map<string, number>>();
const STARTS_KEPT = 4_096;

/**
 * The first instant of a local date in the calendar's zone (to the quarter hour). A date is
 * turned into an instant this way when a window anchors on a date field (a delivery date, a
 * birthday).
 */
export function startOfLocalDate(cal: BusinessCalendar, date: string): number {
  let known = starts.get(cal);
  if (known === undefined) {
    known = new Map();
    starts.set(cal, known);
  }
  let t = known.get(date);
  if (t === undefined) {
    t = findStartOfLocalDate(cal, date);
    if (known.size >= STARTS_KEPT) known.clear();
    known.set(date, t);
  }
  return t;
}

function findStartOfLocalDate(cal: BusinessCalendar, date: string): number {
  const [y, m, d] = parts(date);
  // UTC noon of the date is within ±14 hours of every zone's local noon: step to the date first.
  let t = Date.UTC(y, m - 1, d, 12);
  for (let i = 0; i < 30 && cal.localDate(t) !== date; i++)
    t += cal.localDate(t) < date ? HOUR : -HOUR;
  for (let i = 0; i < 30 && cal.localDate(t - HOUR) === date; i++) t -= HOUR;
  const QUARTER = HOUR / 4;
  for (let i = 0; i < 4 && cal.localDate(t - QUARTER) === date; i++) t -= QUARTER;
  return t;
}

/** Start and end of work on the first working day on or after `date` (`date` itself if it is one). */
function firstWorkingDayFrom(cal: BusinessCalendar, date: string): { start: number; end: number } {
  // The first working day after the day before `date`.
  const day = cal.nthWorkingDay(startOfLocalDate(cal, addDays(date, -1)), 1);
  return { start: day.start, end: day.end };
}

/** The last working day on or before `date`, or `undefined` if none within the search. */
function lastWorkingDayUpTo(cal: BusinessCalendar, date: string): string | undefined {
  for (let k = 0; k <= SEARCH_DAYS; k++) {
    const d = addDays(date, -k);
    if (cal.isWorkingDay(d)) return d;
  }
  return undefined;
}

/**
 * The n-th working day before the anchor's local date (`n` ≥ 1; the anchor's date never counts),
 * with its first period start and last period end.
 */
export function nthWorkingDayBefore(
  cal: BusinessCalendar,
  anchor: number,
  n: number,
): { start: number; end: number } {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be an integer ≥ 1, got ${n}`);
  let date = cal.localDate(anchor);
  let found = 0;
  for (let k = 0; k < SEARCH_DAYS * n; k++) {
    date = addDays(date, -1);
    if (cal.isWorkingDay(date) && ++found === n) return firstWorkingDayFrom(cal, date);
  }
  throw new RangeError(`no ${n} working days within ${SEARCH_DAYS * n} days before the anchor`);
}

/** Working day `n` of a window relative to the anchor (negative: before it). */
export function workingDayOf(
  cal: BusinessCalendar,
  anchor: number,
  n: number,
): { start: number; end: number } {
  return n > 0 ? cal.nthWorkingDay(anchor, n) : nthWorkingDayBefore(cal, anchor, -n);
}

/** The opening and due instants of a calendar window (see `calendarWindowExpressionSchema`). */
export function resolveCalendarWindow(
  expr: CalendarWindowExpression,
  anchor: number,
  cal: BusinessCalendar,
): { opensAt: number; dueAt: number } {
  const day0 = cal.localDate(anchor);
  const opening =
    expr.opensAfter === undefined
      ? { start: anchor, end: cal.endOfWorkingDay(anchor) }
      : firstWorkingDayFrom(cal, addPeriod(day0, expr.opensAfter));
  const last = lastWorkingDayUpTo(cal, addPeriod(day0, expr.dueAfter));
  const dueEnd = last === undefined ? opening.end : firstWorkingDayFrom(cal, last).end;
  return { opensAt: opening.start, dueAt: Math.max(dueEnd, opening.end) };
}
