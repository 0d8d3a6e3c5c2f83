import type { Visit } from '@dealercare/core';
import { RunningMean, ratio } from '../statistics/running-mean';
import { customerReached } from './contact-rate';
import { completedAt } from './follow-up-counts';

/** Key used for repair visits whose repair order named no service advisor. */
export const NO_ADVISOR = '(none)';

/** Follow-up figures of the visits made after one service advisor's repairs. */
export interface ServiceAdvisorFigures {
  /** The service advisor (`subject.staffId` of a visit made from a repair), or {@link NO_ADVISOR}. */
  readonly key: string;
  /** Visits owed: window closing in the period, not "do not visit". */
  readonly owed: number;
  /** Completed. */
  readonly made: number;
  /** Completed by the window's due time (`extendedDueAt` after a call-back that moved it). */
  readonly onTime: number;
  /** Owed visits with at least one attempt. */
  readonly attempted: number;
  /** Of those, where an attempt reached the customer (see `REACHED_OUTCOMES`). */
  readonly reached: number;
  /** `reached / attempted`. */
  readonly contactRate: number | null;
  /** `made / owed`. */
  readonly followUpRate: number | null;
  /** Completed visits whose result says whether the customer is satisfied (`result.satisfied` not `null`). */
  readonly satisfactionAnswered: number;
  /** Of those, satisfied. */
  readonly satisfied: number;
  /** `satisfied / satisfactionAnswered`: the service satisfaction (服务满意度) of the advisor's customers. */
  readonly satisfiedRate: number | null;
  /** Mean survey index (0–100) of the completed visits' responses (CSI, post-repair form). */
  readonly surveyIndex: number | null;
}

/** Follow-up figures per service advisor, and for every repair visit together. */
export interface ServiceAdvisorReport {
  /** Every visit made from a repair (`subject.repairOrderId`): the dealer's service follow-up. */
  readonly totals: Omit<ServiceAdvisorFigures, 'key'>;
  /** By service advisor, sorted by key. */
  readonly byAdvisor: readonly ServiceAdvisorFigures[];
}

class AdvisorTally {
  owed = 0;
  made = 0;
  onTime = 0;
  attempted = 0;
  reached = 0;
  answered = 0;
  satisfied = 0;
  readonly index = new RunningMean();

  add(v: Visit, due: number): void {
    this.owed++;
    if (v.attempts.length > 0) {
      this.attempted++;
      if (customerReached(v)) this.reached++;
    }
    if (v.state !== 'completed') return;
    this.made++;
    const done = completedAt(v);
    if (done === undefined || done <= due) this.onTime++;
    const satisfied = v.result?.satisfied;
    if (satisfied !== undefined && satisfied !== null) {
      this.answered++;
      if (satisfied) this.satisfied++;
    }
    this.index.add(v.response?.score.index);
  }

  figures(): Omit<ServiceAdvisorFigures, 'key'> {
    return {
      owed: this.owed,
      made: this.made,
      onTime: this.onTime,
      attempted: this.attempted,
      reached: this.reached,
      contactRate: ratio(this.reached, this.attempted),
      followUpRate: ratio(this.made, this.owed),
      satisfactionAnswered: this.answered,
      satisfied: this.satisfied,
      satisfiedRate: ratio(this.satisfied, this.answered),
      surveyIndex: this.index.mean,
    };
  }
}

/**
 * Follow-up figures per service advisor (服务顾问): over the visits made after a repair
 * (`subject.repairOrderId` set: post-repair visits and the CSI sample), owed in the period
 * (window closing in it, as in the follow-up section), grouped by the repair's service advisor
 * (`subject.staffId`). Visits owed, made, on time, attempted and reached, and the satisfaction
 * of the advisor's customers. Fed one visit at a time; memory grows with the advisors only.
 */
export class ServiceAdvisorMetrics {
  private readonly totals = new AdvisorTally();
  private readonly byAdvisor = new Map<string, AdvisorTally>();

  /**
   * Counts a visit whose window closes in the period (the caller checked it).
   *
   * @param due - the visit's due instant, epoch ms (`extendedDueAt` when set, else `dueAt`).
   */
  add(v: Visit, due: number): void {
    if (v.subject.repairOrderId === undefined || v.state === 'doNotVisit') return;
    this.totals.add(v, due);
    const key = v.subject.staffId ?? NO_ADVISOR;
    let t = this.byAdvisor.get(key);
    if (t === undefined) {
      t = new AdvisorTally();
      this.byAdvisor.set(key, t);
    }
    t.add(v, due);
  }

  /** The figures so far. */
  result(): ServiceAdvisorReport {
    return {
      totals: this.totals.figures(),
      byAdvisor: [...this.byAdvisor.entries()]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([key, t]) => ({ key, ...t.figures() })),
    };
  }
}
