/**
 * A mean and standard deviation kept in constant memory (Welford's algorithm): reports stream
 * rows, they never hold a column of values.
 */
export class RunningMean {
  private n = 0;
  private m = 0;
  private s = 0;

  /** Adds a value; `null` and `undefined` are skipped (not answered is not zero). */
  add(x: number | null | undefined): void {
    if (x === null || x === undefined) return;
    this.n++;
    const d = x - this.m;
    this.m += d / this.n;
    this.s += d * (x - this.m);
  }

  /** How many values were added. */
  get count(): number {
    return this.n;
  }

  /** The mean, or `null` with no values. */
  get mean(): number | null {
    return this.n === 0 ? null : this.m;
  }

  /** Population standard deviation, or `null` with no values. */
  get standardDeviation(): number | null {
    return this.n === 0 ? null : Math.sqrt(this.s / this.n);
  }
}

/** `part / whole`, or `null` when `whole` is 0. */
export function ratio(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}
