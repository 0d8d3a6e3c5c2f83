import { decodeRecord, type StorageAdapter } from '@dealercare/core';
import { slaOutcome } from '../complaints/complaint-metrics';
import { completedAt } from '../follow-up/follow-up-counts';
import { type ReportPeriod, resolvePeriod } from '../period/report-period';
import { readPages } from '../reading/read-aggregates';

/** Items without a recorded pack version (made before versions were recorded). */
export const UNVERSIONED = 'unversioned';

/** Figures of the items one pack version made. */
export interface PackVersionFigures {
  /** The pack's hash (`rulesVersion` on the items), or {@link UNVERSIONED}. */
  readonly rulesVersion: string;
  /** From the dealer's pack history (`scheduleRules`), when the version is in it. */
  readonly packId?: string;
  readonly packVersion?: string;
  readonly effectiveFrom?: string;
  readonly visits: number;
  readonly visitsCompleted: number;
  /** Completed by their due time (`extendedDueAt` when a call-back extended it). */
  readonly visitsCompletedOnTime: number;
  readonly visitsDoNotVisit: number;
  readonly complaints: number;
  /** Resolved after, or still open past, their deadline at `asOf`. */
  readonly complaintsBreached: number;
  readonly opinionCases: number;
}

/** Options of {@link reportByPackVersion}. */
export interface PackVersionReportOptions {
  readonly dealerId: string;
  /** Only items created in this period (local dates in `timeZone`); default: all. */
  readonly period?: ReportPeriod;
  /** Default `Asia/Shanghai`. */
  readonly timeZone?: string;
  /** "Now" for open complaints past their deadline (default: the current time). */
  readonly asOf?: Date;
}

type Mutable = { -readonly [K in keyof PackVersionFigures]: PackVersionFigures[K] };

/**
 * A dealer's figures grouped by the pack version that made each item (`rulesVersion`): visits
 * (completed, on time, do-not-visit), complaints (breached) and opinion cases, one row per
 * version: items with no version first, then versions not in the dealer's pack history (the pack
 * configured before any `scheduleRules`), then scheduled ones by `effectiveFrom`. A manager sees
 * what a rule change did: the rows before and after a `scheduleRules` switch.
 */
export async function reportByPackVersion(
  storage: StorageAdapter,
  options: PackVersionReportOptions,
): Promise<PackVersionFigures[]> {
  const { dealerId } = options;
  const period =
    options.period === undefined
      ? undefined
      : resolvePeriod(options.period, options.timeZone ?? 'Asia/Shanghai');
  const inPeriod = (createdAt: string) => {
    if (period === undefined) return true;
    const t = Date.parse(createdAt);
    return t >= period.start && t < period.end;
  };
  const asOf = (options.asOf ?? new Date()).getTime();
  const rows = new Map<string, Mutable>();
  const row = (version: string | undefined): Mutable => {
    const key = version ?? UNVERSIONED;
    let r = rows.get(key);
    if (r === undefined) {
      r = {
        rulesVersion: key,
        visits: 0,
        visitsCompleted: 0,
        visitsCompletedOnTime: 0,
        visitsDoNotVisit: 0,
        complaints: 0,
        complaintsBreached: 0,
        opinionCases: 0,
      };
      rows.set(key, r);
    }
    return r;
  };
  for await (const page of readPages(storage, 'visit', dealerId)) {
    for (const v of page) {
      if (!inPeriod(v.createdAt)) continue;
      const r = row(v.rulesVersion);
      r.visits++;
      if (v.state === 'doNotVisit') r.visitsDoNotVisit++;
      const done = v.state === 'completed' ? completedAt(v) : undefined;
      if (done !== undefined) {
        r.visitsCompleted++;
        if (done <= Date.parse(v.window.extendedDueAt ?? v.window.dueAt)) r.visitsCompletedOnTime++;
      }
    }
  }
  for await (const page of readPages(storage, 'complaint', dealerId)) {
    for (const c of page) {
      if (!inPeriod(c.createdAt)) continue;
      const r = row(c.rulesVersion);
      r.complaints++;
      if (slaOutcome(c, asOf).breached) r.complaintsBreached++;
    }
  }
  for await (const page of readPages(storage, 'opinionCase', dealerId)) {
    for (const o of page) {
      if (inPeriod(o.createdAt)) row(o.rulesVersion).opinionCases++;
    }
  }
  const history = await storage.transaction((tx) =>
    tx.query({ kind: 'rulesVersion', dealerId, limit: 10_000 }),
  );
  const known = new Map<string, { packId: string; packVersion: string; effectiveFrom: string }>();
  for (const record of history) {
    const v = decodeRecord('rulesVersion', record);
    if (!known.has(v.hash)) {
      known.set(v.hash, {
        packId: v.packId,
        packVersion: v.packVersion,
        effectiveFrom: v.effectiveFrom,
      });
    }
  }
  const out = [...rows.values()].map((r) => ({ ...r, ...known.get(r.rulesVersion) }));
  // Versions not in the history were in force before any scheduled one: they come first.
  const order = (r: PackVersionFigures) =>
    `${r.rulesVersion === UNVERSIONED ? '0' : r.effectiveFrom === undefined ? '1' : `2${r.effectiveFrom}`} ${r.rulesVersion}`;
  return out.sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
}
