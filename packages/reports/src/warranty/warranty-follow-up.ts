import {
  type BusinessCalendar,
  type CompiledRulePack,
  chinaCalendar,
  decodeRecord,
  type StorageAdapter,
  type Vehicle,
  warrantyStatus,
} from '@dealercare/core';
import { type FollowUpCounts, FollowUpTally } from '../follow-up/follow-up-counts';
import { parseInstant } from '../period/parse-instant';
import { type ReportPeriod, resolvePeriod } from '../period/report-period';
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
  const terms = options.rules.pack.warranty;
  const { dealerId } = options;
  const tally = new FollowUpTally();
  let outOfWarranty = 0;
  let unknown = 0;
  const vehicles = new Map<string, Vehicle | undefined>();
  const localDate = (at: string) => calendar.localDate(parseInstant(at));
  for await (const page of readPages(storage, 'visit', dealerId, options.read)) {
    const missing = [
      ...new Set(
        page
          .map((v) => v.subject.vehicleId)
          .filter((id): id is string => id !== undefined && !vehicles.has(id)),
      ),
    ];
    if (missing.length > 0) {
      await storage.transaction(async (tx) => {
        for (const id of missing) {
          const row = await tx.get('vehicle', dealerId, id);
          vehicles.set(id, row === undefined ? undefined : decodeRecord('vehicle', row));
        }
      });
    }
    for (const stored of page) {
      const v = visitAsOf(stored, asOf);
      if (v === undefined) continue;
      const due = parseInstant(v.window.extendedDueAt ?? v.window.dueAt);
      if (due < period.start || due >= period.end) continue;
      const vehicle =
        v.subject.vehicleId === undefined ? undefined : vehicles.get(v.subject.vehicleId);
      if (vehicle === undefined || terms === undefined) {
        unknown++;
        continue;
      }
      const arose = localDate(v.window.anchoredAt ?? v.createdAt);
      const status = warrantyStatus(terms, vehicle, arose, localDate);
      if (status.inWarranty) tally.add(v, asOf);
      else if (status.reason === 'noDeliveryDate') unknown++;
      else outOfWarranty++;
    }
  }
  return { inWarranty: tally.counts(), outOfWarranty, unknown };
}
