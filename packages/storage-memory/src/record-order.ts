import type { RecordQuery, StoredRecord } from '@dealercare/core';

/** The column a `dueAt` / `opensAt` order reads. */
export type OrderColumn = 'dueAt' | 'opensAt';

/** `a` before `b` in (column, id) order. */
function before(a: StoredRecord, b: StoredRecord, column: OrderColumn): boolean {
  const x = a[column]!;
  const y = b[column]!;
  return x < y || (x === y && a.id < b.id);
}

/**
 * A page in (column, id) order without sorting every match: keeps the best `limit` rows seen so
 * far in order, and drops a row at once when it sorts after the last of a full page. Rows
 * without the column, or not after the cursor `after`, are not listed.
 */
export class OrderedPage {
  readonly rows: StoredRecord[] = [];

  constructor(
    private readonly column: OrderColumn,
    private readonly limit: number,
    private readonly after: RecordQuery['after'],
  ) {}

  offer(r: StoredRecord): void {
    const at = r[this.column];
    if (at === undefined) return;
    const a = this.after;
    if (a !== undefined && (at < a.at || (at === a.at && r.id <= a.id))) return;
    const rows = this.rows;
    if (rows.length >= this.limit && !before(r, rows[rows.length - 1]!, this.column)) return;
    let lo = 0;
    let hi = rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (before(rows[mid]!, r, this.column)) lo = mid + 1;
      else hi = mid;
    }
    rows.splice(lo, 0, r);
    if (rows.length > this.limit) rows.pop();
  }
}
