import type { BusinessCalendar, Complaint } from '@dealercare/core';
import type { ResolvedPeriod } from '../period/report-period';
import { RunningMean, ratio } from '../statistics/running-mean';

/** Key used for complaints not yet classified. */
export const UNCATEGORISED = '(uncategorised)';

/** A count under a key (a source, a category, a tier). */
export interface KeyCount {
  readonly key: string;
  readonly count: number;
}

/** A complaint past its resolution deadline, for the list managers chase. */
export interface BreachedComplaint {
  readonly complaintId: string;
  readonly customerId: string;
  /** The customer's name (personal data: masked by renderers unless asked otherwise). */
  readonly customerName: string | null;
  /** The customer's first phone (personal data: masked by renderers unless asked otherwise). */
  readonly customerPhone: string | null;
  readonly category: string;
  readonly tier: number;
  readonly state: string;
  /** Resolution deadline, ISO instant. */
  readonly dueAt: string;
  /** When it was resolved, ISO instant, or `null` if still unresolved. */
  readonly resolvedAt: string | null;
}

/** Complaint metrics of a dealer for a period (complaints created in it). */
export interface ComplaintReport {
  readonly total: number;
  readonly bySource: readonly KeyCount[];
  readonly byCategory: readonly KeyCount[];
  /** By current tier (`1`–`3`). */
  readonly byTier: readonly KeyCount[];
  /** Resolved (state resolved, satisfactionCheck or closed). */
  readonly resolved: number;
  /** Resolved after `sla.dueAt`, or unresolved with `sla.dueAt` passed at `asOf` (a paused clock counts at the pause). */
  readonly slaBreached: number;
  /** `slaBreached / total`. */
  readonly slaBreachRate: number | null;
  /** Escalation steps taken (manual and ladder), summed. */
  readonly escalations: number;
  /** Complaints escalated at least once. */
  readonly escalated: number;
  /** Complaints reopened at least once. */
  readonly reopened: number;
  /** `reopened / total`. */
  readonly reopenRate: number | null;
  /** Mean working hours from creation to resolution (dealer calendar), resolved complaints. */
  readonly meanResolutionWorkingHours: number | null;
  /** Longest of those. */
  readonly maxResolutionWorkingHours: number | null;
  /** Breached complaints, oldest deadline first, at most `detailLimit`. */
  readonly breaches: readonly BreachedComplaint[];
}

const RESOLVED = new Set(['resolved', 'satisfactionCheck', 'closed']);

function counts(map: Map<string, number>): KeyCount[] {
  return [...map.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, count]) => ({ key, count }));
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/** Whether a complaint breached its resolution SLA as of `asOf`, and when it was resolved. */
export function slaOutcome(
  c: Complaint,
  asOf: number,
): { breached: boolean; resolvedAt: number | null } {
  const due = Date.parse(c.sla.dueAt);
  if (RESOLVED.has(c.state) && c.resolution !== undefined) {
    const at = Date.parse(c.resolution.at);
    return { breached: at > due, resolvedAt: at };
  }
  const clock = c.sla.pausedAt !== undefined ? Date.parse(c.sla.pausedAt) : asOf;
  return { breached: clock > due, resolvedAt: null };
}

/**
 * Complaint metrics over the complaints created in the period, fed one at a time. Keeps the
 * `detailLimit` breaches with the earliest deadlines (bounded memory).
 */
export class ComplaintMetrics {
  private total = 0;
  private readonly bySource = new Map<string, number>();
  private readonly byCategory = new Map<string, number>();
  private readonly byTier = new Map<string, number>();
  private resolved = 0;
  private breached = 0;
  private escalations = 0;
  private escalated = 0;
  private reopened = 0;
  private readonly hours = new RunningMean();
  private maxHours: number | null = null;
  private breaches: BreachedComplaint[] = [];

  /**
   * @param period - complaints created in it count.
   * @param asOf - "now" for unresolved complaints, epoch ms.
   * @param calendar - the dealer's working calendar (resolution time in working hours).
   * @param detailLimit - how many breached complaints to list.
   */
  constructor(
    private readonly period: ResolvedPeriod,
    private readonly asOf: number,
    private readonly calendar: BusinessCalendar,
    private readonly detailLimit: number,
  ) {}

  /** Counts a complaint if it was created in the period. */
  add(c: Complaint): void {
    const created = Date.parse(c.createdAt);
    if (created < this.period.start || created >= this.period.end) return;
    this.total++;
    bump(this.bySource, c.source);
    bump(this.byCategory, c.category ?? UNCATEGORISED);
    bump(this.byTier, String(c.tier));
    this.escalations += c.escalations;
    if (c.escalations > 0) this.escalated++;
    if (c.reopenCount > 0) this.reopened++;
    const { breached, resolvedAt } = slaOutcome(c, this.asOf);
    if (resolvedAt !== null) {
      this.resolved++;
      const h = this.calendar.workingMinutesBetween(created, resolvedAt) / 60;
      this.hours.add(h);
      this.maxHours = this.maxHours === null ? h : Math.max(this.maxHours, h);
    }
    if (breached) {
      this.breached++;
      this.keepBreach({
        complaintId: c.id,
        customerId: c.customerId,
        customerName: null,
        customerPhone: null,
        category: c.category ?? UNCATEGORISED,
        tier: c.tier,
        state: c.state,
        dueAt: c.sla.dueAt,
        resolvedAt: resolvedAt === null ? null : new Date(resolvedAt).toISOString(),
      });
    }
  }

  private keepBreach(b: BreachedComplaint): void {
    if (this.detailLimit <= 0) return;
    this.breaches.push(b);
    if (this.breaches.length > this.detailLimit * 2) this.trimBreaches();
  }

  private trimBreaches(): void {
    this.breaches.sort(
      (a, b) => a.dueAt.localeCompare(b.dueAt) || (a.complaintId < b.complaintId ? -1 : 1),
    );
    this.breaches = this.breaches.slice(0, this.detailLimit);
  }

  /** The metrics of the complaints added so far. */
  result(): ComplaintReport {
    this.trimBreaches();
    return {
      total: this.total,
      bySource: counts(this.bySource),
      byCategory: counts(this.byCategory),
      byTier: counts(this.byTier),
      resolved: this.resolved,
      slaBreached: this.breached,
      slaBreachRate: ratio(this.breached, this.total),
      escalations: this.escalations,
      escalated: this.escalated,
      reopened: this.reopened,
      reopenRate: ratio(this.reopened, this.total),
      meanResolutionWorkingHours: this.hours.mean,
      maxResolutionWorkingHours: this.maxHours,
      breaches: [...this.breaches],
    };
  }
}
