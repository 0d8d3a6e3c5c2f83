/**
 * A working calendar: which instants are working time at one dealer. All instants are epoch
 * milliseconds (UTC); dates are `YYYY-MM-DD` in the calendar's time zone. Amounts of working
 * time are minutes.
 *
 * Semantics (ARCHITECTURE.md, "Working-time semantics"):
 * - working time is the union of half-open periods `[start, end)`;
 * - `addWorkingTime(t, m)` counts `m` minutes of working time from `t`; an anchor outside
 *   working time starts counting at the next period start; a result that lands exactly on a
 *   period's end stays there (it does not jump to the next period's start), so results lie in
 *   `(periodStart, periodEnd]` for `m > 0`; `addWorkingTime(t, 0)` is the next working instant;
 * - `workingMinutesBetween(a, b)` is the working time in `[a, b)`.
 */
export interface BusinessCalendar {
  readonly id: string;
  readonly timeZone: string;
  /**
   * The years the holiday data covers (the published notices). Outside them a year is
   * *provisional* (see {@link BusinessCalendar.unknownYears}).
   */
  readonly coveredYears: { readonly from: number; readonly to: number };
  /**
   * How a year outside {@link BusinessCalendar.coveredYears} is treated: `provisional` — built
   * from the weekly pattern and the statutory holidays the law fixes (China: 元旦, 春节, 清明,
   * 劳动节, 端午, 中秋, 国庆; no make-up days), and every deadline touching it is marked
   * provisional; `strict` — a query needing it throws `CALENDAR_YEAR_UNKNOWN`.
   */
  readonly unknownYears: 'provisional' | 'strict';
  /**
   * The name of the provisional rule (`provisional.name`, or the legacy `fallback.name`), or
   * `undefined` when {@link BusinessCalendar.unknownYears} is `strict`.
   */
  readonly fallback: string | undefined;
  /** Whether the local year of `t` is provisional (outside the covered years, not strict). */
  isProvisional(t: number): boolean;
  /**
   * The provisional local years from the year of `a` to the year of `b` (either order), ascending:
   * the years a computation between those instants read without a published notice.
   */
  provisionalYears(a: number, b: number): number[];
  /** Whether `t` is inside a work period. */
  isWorkingTime(t: number): boolean;
  /** `t` if it is working time, else the start of the next work period. */
  nextWorkingInstant(t: number): number;
  /** `t` plus `minutes` of working time (see the semantics above). `minutes` ≥ 0. */
  addWorkingTime(t: number, minutes: number): number;
  /**
   * The latest instant `r ≤ t` with `minutes` of working time in `[r, t)`: the start of a period
   * rather than the end of the previous one when both qualify. `minutes` ≥ 0.
   */
  subtractWorkingTime(t: number, minutes: number): number;
  /** Working minutes in `[a, b)`; negative if `b < a`. */
  workingMinutesBetween(a: number, b: number): number;
  /** Whether a local date has any work period. */
  isWorkingDay(localDate: string): boolean;
  /** The local date (`YYYY-MM-DD`) of an instant. */
  localDate(t: number): string;
  /**
   * The n-th working day after the anchor's local date (the anchor's own date is day 0 and
   * never counts), with its first period start and last period end. `n` ≥ 1.
   */
  nthWorkingDay(
    t: number,
    n: number,
  ): { readonly date: string; readonly start: number; readonly end: number };
  /** End of the work period containing `t`; outside working time, end of the next period. */
  endOfWorkPeriod(t: number): number;
  /** End of work on `t`'s date if it is a working day and work has not ended; else of the next working day. */
  endOfWorkingDay(t: number): number;
}
