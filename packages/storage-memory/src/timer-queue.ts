import type { TimerRecord } from '@dealercare/core';
import { Heap } from 'heap-js';

interface Entry {
  readonly dueAt: number;
  readonly id: string;
  /** Which write of this id the entry belongs to; stale entries are skipped (lazy deletion). */
  readonly stamp: number;
}

function compare(a: Entry, b: Entry): number {
  return a.dueAt - b.dueAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * Pending timers in a binary min-heap (heap-js) by (dueAt, id) with lazy deletion, so scheduling is
 * O(log n) and finding k due timers among n is O(k log n) — not a scan of every timer.
 */
export class TimerQueue {
  private readonly heap = new Heap<Entry>(compare);
  private readonly live = new Map<string, { timer: TimerRecord; stamp: number }>();
  private stamps = 0;

  get size(): number {
    return this.live.size;
  }

  get(id: string): TimerRecord | undefined {
    return this.live.get(id)?.timer;
  }

  values(): IterableIterator<{ timer: TimerRecord }> {
    return this.live.values();
  }

  put(timer: TimerRecord): void {
    const stamp = ++this.stamps;
    this.live.set(timer.id, { timer, stamp });
    this.heap.push({ dueAt: timer.dueAt, id: timer.id, stamp });
  }

  delete(id: string): boolean {
    return this.live.delete(id);
  }

  /** The first `limit` live timers with `dueAt <= now`, in order; the queue is unchanged. */
  due(now: number, limit: number): TimerRecord[] {
    const taken: Entry[] = [];
    const out: TimerRecord[] = [];
    for (;;) {
      if (out.length >= limit) break;
      const top = this.heap.peek();
      if (top === undefined || top.dueAt > now) break;
      this.heap.pop();
      const cur = this.live.get(top.id);
      if (cur === undefined || cur.stamp !== top.stamp) continue; // stale: dropped for good
      taken.push(top);
      out.push(cur.timer);
    }
    for (const e of taken) this.heap.push(e);
    return out;
  }
}
