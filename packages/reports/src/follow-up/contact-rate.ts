import type { AttemptOutcome, Visit } from '@dealercare/core';
import { ratio } from '../statistics/running-mean';

/**
 * Attempt outcomes in which the customer was reached: someone answered (`connected`), or the
 * customer spoke and refused or asked to be called back later. No answer, busy, switched off
 * and a wrong number are not contact.
 */
export const REACHED_OUTCOMES: readonly AttemptOutcome[] = [
  'connected',
  'refused',
  'call-back-later',
];

const REACHED = new Set<string>(REACHED_OUTCOMES);

/** Whether any attempt on the visit reached the customer (see {@link REACHED_OUTCOMES}). */
export function customerReached(v: Visit): boolean {
  for (const a of v.attempts) if (REACHED.has(a.outcome)) return true;
  return false;
}

/** Contact figures of a group of visits (the whole dealer, one visit type). */
export interface ContactCounts {
  /** Visits owed (not "do not visit") with at least one attempt. */
  readonly attempted: number;
  /** Of those, visits where an attempt reached the customer. */
  readonly reached: number;
  /** `reached / attempted` (接通率); `null` when nothing was attempted. */
  readonly contactRate: number | null;
}

/** Mutable tallies behind {@link ContactCounts}. */
export class ContactTally {
  private attempted = 0;
  private reached = 0;

  /** Counts one visit owed in the period. */
  add(v: Visit): void {
    if (v.attempts.length === 0) return;
    this.attempted++;
    if (customerReached(v)) this.reached++;
  }

  /** The figures so far. */
  counts(): ContactCounts {
    return {
      attempted: this.attempted,
      reached: this.reached,
      contactRate: ratio(this.reached, this.attempted),
    };
  }
}

/** Contact figures for the dealer and by visit type. */
export interface ContactReport {
  readonly totals: ContactCounts;
  /** By visit type, sorted by key. */
  readonly byType: readonly (ContactCounts & { readonly key: string })[];
}

/**
 * Contact figures over the visits owed in the period (window closing in it, not "do not
 * visit"), the population of the follow-up section, fed one visit at a time.
 */
export class ContactMetrics {
  private readonly totals = new ContactTally();
  private readonly byType = new Map<string, ContactTally>();

  /**
   * Counts a visit owed in the period. The caller (the follow-up section) has checked that its
   * window closes in the period.
   */
  add(v: Visit): void {
    if (v.state === 'doNotVisit') return;
    this.totals.add(v);
    let t = this.byType.get(v.type);
    if (t === undefined) {
      t = new ContactTally();
      this.byType.set(v.type, t);
    }
    t.add(v);
  }

  /** The figures so far. */
  result(): ContactReport {
    return {
      totals: this.totals.counts(),
      byType: [...this.byType.entries()]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([key, t]) => ({ key, ...t.counts() })),
    };
  }
}
