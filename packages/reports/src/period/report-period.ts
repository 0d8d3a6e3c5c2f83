import { ValidationError } from '@dealercare/core';
import { zonedMidnight } from './time-zone';

/** A reporting period: local calendar dates in the dealer's time zone, both inclusive. */
export interface ReportPeriod {
  /** First day, `YYYY-MM-DD`. */
  readonly from: string;
  /** Last day, `YYYY-MM-DD` (inclusive). */
  readonly to: string;
}

/** A period resolved to instants: `[start, end)` in epoch ms. */
export interface ResolvedPeriod extends ReportPeriod {
  readonly timeZone: string;
  readonly start: number;
  readonly end: number;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isValidDate(s: string): boolean {
  const m = DATE.exec(s);
  if (m === null) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}

/** The day after a `YYYY-MM-DD` date. */
export function nextDate(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/**
 * Checks a period and resolves it to instants in a time zone. A malformed date or `to`
 * before `from` throws a `ValidationError` naming the field.
 */
export function resolvePeriod(period: ReportPeriod, timeZone: string): ResolvedPeriod {
  const issues = [];
  if (!isValidDate(period.from)) {
    issues.push({ path: ['period', 'from'], message: 'must be a date YYYY-MM-DD', code: 'date' });
  }
  if (!isValidDate(period.to)) {
    issues.push({ path: ['period', 'to'], message: 'must be a date YYYY-MM-DD', code: 'date' });
  }
  if (issues.length === 0 && period.to < period.from) {
    issues.push({ path: ['period', 'to'], message: 'must not be before from', code: 'order' });
  }
  if (issues.length > 0) throw new ValidationError('report period', issues);
  return {
    from: period.from,
    to: period.to,
    timeZone,
    start: zonedMidnight(period.from, timeZone),
    end: zonedMidnight(nextDate(period.to), timeZone),
  };
}

/** The calendar month of a date as a period, e.g. `monthPeriod(2026, 3)` → 2026-03-01..31. */
export function monthPeriod(year: number, month: number): ReportPeriod {
  if (!Number.isInteger(year) || !Number.isInteger(month) || month < 1 || month > 12) {
    throw new ValidationError('report month', [
      { path: ['month'], message: 'must be a year and a month 1–12', code: 'month' },
    ]);
  }
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const mm = String(month).padStart(2, '0');
  return { from: `${year}-${mm}-01`, to: `${year}-${mm}-${String(last).padStart(2, '0')}` };
}
