import { localDateTime } from '../period/time-zone';
import type { ColumnFormat, ReportCell } from './report-table';

/** A cell as display text (CSV and HTML): percentages with `%`, instants in local time. */
export function formatCell(value: ReportCell, format: ColumnFormat, timeZone: string): string {
  if (value === null) return '';
  if (typeof value === 'string') {
    if (format === 'datetime') {
      const t = Date.parse(value);
      return Number.isNaN(t) ? value : localDateTime(t, timeZone);
    }
    return value;
  }
  switch (format) {
    case 'integer':
      return String(Math.round(value));
    case 'percent':
      return `${(value * 100).toFixed(1)}%`;
    case 'score':
      return value.toFixed(1);
    case 'decimal':
      return value.toFixed(2);
    default:
      return String(value);
  }
}
