import type { OpinionCase } from '@dealercare/core';
import type { KeyCount } from '../complaints/complaint-metrics';
import type { ResolvedPeriod } from '../period/report-period';
import { ratio } from '../statistics/running-mean';

/** Opinion-case (意见跟进) metrics of a dealer for a period (cases raised in it). */
export interface OpinionCaseReport {
  readonly total: number;
  /** By current state, sorted by state. */
  readonly byState: readonly KeyCount[];
  /** By department, sorted. */
  readonly byDepartment: readonly KeyCount[];
  /** Handling recorded after `due.handledBy`. */
  readonly handledLate: number;
  /** The form was not returned in time (state or history passed `notReturnedInTime`). */
  readonly returnedLate: number;
  /** Second follow-ups done. */
  readonly secondFollowUps: number;
  /** Share of second follow-ups where the customer was satisfied. */
  readonly satisfiedRate: number | null;
}

function counts(map: Map<string, number>): KeyCount[] {
  return [...map.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, count]) => ({ key, count }));
}

/** Opinion-case metrics, fed one case at a time. */
export class OpinionCaseMetrics {
  private total = 0;
  private readonly byState = new Map<string, number>();
  private readonly byDepartment = new Map<string, number>();
  private handledLate = 0;
  private returnedLate = 0;
  private secondFollowUps = 0;
  private satisfied = 0;

  /** @param period - cases raised in it count. */
  constructor(private readonly period: ResolvedPeriod) {}

  /** Counts a case if it was raised in the period. */
  add(o: OpinionCase): void {
    const raised = Date.parse(o.raisedAt);
    if (raised < this.period.start || raised >= this.period.end) return;
    this.total++;
    this.byState.set(o.state, (this.byState.get(o.state) ?? 0) + 1);
    this.byDepartment.set(o.department, (this.byDepartment.get(o.department) ?? 0) + 1);
    if (
      o.handling !== undefined &&
      o.due.handledBy !== undefined &&
      Date.parse(o.handling.at) > Date.parse(o.due.handledBy)
    ) {
      this.handledLate++;
    }
    if (o.history.some((h) => h.to === 'notReturnedInTime')) this.returnedLate++;
    if (o.secondFollowUp !== undefined) {
      this.secondFollowUps++;
      if (o.secondFollowUp.satisfied) this.satisfied++;
    }
  }

  /** The metrics of the cases added so far. */
  result(): OpinionCaseReport {
    return {
      total: this.total,
      byState: counts(this.byState),
      byDepartment: counts(this.byDepartment),
      handledLate: this.handledLate,
      returnedLate: this.returnedLate,
      secondFollowUps: this.secondFollowUps,
      satisfiedRate: ratio(this.satisfied, this.secondFollowUps),
    };
  }
}
