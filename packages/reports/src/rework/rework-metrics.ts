import type { Complaint, Visit } from '@dealercare/core';
import type { ResolvedPeriod } from '../period/report-period';
import { ratio } from '../statistics/running-mean';

/**
 * Default of `reworkWithinDays`: a repair counts as reworked when the vehicle is back within 30
 * days. Thirty days is the usual after-sales convention for a comeback (返修: the fault shows
 * again within the first month), and it matches the monthly report: a month's rate is final one
 * month after the month ends.
 */
export const DEFAULT_REWORK_WITHIN_DAYS = 30;

/** The kind of a repair whose visits do not say it (a pack rule without a `repairKind` condition). */
export const UNKNOWN_REPAIR_KIND = '(unknown)';

/**
 * Scheduled servicing (保养) is not a repair: it neither counts as a repair nor as a return.
 */
const MAINTENANCE = 'maintenance';

/** The fact the `repair.settled` rules decide on, kept on a scheduled visit's first history entry. */
const KIND_FACT = 'event.repairKind';

/** The complaint category that says a repair did not fix the fault (维修技术: 一次或多次未修好 [003]). */
const NOT_FIXED = 'repairTechnique';

const DAY = 86_400_000;

/** Rework figures of one repair kind. */
export interface ReworkGroup {
  /** The repair kind (`general`, `special`, `warranty`, or {@link UNKNOWN_REPAIR_KIND}). */
  readonly key: string;
  readonly repairs: number;
  readonly reworked: number;
  readonly reworkRate: number | null;
}

/**
 * Rework (返修, repeat repair) figures of the repairs settled in the period [004: "La tasa de
 * reparación de vehículos es inferior al 2%"]. A repair is **reworked** when, within
 * `withinDays` days after it was settled, the same vehicle is back: another repair order of the
 * same kind is settled for it, or a complaint of category `repairTechnique` (not fixed) is
 * received about it — then it is the reworked one only if it is the vehicle's latest repair
 * before the complaint.
 */
export interface ReworkReport {
  /** The window, in elapsed days after the settlement. */
  readonly withinDays: number;
  /** Repairs settled in the period (maintenance left out). */
  readonly repairs: number;
  /** Of those, reworked by `asOf`. */
  readonly reworked: number;
  /** Reworked because another repair order of the same kind followed (a repair may have both reasons). */
  readonly byRepeatRepair: number;
  /** Reworked because a `repairTechnique` complaint followed. */
  readonly byComplaint: number;
  /** `reworked / repairs`; `null` without repairs. */
  readonly reworkRate: number | null;
  /** Not reworked yet, with their window still open at `asOf`: the rate may still rise. */
  readonly stillWatched: number;
  /** By repair kind, sorted. */
  readonly byKind: readonly ReworkGroup[];
}

interface Repair {
  readonly id: string;
  readonly vehicleId: string;
  readonly at: number;
  kind: string;
}

/** The repair kind a visit was scheduled on, from the facts that decided its rule. */
function kindOf(v: Visit): string | undefined {
  const fact = v.history[0]?.facts?.[KIND_FACT];
  return typeof fact === 'string' ? fact : undefined;
}

/**
 * Rework metrics, fed the visits and the complaints as they stood at `asOf`. The library knows a
 * repair through the visits its pack schedules for it (`subject.repairOrderId`,
 * `subject.vehicleId`; settled at `window.anchoredAt`, the event's time); the kind is the
 * `repairKind` the rule decided on. Memory grows with the repairs of the period and the
 * `withinDays` after it, not with all visits.
 */
export class ReworkMetrics {
  private readonly repairs = new Map<string, Repair>();
  /** vehicle → instants of `repairTechnique` complaints. */
  private readonly notFixed = new Map<string, number[]>();
  private readonly horizon: number;

  /**
   * @param period - repairs settled in it count.
   * @param asOf - the snapshot instant, epoch ms.
   * @param withinDays - the rework window in days.
   */
  constructor(
    private readonly period: ResolvedPeriod,
    private readonly asOf: number,
    private readonly withinDays: number,
  ) {
    this.horizon = period.end + withinDays * DAY;
  }

  /** Notes the repair behind a visit made after one. */
  addVisit(v: Visit): void {
    const order = v.subject.repairOrderId;
    const vehicleId = v.subject.vehicleId;
    if (order === undefined || vehicleId === undefined) return;
    const at = Date.parse(v.window.anchoredAt ?? v.createdAt);
    if (at < this.period.start || at >= this.horizon) return;
    const kind = kindOf(v);
    const known = this.repairs.get(order);
    if (known === undefined) {
      this.repairs.set(order, { id: order, vehicleId, at, kind: kind ?? UNKNOWN_REPAIR_KIND });
    } else if (known.kind === UNKNOWN_REPAIR_KIND && kind !== undefined) {
      known.kind = kind;
    }
  }

  /** Notes a complaint that says a repair did not fix the fault. */
  addComplaint(c: Complaint): void {
    if (c.category !== NOT_FIXED || c.vehicleId === undefined) return;
    const at = Date.parse(c.createdAt);
    if (at <= this.period.start || at >= this.horizon) return;
    const list = this.notFixed.get(c.vehicleId);
    if (list === undefined) this.notFixed.set(c.vehicleId, [at]);
    else list.push(at);
  }

  /** The figures of the repairs noted so far. */
  result(): ReworkReport {
    const window = this.withinDays * DAY;
    const byVehicle = new Map<string, Repair[]>();
    for (const r of this.repairs.values()) {
      if (r.kind === MAINTENANCE) continue;
      const list = byVehicle.get(r.vehicleId);
      if (list === undefined) byVehicle.set(r.vehicleId, [r]);
      else list.push(r);
    }
    const repeat = new Set<string>();
    const complained = new Set<string>();
    for (const [vehicleId, list] of byVehicle) {
      list.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1));
      for (let i = 0; i < list.length; i++) {
        const r = list[i]!;
        for (let j = i + 1; j < list.length && list[j]!.at <= r.at + window; j++) {
          if (list[j]!.at > r.at && list[j]!.kind === r.kind) {
            repeat.add(r.id);
            break;
          }
        }
      }
      for (const at of this.notFixed.get(vehicleId) ?? []) {
        const latest = list.findLast((r) => r.at < at);
        if (latest !== undefined && at <= latest.at + window) complained.add(latest.id);
      }
    }
    let repairs = 0;
    let reworked = 0;
    let byRepeatRepair = 0;
    let byComplaint = 0;
    let stillWatched = 0;
    const kinds = new Map<string, { repairs: number; reworked: number }>();
    for (const list of byVehicle.values()) {
      for (const r of list) {
        if (r.at >= this.period.end) continue;
        repairs++;
        const k = kinds.get(r.kind) ?? { repairs: 0, reworked: 0 };
        kinds.set(r.kind, k);
        k.repairs++;
        const isRepeat = repeat.has(r.id);
        const isComplaint = complained.has(r.id);
        if (isRepeat) byRepeatRepair++;
        if (isComplaint) byComplaint++;
        if (isRepeat || isComplaint) {
          reworked++;
          k.reworked++;
        } else if (r.at + window > this.asOf) stillWatched++;
      }
    }
    return {
      withinDays: this.withinDays,
      repairs,
      reworked,
      byRepeatRepair,
      byComplaint,
      reworkRate: ratio(reworked, repairs),
      stillWatched,
      byKind: [...kinds.entries()]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([key, k]) => ({ key, ...k, reworkRate: ratio(k.reworked, k.repairs) })),
    };
  }
}
