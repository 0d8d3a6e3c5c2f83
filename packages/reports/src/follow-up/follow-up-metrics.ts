import type { Visit } from '@dealercare/core';
import { parseInstant } from '../period/parse-instant';
import type { ResolvedPeriod } from '../period/report-period';
import { completedAt, type FollowUpCounts, FollowUpTally } from './follow-up-counts';

/** Key used for visits nobody has worked on yet. */
export const UNASSIGNED = '(unassigned)';

/** Follow-up figures of one group (a visit type or an agent). */
export interface FollowUpGroup extends FollowUpCounts {
  /** Visit type id or agent (actor) id. */
  readonly key: string;
}

/** Follow-up metrics of a dealer for a period. */
export interface FollowUpReport {
  /** The follow-up rate target: every visit due is done (1 = 100 %). */
  readonly target: 1;
  /** `followUpRate − target` (≤ 0); `null` when nothing is due. */
  readonly gapToTarget: number | null;
  /** The whole dealer. */
  readonly totals: FollowUpCounts;
  /** By visit type (`firstLevel`, `secondLevel`, `postRepair`, …), sorted by key. */
  readonly byType: readonly FollowUpGroup[];
  /**
   * By agent, sorted by key: the visit's assignee (`assignee.actorId`) when set, else the
   * person who made the last attempt, else {@link UNASSIGNED}.
   */
  readonly byAgent: readonly FollowUpGroup[];
}

/** The agent a visit is counted for (see {@link FollowUpReport.byAgent}). */
export function agentOf(v: Visit): string {
  return v.assignee.actorId ?? v.attempts[v.attempts.length - 1]?.by.id ?? UNASSIGNED;
}

function groups(map: Map<string, FollowUpTally>): FollowUpGroup[] {
  return [...map.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, t]) => ({ key, ...t.counts() }));
}

function tally(map: Map<string, FollowUpTally>, key: string): FollowUpTally {
  let t = map.get(key);
  if (t === undefined) {
    t = new FollowUpTally();
    map.set(key, t);
  }
  return t;
}

/**
 * Follow-up metrics over the visits whose window closes (`window.dueAt`) in the period, fed
 * one visit at a time. Memory grows with the number of visit types and agents only.
 */
export class FollowUpMetrics {
  private readonly totals = new FollowUpTally();
  private readonly byType = new Map<string, FollowUpTally>();
  private readonly byAgent = new Map<string, FollowUpTally>();
  private readonly instants: { dueAt: number; doneAt: number | undefined } = {
    dueAt: 0,
    doneAt: undefined,
  };

  /**
   * @param period - the period visits are due in.
   * @param asOf - "now" for overdue vs pending, epoch ms.
   */
  constructor(
    private readonly period: ResolvedPeriod,
    private readonly asOf: number,
  ) {}

  /**
   * Counts a visit if its window closes in the period.
   *
   * @param dueAt - the visit's due time in epoch ms (`window.extendedDueAt` after a call-back
   *   that moved it, else `window.dueAt`) when the caller has it (the stored record's
   *   `dueAt` column), saving a parse.
   */
  add(v: Visit, dueAt?: number): void {
    const due = dueAt ?? parseInstant(v.window.extendedDueAt ?? v.window.dueAt);
    if (due < this.period.start || due >= this.period.end) return;
    // Instants parsed once per visit, not once per group it is counted in (one scratch object,
    // not one per visit).
    const instants = this.instants;
    instants.dueAt = due;
    instants.doneAt = v.state === 'completed' ? completedAt(v) : undefined;
    this.totals.add(v, this.asOf, instants);
    tally(this.byType, v.type).add(v, this.asOf, instants);
    tally(this.byAgent, agentOf(v)).add(v, this.asOf, instants);
  }

  /** The metrics of the visits added so far. */
  result(): FollowUpReport {
    const t = this.totals.counts();
    return {
      target: 1,
      gapToTarget: t.followUpRate === null ? null : t.followUpRate - 1,
      totals: t,
      byType: groups(this.byType),
      byAgent: groups(this.byAgent),
    };
  }
}
