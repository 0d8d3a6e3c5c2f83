import type { YearPlan } from './year-plan';

/** First index `i` with `arr[i] > x` (arr ascending). */
export function upperBound(arr: Float64Array, x: number, lo = 0, hi = arr.length): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (arr[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Working intervals of a contiguous range of years with cumulative working milliseconds, so
 * "how much working time before t" and "where does the working time reach x" are binary
 * searches: O(log n), never a walk over days. Day lists support n-th working day the same way.
 */
export class IntervalIndex {
  readonly from: number;
  readonly to: number;
  readonly firstYear: number;
  readonly lastYear: number;
  readonly starts: Float64Array;
  readonly ends: Float64Array;
  /** `cum[i]`: working ms before interval i, from the start of the range. */
  readonly cum: Float64Array;
  readonly total: number;
  readonly dates: string[];
  readonly dayStarts: Float64Array;
  readonly dayEnds: Float64Array;

  constructor(years: readonly YearPlan[]) {
    const n = years.reduce((a, y) => a + y.starts.length, 0);
    const days = years.reduce((a, y) => a + y.dates.length, 0);
    this.from = years[0]!.from;
    this.to = years[years.length - 1]!.to;
    this.firstYear = years[0]!.year;
    this.lastYear = years[years.length - 1]!.year;
    this.starts = new Float64Array(n);
    this.ends = new Float64Array(n);
    this.cum = new Float64Array(n);
    this.dayStarts = new Float64Array(days);
    this.dayEnds = new Float64Array(days);
    this.dates = [];
    let i = 0;
    let k = 0;
    let acc = 0;
    for (const y of years) {
      for (let j = 0; j < y.starts.length; j++, i++) {
        this.starts[i] = y.starts[j]!;
        this.ends[i] = y.ends[j]!;
        this.cum[i] = acc;
        acc += y.ends[j]! - y.starts[j]!;
      }
      for (let j = 0; j < y.dates.length; j++, k++) {
        this.dates.push(y.dates[j]!);
        this.dayStarts[k] = y.dayStarts[j]!;
        this.dayEnds[k] = y.dayEnds[j]!;
      }
    }
    this.total = acc;
  }

  /** Working ms in `[from, t)`; `t` must be within `[from, to]`. */
  position(t: number): number {
    const i = upperBound(this.starts, t) - 1;
    if (i < 0) return 0;
    const s = this.starts[i]!;
    const e = this.ends[i]!;
    return this.cum[i]! + (t < e ? t - s : e - s);
  }

  /**
   * The instant where the working time from `from` reaches `target` (0 < target ≤ total):
   * the end of a period when the target is exactly there.
   */
  instantAtEnd(target: number): number {
    // First interval whose end-cumulative ≥ target.
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cum[mid]! + (this.ends[mid]! - this.starts[mid]!) < target) lo = mid + 1;
      else hi = mid;
    }
    return this.starts[lo]! + (target - this.cum[lo]!);
  }

  /** Like {@link instantAtEnd}, but the start of the next period when the target is at a boundary. */
  instantAtStart(target: number): number {
    const i = upperBound(this.cum, target) - 1;
    return this.starts[i]! + (target - this.cum[i]!);
  }

  /** Index of the interval containing `t`, or -1. */
  intervalAt(t: number): number {
    const i = upperBound(this.starts, t) - 1;
    return i >= 0 && t < this.ends[i]! ? i : -1;
  }

  /** Index of the first interval starting after `t` (may equal the length). */
  nextInterval(t: number): number {
    return upperBound(this.starts, t);
  }

  /** Index of the first working day whose date is after `date` (string order is date order). */
  firstDayAfter(date: string): number {
    let lo = 0;
    let hi = this.dates.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.dates[mid]! <= date) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
