import type { StoredRecord } from '@dealercare/core';
import * as btree from 'sorted-btree';
import type { OrderColumn } from './record-order';

/** sorted-btree's class, from its CommonJS export either way (see timer-queue.ts). */
type BTreeClass = typeof btree.default;
const BTree: BTreeClass =
  (btree.default as unknown as { default?: BTreeClass }).default ?? btree.default;

type Key = readonly [at: number, id: string];

function compare(a: Key, b: Key): number {
  return a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0);
}

/**
 * One bucket's committed rows that have `column`, in (column, id) order: a sorted page is a walk
 * from its cursor, not a pass over every row. Built on the first sorted query of the bucket and
 * kept in step on every commit after (a B+ tree: each change is a logarithmic delete and insert).
 */
export class OrderedRows {
  private readonly tree = new BTree<Key, StoredRecord>(undefined, compare);

  constructor(
    readonly column: OrderColumn,
    rows: Iterable<StoredRecord>,
  ) {
    for (const r of rows) this.add(r);
  }

  private add(r: StoredRecord): void {
    const at = r[this.column];
    if (at !== undefined) this.tree.set([at, r.id], r);
  }

  /** A row replaced (`previous` absent for a new one). */
  replace(previous: StoredRecord | undefined, next: StoredRecord): void {
    const before = previous?.[this.column];
    if (previous !== undefined && before !== undefined) this.tree.delete([before, previous.id]);
    this.add(next);
  }

  /** Rows after `(at, id)` (or from the first), in order, while `take` returns `true`. */
  walk(
    after: { readonly at: number; readonly id: string } | undefined,
    take: (r: StoredRecord) => boolean,
  ) {
    const from: Key | undefined = after === undefined ? undefined : [after.at, after.id];
    for (const [key, row] of this.tree.entries(from)) {
      if (from !== undefined && compare(key, from) === 0) continue;
      if (!take(row)) return;
    }
  }
}
