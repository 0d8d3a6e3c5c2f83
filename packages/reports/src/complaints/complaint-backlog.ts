import {
  type BusinessCalendar,
  type Complaint,
  type DeadlineExpression,
  resolveDeadline,
} from '@dealercare/core';
import type { ResolvedPeriod } from '../period/report-period';
import type { KeyCount } from './complaint-metrics';

/** Key used for an open complaint nobody has taken yet (only its role is known). */
export const NO_OWNER = '(unassigned)';

/** Open complaints of one owner: a role, and the person once someone has the complaint. */
export interface BacklogOwner {
  /** The role that owns the complaints (`serviceManager`, `partsManager`, …). */
  readonly role: string;
  /** The person (`owner.actorId`), or {@link NO_OWNER}. */
  readonly owner: string;
  /** Open (not yet resolved) at `asOf`. */
  readonly open: number;
  /** Of those, past their stored deadline at `asOf`. */
  readonly pastDeadline: number;
}

/** Where the complaints received in the period stand at `asOf`. */
export interface PeriodComplaintStanding {
  /** Received in the period (and by `asOf`). */
  readonly received: number;
  /** Not yet resolved. */
  readonly open: number;
  /** Resolved, but not closed: the customer's satisfaction is not yet checked (`resolved`, `satisfactionCheck`). */
  readonly resolvedOnly: number;
  /** Closed. */
  readonly closed: number;
}

/**
 * The complaint backlog a manager chases: every complaint received by `asOf` that is not
 * finished, whatever period it was received in, as it stood at `asOf`; and how the period's
 * complaints stand (closed vs only resolved).
 */
export interface ComplaintBacklog {
  /** Open (not yet resolved) at `asOf`: every state before `resolved`, and `rejected`, `reopened`. */
  readonly open: number;
  /**
   * Open and past the resolution deadline at `asOf`: the stored `sla.dueAt` (or, for a complaint
   * reopened after `asOf`, the deadline of the clock that ran then); a clock paused at `asOf`
   * (waiting for the customer) is judged at its pause.
   */
  readonly openPastDeadline: number;
  /** Open complaints by state, sorted by state. */
  readonly openByState: readonly KeyCount[];
  /** Open complaints by owner (role, then person), sorted. */
  readonly openByOwner: readonly BacklogOwner[];
  /** Resolved but not closed at `asOf` (satisfaction not yet checked). */
  readonly resolvedOnly: number;
  /** Of those, with the satisfaction check's due time (`satisfactionCheckDueAt`) passed at `asOf`. */
  readonly resolvedOnlyCheckOverdue: number;
  /** The complaints received in the period. */
  readonly period: PeriodComplaintStanding;
}

const RESOLVED_ONLY = new Set(['resolved', 'satisfactionCheck']);

/** Whether a complaint (as it stood at `asOf`) is open: not resolved, not closed. */
export function isOpenComplaint(c: Complaint): boolean {
  return c.state !== 'closed' && !RESOLVED_ONLY.has(c.state);
}

/** How the backlog finds the deadline of a clock restarted after `asOf` (see {@link deadlineAsOf}). */
export interface BacklogDeadlines {
  /** The pack's `complaints.resolveWithin`. */
  readonly resolveWithin: DeadlineExpression;
  /** The dealer's working calendar. */
  readonly calendar: BusinessCalendar;
}

/**
 * The resolution deadline in force at `asOf` (epoch ms): the stored `sla.dueAt`, unless the
 * clock was restarted after `asOf` (the complaint was reopened later: `sla.startedAt` after
 * `asOf`). Then the stored deadline is the later clock's, and the one that ran at `asOf` is worked
 * out as the engine set it: `resolveWithin` from that clock's start (the last reopening by
 * `asOf`, else the receipt) on the dealer's calendar. Without `deadlines`, the stored one.
 */
export function deadlineAsOf(c: Complaint, asOf: number, deadlines?: BacklogDeadlines): number {
  const started = c.sla.startedAt === undefined ? undefined : Date.parse(c.sla.startedAt);
  if (deadlines === undefined || started === undefined || started <= asOf) {
    return Date.parse(c.sla.dueAt);
  }
  const reopened = c.history.findLast((h) => h.to === 'reopened' && Date.parse(h.at) <= asOf);
  const start = Date.parse(reopened?.at ?? c.createdAt);
  return resolveDeadline(deadlines.resolveWithin, start, deadlines.calendar);
}

/**
 * Whether an open complaint is past its deadline at `asOf` (epoch ms): the stored `sla.dueAt`, or
 * the one in force at `asOf` when `deadlines` are given ({@link deadlineAsOf}). A clock paused
 * by then counts at the pause; a pause that began after `asOf` does not stop it.
 */
export function pastDeadlineAt(c: Complaint, asOf: number, deadlines?: BacklogDeadlines): boolean {
  const paused = c.sla.pausedAt === undefined ? undefined : Date.parse(c.sla.pausedAt);
  const clock = paused !== undefined && paused <= asOf ? paused : asOf;
  return clock > deadlineAsOf(c, asOf, deadlines);
}

function sorted(map: Map<string, number>): KeyCount[] {
  return [...map.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, count]) => ({ key, count }));
}

/**
 * The complaint backlog, fed one complaint at a time (each as it stood at `asOf`, see
 * `complaintAsOf`). Memory grows with the states and owners, not with the complaints.
 */
export class ComplaintBacklogMetrics {
  private open = 0;
  private openPastDeadline = 0;
  private readonly byState = new Map<string, number>();
  private readonly byOwner = new Map<
    string,
    { role: string; owner: string; open: number; pastDeadline: number }
  >();
  private resolvedOnly = 0;
  private checkOverdue = 0;
  private readonly inPeriod = { received: 0, open: 0, resolvedOnly: 0, closed: 0 };

  /**
   * @param period - the period whose complaints get {@link ComplaintBacklog.period}.
   * @param asOf - the snapshot instant, epoch ms.
   * @param deadlines - to find the deadline of a clock restarted after `asOf` (else the stored one).
   */
  constructor(
    private readonly period: ResolvedPeriod,
    private readonly asOf: number,
    private readonly deadlines?: BacklogDeadlines,
  ) {}

  /** Counts a complaint as it stood at `asOf`. */
  add(c: Complaint): void {
    const created = Date.parse(c.createdAt);
    const inPeriod = created >= this.period.start && created < this.period.end;
    if (inPeriod) this.inPeriod.received++;
    if (c.state === 'closed') {
      if (inPeriod) this.inPeriod.closed++;
      return;
    }
    if (RESOLVED_ONLY.has(c.state)) {
      this.resolvedOnly++;
      if (inPeriod) this.inPeriod.resolvedOnly++;
      const check = c.satisfactionCheckDueAt;
      if (check !== undefined && Date.parse(check) < this.asOf) this.checkOverdue++;
      return;
    }
    if (inPeriod) this.inPeriod.open++;
    this.open++;
    this.byState.set(c.state, (this.byState.get(c.state) ?? 0) + 1);
    const owner = c.owner.actorId ?? NO_OWNER;
    const key = `${c.owner.role}\u0000${owner}`;
    let row = this.byOwner.get(key);
    if (row === undefined) {
      row = { role: c.owner.role, owner, open: 0, pastDeadline: 0 };
      this.byOwner.set(key, row);
    }
    row.open++;
    if (pastDeadlineAt(c, this.asOf, this.deadlines)) {
      this.openPastDeadline++;
      row.pastDeadline++;
    }
  }

  /** The backlog of the complaints added so far. */
  result(): ComplaintBacklog {
    return {
      open: this.open,
      openPastDeadline: this.openPastDeadline,
      openByState: sorted(this.byState),
      openByOwner: [...this.byOwner.entries()]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([, r]) => ({ ...r })),
      resolvedOnly: this.resolvedOnly,
      resolvedOnlyCheckOverdue: this.checkOverdue,
      period: { ...this.inPeriod },
    };
  }
}
