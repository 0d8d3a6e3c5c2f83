import type { BusinessCalendar } from '../calendar/business-calendar';
import { chinaCalendar } from '../calendar/china';
import { createFakeClock } from '../clock/fake-clock';
import { createEngine, type Engine } from '../engine/create-engine';
import { DealercareError } from '../errors';
import type { DmsEventInput } from '../model/dms-event';
import type { CompiledRulePack } from '../rules/compile-rule-pack';
import type { StorageAdapter } from '../storage/storage-port';
import { compareRuns, type ItemDifference } from './compare-runs';
import { deskWorkload, type WorkloadDay } from './desk-workload';

/**
 * Opens a fresh, empty store for one simulated run (one per pack). The caller picks the adapter:
 * `() => memoryStorage()` from `@dealercare/storage-memory` is the usual one. Core ships no
 * adapter (adapters depend on core, never the other way), so a DMS passes its own.
 */
export type StorageFactory = () => StorageAdapter | Promise<StorageAdapter>;

/** Options of {@link simulatePacks}. */
export interface SimulateOptions {
  /** DMS events to replay, in any order (they are replayed by `occurredAt`). */
  readonly events: readonly DmsEventInput[];
  /** The pack to try. */
  readonly pack: CompiledRulePack;
  /** The pack it would replace: the result then lists the differences item by item. */
  readonly against?: CompiledRulePack;
  /** A fresh store per run (see {@link StorageFactory}). */
  readonly storage: StorageFactory;
  /** The dealers' calendar (default `chinaCalendar()`). */
  readonly calendar?: BusinessCalendar;
  /** Items a role's desk works per working day, for {@link WorkloadDay} (default: all open ones). */
  readonly perDay?: number;
  /** Fire timers up to this instant after the last event (default: the last event's time). */
  readonly until?: Date;
}

/** A visit a simulated run produced. `key` is the same in both runs for the same event and rule. */
export interface SimulatedVisit {
  readonly key: string;
  readonly dealerId: string;
  readonly sourceEventId?: string;
  readonly ruleId: string;
  readonly type: string;
  readonly state: string;
  readonly role: string;
  readonly surveyId?: string;
  readonly opensAt: string;
  readonly dueAt: string;
}

/** A complaint a simulated run produced, keyed by dealer and source event. */
export interface SimulatedComplaint {
  readonly key: string;
  readonly dealerId: string;
  readonly sourceEventId?: string;
  readonly role: string;
  readonly tier: number;
  readonly state: string;
  readonly dueAt: string;
}

/** An opinion case (opened by a survey alert) a simulated run produced. */
export interface SimulatedCase {
  readonly key: string;
  readonly dealerId: string;
  readonly department: string;
  readonly role: string;
  readonly state: string;
}

/** An event the engine refused, with its error code. */
export interface RejectedEvent {
  readonly sourceId: string;
  readonly code: string;
  readonly message: string;
}

/** Counts of one run. */
export interface RunTotals {
  readonly visits: number;
  readonly visitsByType: Readonly<Record<string, number>>;
  readonly visitsByState: Readonly<Record<string, number>>;
  /** Visits that carry a survey, by survey id. */
  readonly surveys: Readonly<Record<string, number>>;
  readonly cases: number;
  readonly complaints: number;
  readonly complaintsByRole: Readonly<Record<string, number>>;
}

/** What one pack did with the events. */
export interface PackRun {
  readonly packId: string;
  readonly version: string;
  /** The pack's hash (`CompiledRulePack.hash`), the `rulesVersion` its items carry. */
  readonly hash: string;
  readonly visits: readonly SimulatedVisit[];
  readonly complaints: readonly SimulatedComplaint[];
  readonly cases: readonly SimulatedCase[];
  readonly totals: RunTotals;
  /** Calls per role and working day (visits that wait for a call: scheduled, open, attempting). */
  readonly workload: readonly WorkloadDay[];
  readonly rejected: readonly RejectedEvent[];
  /** Wall-clock time the replay took, in milliseconds. */
  readonly elapsedMs: number;
}

/** A simulation: the pack's run, the other pack's run, and how they differ. */
export interface SimulationResult {
  readonly events: number;
  readonly perDay?: number;
  readonly pack: PackRun;
  readonly against?: PackRun;
  /** Item by item, `against` → `pack` (empty without `against`). */
  readonly differences: readonly ItemDifference[];
}

/** States of a visit still waiting for a call. */
const CALLABLE = new Set(['scheduled', 'open', 'attempting']);
/** Events replayed together: one hour of events, then the timers due by then. */
const BATCH_WINDOW_MS = 3_600_000;
const PAGE = 10_000;

function countBy<T>(
  items: readonly T[],
  key: (t: T) => string | undefined,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const i of items) {
    const k = key(i);
    if (k !== undefined) out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}

async function all<T extends { id: string }>(
  page: (afterId?: string) => Promise<T[]>,
): Promise<T[]> {
  const out: T[] = [];
  for (let last: string | undefined; ; ) {
    const rows = await page(last);
    out.push(...rows);
    if (rows.length < PAGE) return out;
    last = rows.at(-1)!.id;
  }
}

function refused(e: unknown, sourceId: string): RejectedEvent {
  if (e instanceof DealercareError) return { sourceId, code: e.code, message: e.message };
  throw e;
}

async function ingestBatch(engine: Engine, batch: DmsEventInput[], rejected: RejectedEvent[]) {
  try {
    await engine.ingestMany(batch);
  } catch {
    // All or nothing: find the events at fault one by one.
    for (const e of batch) {
      try {
        await engine.ingest(e);
      } catch (err) {
        rejected.push(refused(err, String((e as { sourceId?: unknown }).sourceId)));
      }
    }
  }
}

/** Replays the events under one pack on a fresh store with a fake clock. */
async function run(
  pack: CompiledRulePack,
  events: readonly DmsEventInput[],
  options: SimulateOptions,
  calendar: BusinessCalendar,
): Promise<PackRun> {
  const started = performance.now();
  const storage = await options.storage();
  // The replay's clock starts at the first event (epoch 0 for none: there is nothing to replay,
  // and a simulation never reads the wall clock, so two runs of one input agree).
  const first = events[0] === undefined ? 0 : Date.parse(String(events[0].occurredAt));
  const clock = createFakeClock(new Date(Number.isNaN(first) ? 0 : first));
  let ids = 0;
  const engine = createEngine({
    storage,
    clock,
    rules: pack,
    calendar,
    newId: () => `sim${String(++ids).padStart(9, '0')}`,
  });
  const rejected: RejectedEvent[] = [];
  try {
    let batch: DmsEventInput[] = [];
    let batchStart = Number.NaN;
    let last = first;
    const flush = async () => {
      if (batch.length === 0) return;
      clock.set(new Date(last));
      await engine.tick();
      await ingestBatch(engine, batch, rejected);
      batch = [];
    };
    for (const e of events) {
      const at = Date.parse(String(e.occurredAt));
      if (Number.isNaN(at)) {
        rejected.push({
          sourceId: String(e.sourceId),
          code: 'VALIDATION_FAILED',
          message: 'occurredAt is not an instant',
        });
        continue;
      }
      if (batch.length > 0 && at - batchStart > BATCH_WINDOW_MS) await flush();
      if (batch.length === 0) batchStart = at;
      batch.push(e);
      last = Math.max(last, at);
    }
    await flush();
    const end = options.until?.getTime() ?? last;
    if (end > clock.now().getTime()) clock.set(new Date(end));
    await engine.tick();

    const dealers = [...new Set(events.map((e) => String(e.dealerId)))].sort();
    const visits: SimulatedVisit[] = [];
    const complaints: SimulatedComplaint[] = [];
    const cases: SimulatedCase[] = [];
    for (const dealerId of dealers) {
      const q = (afterId?: string) => ({ dealerId, limit: PAGE, ...(afterId ? { afterId } : {}) });
      for (const v of await all((a) => engine.listVisits(q(a)))) {
        const source = v.subject.sourceEventId;
        visits.push({
          key: `${dealerId} ${source ?? v.id} ${v.ruleId}`,
          dealerId,
          ...(source !== undefined ? { sourceEventId: source } : {}),
          ruleId: v.ruleId,
          type: v.type,
          state: v.state,
          role: v.assignee.role,
          ...(v.surveyId !== undefined ? { surveyId: v.surveyId } : {}),
          opensAt: v.window.opensAt,
          dueAt: v.window.dueAt,
        });
      }
      for (const c of await all((a) => engine.listComplaints(q(a)))) {
        complaints.push({
          key: `${dealerId} ${c.sourceEventId ?? c.id}`,
          dealerId,
          ...(c.sourceEventId !== undefined ? { sourceEventId: c.sourceEventId } : {}),
          role: c.owner.role,
          tier: c.tier,
          state: c.state,
          dueAt: c.sla.dueAt,
        });
      }
      for (const o of await all((a) => engine.listOpinionCases(q(a)))) {
        cases.push({
          key: `${dealerId} ${o.id}`,
          dealerId,
          department: o.department,
          role: o.responsibleRole,
          state: o.state,
        });
      }
    }
    visits.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    complaints.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const callable = visits.filter((v) => CALLABLE.has(v.state));
    return {
      packId: pack.pack.id,
      version: pack.pack.version,
      hash: pack.hash,
      visits,
      complaints,
      cases,
      totals: {
        visits: visits.length,
        visitsByType: countBy(visits, (v) => v.type),
        visitsByState: countBy(visits, (v) => v.state),
        surveys: countBy(visits, (v) => v.surveyId),
        cases: cases.length,
        complaints: complaints.length,
        complaintsByRole: countBy(complaints, (c) => c.role),
      },
      workload: deskWorkload(callable, calendar, options.perDay),
      rejected,
      elapsedMs: Math.round(performance.now() - started),
    };
  } finally {
    await engine.close();
  }
}

/**
 * Replays DMS events under a pack — and under the pack it would replace, `against` — each on a
 * fresh store from `storage` with a fake clock that follows the events, and returns the visits,
 * surveys, opinion cases and complaints each produces, the differences item by item, and the
 * calls each role's desk would have per working day. Nobody acts in a replay (no calls, no
 * answers): items stay as the rules and timers leave them, so opinion cases appear only if
 * the events themselves lead to them. Events the engine refuses are listed, not thrown.
 */
export async function simulatePacks(options: SimulateOptions): Promise<SimulationResult> {
  const calendar = options.calendar ?? chinaCalendar();
  const events = [...options.events]
    .map((e, i) => ({ e, i, at: Date.parse(String(e.occurredAt)) }))
    .sort((a, b) => (a.at === b.at || Number.isNaN(a.at - b.at) ? a.i - b.i : a.at - b.at))
    .map((x) => x.e);
  const pack = await run(options.pack, events, options, calendar);
  const against =
    options.against === undefined
      ? undefined
      : await run(options.against, events, options, calendar);
  return {
    events: events.length,
    ...(options.perDay !== undefined ? { perDay: options.perDay } : {}),
    pack,
    ...(against !== undefined ? { against } : {}),
    differences: against === undefined ? [] : compareRuns(against, pack),
  };
}
