import type { TimerRecord } from '@dealercare/core';
import * as btree from 'sorted-btree';

/**
 * sorted-btree is CommonJS with `exports.default`: Node's ESM import sees the exports object,
 * bundlers and `require` see the class. Take the class either way.
 */
type BTreeClass = typeof btree.default;
const BTree: BTreeClass =
  (btree.default as unknown as { default?: BTreeClass }).default ?? btree.default;

function compare(a: TimerRecord, b: TimerRecord): number {
  return a.dueAt - b.dueAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * Pending timers in a B+ tree (sorted-btree) ordered by (dueAt, id), plus a map by id. Scheduling
 * and removing are O(log n); finding the k due timers among n is O(log n + k): an in-order walk
 * from the smallest, which leaves the queue untouched (the heap it replaces had to pop and push
 * back every timer it looked at).
 */
export class TimerQueue {
  private readonly tree = new BTree<TimerRecord, undefined>(undefined, compare);
  private readonly live = new Map<string, TimerRecord>();

  get size(): number {
    return this.live.size;
  }

  get(id: string): TimerRecord | undefined {
    return this.live.get(id);
  }

  values(): IterableIterator<TimerRecord> {
    return this.live.values();
  }

  put(timer: TimerRecord): void {
    const old = this.live.get(timer.id);
    if (old !== undefined) this.tree.delete(old);
    this.live.set(timer.id, timer);
    this.tree.set(timer, undefined);
  }

  delete(id: string): boolean {
    const old = this.live.get(id);
    if (old === undefined) return false;
    this.live.delete(id);
    this.tree.delete(old);
    return true;
  }

  /** The first `limit` timers with `dueAt <= now`, in (dueAt, id) order; the queue is unchanged. */
  due(now: number, limit: number): TimerRecord[] {
    const out: TimerRecord[] = [];
    if (limit <= 0) return out;
    for (const t of this.tree.keys()) {
      if (t.dueAt > now) break;
      if (out.push(t) >= limit) break;
    }
    return out;
  }
}
