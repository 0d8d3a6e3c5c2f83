import {
  type BusinessCalendar,
  type CompiledRulePack,
  chinaCalendar,
  decodeRecord,
  type StorageAdapter,
  type Vehicle,
  type Visit,
  type WarrantyRules,
  warrantyStatus,
} from '@dealercare/core';
import { type FollowUpCounts, FollowUpTally } from '../follow-up/follow-up-counts';
import { parseInstant } from '../period/parse-instant';
import { type ReportPeriod, type ResolvedPeriod, resolvePeriod } from '../period/report-period';
import { type ReadOptions, readPages } from '../reading/read-aggregates';
import { visitAsOf } from '../report/as-of';

/**
 * Follow-up during the warranty period (100 % [004]): the visits due in the period about
 * vehicles that were in warranty when the visit arose, owed vs made.
 */
export interface WarrantyFollowUpReport {
  /**
   * The follow-up figures of those visits (`due` owed, `done` made, `followUpRate` =
   * `done / due`), counted as the follow-up section counts every visit.
   */
  readonly inWarranty: FollowUpCounts;
  /** Visits due in the period about a vehicle out of warranty then (or whose usage has no term). */
  readonly outOfWarranty: number;
  /**
   * Visits due in the period whose vehicle's warranty cannot be told: no vehicle on the visit or
   * in storage, no delivery date, or a pack without `warranty`.
   */
  readonly unknown: number;
}

/** Options of {@link warrantyFollowUp}. */
export interface WarrantyFollowUpOptions {
  readonly dealerId: string;
  /** Visits due (`window.dueAt`, or the extended due time) in these local dates. */
  readonly period: ReportPeriod;
  /** The compiled rule pack: its `warranty` terms. */
  readonly rules: CompiledRulePack;
  /** The dealer's calendar (default `chinaCalendar()`): its time zone gives local dates. */
  readonly calendar?: BusinessCalendar;
  /** The snapshot instant (default now): a visit completed later is not counted as made. */
  readonly asOf?: Date;
  readonly read?: ReadOptions;
}

/**
 * Reads a dealer's visits (and their vehicles) through the storage port and counts the
 * follow-up of the visits about vehicles in warranty on the local date the visit arose (its
 * window's anchor: the DMS event's time) — the "100 % follow-up during warranty" of [004]. The
 * warranty is the pack's (`engine.inWarranty` answers the same for one vehicle).
 *
 * @example
 * ```ts
 * const w = await warrantyFollowUp(storage, {
 *   dealerId: 'bj-haval-01',
 *   period: monthPeriod(2026, 3),
 *   rules: loadRulePack(SHIPPED_PACKS['great-wall']),
 * });
 * w.inWarranty.followUpRate; // 1 = every visit owed during warranty was made
 * ```
 */
export async function warrantyFollowUp(
  storage: StorageAdapter,
  options: WarrantyFollowUpOptions,
): Promise<WarrantyFollowUpReport> {
  const calendar = options.calendar ?? chinaCalendar();
  const period = resolvePeriod(options.period, calendar.timeZone);
  const asOf = (options.asOf ?? new Date()).getTime();
  const metrics = new WarrantyFollowUpMetrics(period, options.rules.pack.warranty, calendar);
  for await (const page of readPages(storage, 'visit', options.dealerId, options.read)) {
    await metrics.loadVehicles(storage, options.dealerId, page);
    for (const stored of page) {
      const v = visitAsOf(stored, asOf);
      if (v === undefined) continue;
      metrics.add(v, parseInstant(v.window.extendedDueAt ?? v.window.dueAt), asOf);
    }
  }
  return metrics.result();
}

/**
 * The running count behind {@link warrantyFollowUp}, fed one page of visits at a time, so the
 * report counts it in the same pass over the visits as its other sections.
 */
export class WarrantyFollowUpMetrics {
  private readonly tally = new FollowUpTally();
  private outOfWarranty = 0;
  private unknown = 0;
  private readonly vehicles = new Map<string, Vehicle | undefined>();
  private readonly localDate: (at: string) => string;

  constructor(
    private readonly period: ResolvedPeriod,
    private readonly terms: WarrantyRules | undefined,
    calendar: BusinessCalendar,
  ) {
    this.localDate = (at) => calendar.localDate(parseInstant(at));
  }

  /** Reads the vehicles of a page of visits not read yet (one short transaction). */
  async loadVehicles(
    storage: StorageAdapter,
    dealerId: string,
    page: readonly Visit[],
  ): Promise<void> {
    const missing = new Set<string>();
    for (const v of page) {
      const id = v.subject.vehicleId;
      if (id !== undefined && !this.vehicles.has(id)) missing.add(id);
    }
    if (missing.size === 0) return;
    await storage.transaction(async (tx) => {
      for (const id of missing) {
        const row = await tx.get('vehicle', dealerId, id);
        this.vehicles.set(id, row === undefined ? undefined : decodeRecord('vehicle', row));
      }
    });
  }

  /** Counts a visit (as of the snapshot) due at `due` (epoch ms), if in the period. */
  add(v: Visit, due: number, asOf: number): void {
    if (due < this.period.start || due >= this.period.end) return;
    const vehicle =
      v.subject.vehicleId === undefined ? undefined : this.vehicles.get(v.subject.vehicleId);
    if (vehicle === undefined || this.terms === undefined) {
      this.unknown++;
      return;
    }
    const arose = this.localDate(v.window.anchoredAt ?? v.createdAt);
    const status = warrantyStatus(this.terms, vehicle, arose, this.localDate);
    if (status.inWarranty) this.tally.add(v, asOf);
    else if (status.reason === 'noDeliveryDate') this.unknown++;
    else this.outOfWarranty++;
  }

  result(): WarrantyFollowUpReport {
    return {
      inWarranty: this.tally.counts(),
      outOfWarranty: this.outOfWarranty,
      unknown: this.unknown,
    };
  }
}
