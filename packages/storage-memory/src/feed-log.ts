import type { DomainEvent } from '@dealercare/core';
import { klona } from 'klona/json';

/**
 * Every dealer's committed events in one array, in `seq` order: the cross-dealer feed. Memory
 * transactions commit one at a time and number events as they commit, so `seq` order is commit
 * order and a reader "after seq N" can never miss a late commit.
 */
export class FeedLog {
  private readonly events: DomainEvent[] = [];

  /** Appends committed events (their `seq` greater than any before). */
  push(event: DomainEvent): void {
    this.events.push(event);
  }

  /** Replaces the event with `event.seq` (erasure rewrote it). */
  replace(event: DomainEvent): void {
    const i = this.firstAfter(event.seq! - 1);
    if (this.events[i]?.seq === event.seq) this.events[i] = event;
  }

  /** Copies of at most `limit` events with `seq > after`. */
  page(after: number, limit: number): DomainEvent[] {
    const from = this.firstAfter(after);
    return this.events.slice(from, from + limit).map((e) => klona(e));
  }

  /** The index of the first event with `seq > after`. */
  private firstAfter(after: number): number {
    let lo = 0;
    let hi = this.events.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.events[mid]!.seq! <= after) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
