/**
 * A deliberately naive working calendar, written apart from the library, used as the oracle of
 * the property tests: it walks time one minute at a time and asks, for each minute, whether its
 * local wall-clock time falls in a work period of its local date. It shares no code with
 * `createBusinessCalendar` (local time comes from `Intl`, not from `@date-fns/tz`).
 *
 * Valid for calendars whose period boundaries avoid the hours in which clocks change (the
 * generators keep boundaries within 06:00–22:00, or use whole days 00:00–24:00).
 */
import type { CalendarDefinitionInput, WorkPeriod } from '../../src';

const MINUTE = 60_000;
const SLOT = 15 * MINUTE; // zone offsets only change on quarter hours
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

function clock(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
}

export class ReferenceCalendar {
  private readonly fmt: Intl.DateTimeFormat;
  private readonly offsets = new Map<number, number>();
  private readonly days = new Map<string, ReadonlyArray<readonly [number, number]>>();

  constructor(private readonly def: CalendarDefinitionInput) {
    this.fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: def.timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
  }

  /** Local wall-clock time of `t` as if it were UTC (ms). */
  private local(t: number): number {
    const slot = Math.floor(t / SLOT);
    let off = this.offsets.get(slot);
    if (off === undefined) {
      const p = Object.fromEntries(
        this.fmt.formatToParts(slot * SLOT).map((x) => [x.type, Number(x.value)]),
      ) as Record<string, number>;
      off = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!) - slot * SLOT;
      this.offsets.set(slot, off);
    }
    return t + off;
  }

  private periodsOf(date: string, weekday: number): ReadonlyArray<readonly [number, number]> {
    const cached = this.days.get(date);
    if (cached) return cached;
    const d = this.def;
    let periods: readonly WorkPeriod[] | undefined = d.overrides?.find(
      (o) => o.date === date,
    )?.periods;
    if (periods === undefined) {
      const h = d.holidays?.find((x) => x.date === date);
      if (h) periods = h.periods ?? [];
    }
    if (periods === undefined) {
      const w = d.workdays?.find((x) => x.date === date);
      if (w) periods = w.periods ?? d.weekly[w.as ?? 'mon'] ?? [];
    }
    periods ??= d.weekly[WEEKDAYS[weekday]!] ?? [];
    const out = periods.map((p) => [clock(p.start), clock(p.end)] as const);
    this.days.set(date, out);
    return out;
  }

  /** Whether the minute starting at `t` (minute-aligned) is working time. */
  isWorkingMinute(t: number): boolean {
    const l = new Date(this.local(t));
    const date = l.toISOString().slice(0, 10);
    const m = l.getUTCHours() * 60 + l.getUTCMinutes();
    return this.periodsOf(date, l.getUTCDay()).some(([s, e]) => m >= s && m < e);
  }

  /** Local date of an instant. */
  localDate(t: number): string {
    return new Date(this.local(t)).toISOString().slice(0, 10);
  }

  isWorkingDate(date: string): boolean {
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    return this.periodsOf(date, weekday).length > 0;
  }

  /** `m` working minutes after the minute-aligned `t`, one minute at a time. */
  add(t: number, m: number): number {
    let at = t;
    if (m === 0) {
      while (!this.isWorkingMinute(at)) at += MINUTE;
      return at;
    }
    let left = m;
    for (;;) {
      if (this.isWorkingMinute(at) && --left === 0) return at + MINUTE;
      at += MINUTE;
    }
  }

  /** Working minutes in `[a, b)`, both minute-aligned, `a ≤ b`. */
  between(a: number, b: number): number {
    let n = 0;
    for (let at = a; at < b; at += MINUTE) if (this.isWorkingMinute(at)) n++;
    return n;
  }
}
