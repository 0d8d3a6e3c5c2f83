import type { Visit } from '@dealercare/core';
import { parseInstant } from '../period/parse-instant';
import { ratio } from '../statistics/running-mean';

/** Follow-up figures of a group of visits (the whole dealer, one visit type, one agent). */
export interface FollowUpCounts {
  /** Visits whose window closes (`window.dueAt`) in the period, in any state. */
  readonly total: number;
  /** Marked "do not visit" (vehicle not picked up): excluded from `due`. */
  readonly doNotVisit: number;
  /** `total − doNotVisit`: the visits the dealer owes. */
  readonly due: number;
  /** Completed (connected, result recorded). */
  readonly done: number;
  /** Completed at or before the window's due instant. */
  readonly onTime: number;
  /** Completed after the window's due instant. */
  readonly late: number;
  /** Still waiting (scheduled, open, attempting, blocked) and past due at `asOf`. */
  readonly overdue: number;
  /** Still waiting and not yet due at `asOf`. */
  readonly pending: number;
  /** Closed as unreachable after the last allowed attempt. */
  readonly unreachable: number;
  /** Cancelled (refused or withdrawn). */
  readonly cancelled: number;
  /** Call attempts recorded on the `due` visits. */
  readonly attempts: number;
  /** `done / due` (target 1 = 100 %); `null` when nothing is due. */
  readonly followUpRate: number | null;
  /** `onTime / due`; `null` when nothing is due. */
  readonly onTimeRate: number | null;
  /** `attempts / due`; `null` when nothing is due. */
  readonly attemptsPerVisit: number | null;
}

const WAITING = new Set(['scheduled', 'open', 'attempting', 'blocked']);

/** When a visit was (last) completed, epoch ms, or `undefined`. */
export function completedAt(v: Visit): number | undefined {
  if (v.result !== undefined) return parseInstant(v.result.at);
  for (let i = v.history.length - 1; i >= 0; i--) {
    if (v.history[i]!.to === 'completed') return parseInstant(v.history[i]!.at);
  }
  return undefined;
}

/** A visit's due and completion instants, epoch ms. */
export interface VisitInstants {
  readonly dueAt: number;
  /** {@link completedAt}; `undefined` when not completed. */
  readonly doneAt: number | undefined;
}

/** Mutable tallies behind {@link FollowUpCounts}. */
export class FollowUpTally {
  private total = 0;
  private doNotVisit = 0;
  private done = 0;
  private onTime = 0;
  private late = 0;
  private overdue = 0;
  private pending = 0;
  private unreachable = 0;
  private cancelled = 0;
  private attempts = 0;

  /**
   * Counts one visit due in the period, as of `asOf` (epoch ms). `instants`: the visit's due
   * instant and {@link completedAt} in epoch ms, when the caller already has them (parsed once
   * for several tallies).
   */
  add(v: Visit, asOf: number, instants?: VisitInstants): void {
    const dueAt = instants?.dueAt ?? parseInstant(v.window.extendedDueAt ?? v.window.dueAt);
    const doneAt =
      instants !== undefined
        ? instants.doneAt
        : v.state === 'completed'
          ? completedAt(v)
          : undefined;
    this.total++;
    if (v.state === 'doNotVisit') {
      this.doNotVisit++;
      return;
    }
    this.attempts += v.attempts.length;
    if (v.state === 'completed') {
      this.done++;
      if (doneAt !== undefined && doneAt > dueAt) this.late++;
      else this.onTime++;
    } else if (v.state === 'unreachable') this.unreachable++;
    else if (v.state === 'cancelled') this.cancelled++;
    else if (WAITING.has(v.state)) {
      if (asOf > dueAt) this.overdue++;
      else this.pending++;
    }
  }

  /** The figures so far. */
  counts(): FollowUpCounts {
    const due = this.total - this.doNotVisit;
    return {
      total: this.total,
      doNotVisit: this.doNotVisit,
      due,
      done: this.done,
      onTime: this.onTime,
      late: this.late,
      overdue: this.overdue,
      pending: this.pending,
      unreachable: this.unreachable,
      cancelled: this.cancelled,
      attempts: this.attempts,
      followUpRate: ratio(this.done, due),
      onTimeRate: ratio(this.onTime, due),
      attemptsPerVisit: ratio(this.attempts, due),
    };
  }
}
