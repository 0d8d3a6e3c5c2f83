import { zonedMidnight } from './time-zone';

/**
 * Consecutive local months (`YYYY-MM`) with their start instants in a time zone, so that the
 * month of an instant is found by comparing numbers: no `Intl` call per row.
 */
export class MonthBuckets {
  /** The months, oldest first. */
  readonly months: readonly string[];
  private readonly starts: readonly number[];
  /** End of the last month (exclusive), epoch ms. */
  readonly end: number;

  /**
   * @param last - the last month, `YYYY-MM`.
   * @param count - how many months, ending with `last`.
   * @param timeZone - IANA time zone of the dealer.
   */
  constructor(last: string, count: number, timeZone: string) {
    const y = Number(last.slice(0, 4));
    const m = Number(last.slice(5, 7));
    const months: string[] = [];
    for (let i = count; i >= 0; i--) {
      months.push(new Date(Date.UTC(y, m - 1 - i + 1, 1)).toISOString().slice(0, 7));
    }
    // `months` holds count + 1 entries: the extra one is the month after `last` (the end).
    this.starts = months.map((month) => zonedMidnight(`${month}-01`, timeZone));
    this.end = this.starts[count]!;
    this.starts = this.starts.slice(0, count);
    this.months = months.slice(0, count);
  }

  /** Start of the first month, epoch ms. */
  get start(): number {
    return this.starts[0]!;
  }

  /** Index of the month holding `t`, or -1 outside the months. */
  indexOf(t: number): number {
    if (t >= this.end) return -1;
    for (let i = this.starts.length - 1; i >= 0; i--) if (t >= this.starts[i]!) return i;
    return -1;
  }
}
