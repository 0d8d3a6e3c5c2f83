import { OPEN_COMPLAINT_STATES } from '../machines/complaint-machine';
import { ENGINE_SCOPE } from '../model/calendar-year';
import type { RecordKind } from '../model/domain-event';
import type { StoredRecord } from '../storage/storage-port';
import { recomputeComplaint } from './complaint-flow';
import type { EngineContext } from './engine-context';
import { PENDING_OPINION_STATES, recomputeOpinionCase } from './opinion-flow';
import { decodeRecord } from './record-codec';
import type { UnitOfWork } from './unit-of-work';
import { PENDING_VISIT_STATES, recomputeVisit } from './visit-flow';

/** Runs one unit of work in its own transaction (the engine's `run`). */
export type RunUnit = <T>(fn: (uow: UnitOfWork) => Promise<T>) => Promise<T>;

/** Items looked at, and items whose deadline or window moved. */
export interface RecomputeCount {
  readonly examined: number;
  readonly changed: number;
}

/** What {@link Engine.recomputeDeadlines} did: totals, and per kind. */
export interface RecomputeResult extends RecomputeCount {
  readonly complaints: RecomputeCount;
  readonly visits: RecomputeCount;
  readonly opinionCases: RecomputeCount;
}

const PAGE = 256;

/**
 * Recomputes every open item of one dealer (or only those `only` selects) under the current
 * pack and calendar, in transactions of {@link PAGE} items, each change on the item's history
 * with `reason` as its rule.
 */
export async function recomputeDealer(
  run: RunUnit,
  ctx: EngineContext,
  dealerId: string,
  reason: string,
  verify: boolean,
  only: 'all' | 'provisional' = 'all',
): Promise<RecomputeResult> {
  const pass = async (
    kind: RecordKind,
    status: readonly string[],
    one: (uow: UnitOfWork, row: StoredRecord) => Promise<boolean | undefined>,
  ): Promise<RecomputeCount> => {
    let examined = 0;
    let changed = 0;
    let afterId: string | undefined;
    for (;;) {
      const page = await run(async (uow) => {
        const rows = await uow.query({
          kind,
          dealerId,
          status: [...status],
          limit: PAGE,
          ...(afterId !== undefined ? { afterId } : {}),
        });
        let looked = 0;
        let moved = 0;
        for (const row of rows) {
          const r = await one(uow, row);
          if (r === undefined) continue;
          looked++;
          if (r) moved++;
        }
        return { rows: rows.length, last: rows.at(-1)?.id, looked, moved };
      });
      examined += page.looked;
      changed += page.moved;
      if (page.rows < PAGE || page.last === undefined) break;
      afterId = page.last;
    }
    return { examined, changed };
  };
  const selected = (provisional: boolean | undefined) => only === 'all' || provisional === true;
  const complaints = await pass('complaint', OPEN_COMPLAINT_STATES, (uow, row) => {
    const c = decodeRecord('complaint', row, { verify });
    return selected(c.sla.provisional) ? recomputeComplaint(uow, ctx, c, reason) : undefinedP;
  });
  const visits = await pass('visit', PENDING_VISIT_STATES, (uow, row) => {
    const v = decodeRecord('visit', row, { verify });
    return selected(v.window.provisional) ? recomputeVisit(uow, ctx, v, reason) : undefinedP;
  });
  const opinionCases = await pass('opinionCase', PENDING_OPINION_STATES, (uow, row) => {
    const o = decodeRecord('opinionCase', row, { verify });
    return selected(o.due.provisional) ? recomputeOpinionCase(uow, ctx, o, reason) : undefinedP;
  });
  return {
    examined: complaints.examined + visits.examined + opinionCases.examined,
    changed: complaints.changed + visits.changed + opinionCases.changed,
    complaints,
    visits,
    opinionCases,
  };
}

const undefinedP: Promise<undefined> = Promise.resolve(undefined);

/** What {@link Engine.confirmProvisionalYears} did. */
export interface CalendarConfirmation {
  /** Dealer-years whose notice had arrived: their items were moved. */
  readonly confirmed: ReadonlyArray<{
    readonly dealerId: string;
    readonly calendarId: string;
    readonly year: number;
    readonly result: RecomputeResult;
  }>;
  /** Dealer-years still without a notice. */
  readonly stillProvisional: number;
}

/**
 * For every dealer-year in the engine's ledger that is still provisional: when the dealer's
 * calendar now covers the year (a package update, `extraYears`), recomputes the dealer's
 * provisional items (each move on its history, rule `calendar:<calendar>:<year>`, and announced),
 * marks the year confirmed and announces `calendar.confirmed`. Idempotent.
 */
export async function confirmProvisionalYears(
  run: RunUnit,
  ctx: EngineContext,
  verify: boolean,
): Promise<CalendarConfirmation> {
  const confirmed: CalendarConfirmation['confirmed'][number][] = [];
  let stillProvisional = 0;
  let afterId: string | undefined;
  for (;;) {
    const rows = await run((uow) =>
      uow.query({
        kind: 'calendarYear',
        dealerId: ENGINE_SCOPE,
        status: 'provisional',
        limit: PAGE,
        ...(afterId !== undefined ? { afterId } : {}),
      }),
    );
    for (const row of rows) {
      const entry = decodeRecord('calendarYear', row, { verify });
      const cal = ctx.calendarFor(entry.forDealerId);
      const probe = Date.UTC(entry.year, 6, 1);
      if (cal.provisionalYears(probe, probe).length > 0) {
        stillProvisional++;
        continue;
      }
      const reason = `calendar:${cal.id}:${entry.year}`;
      const result = await recomputeDealer(
        run,
        ctx,
        entry.forDealerId,
        reason,
        verify,
        'provisional',
      );
      await run(async (uow) => {
        const current = await uow.load('calendarYear', ENGINE_SCOPE, entry.id);
        if (current.state === 'confirmed') return;
        await uow.save('calendarYear', { ...current, state: 'confirmed', confirmedAt: uow.at });
        uow.emit(
          'calendar.confirmed',
          entry.forDealerId,
          { kind: 'calendarYear', id: `${entry.calendarId}:${entry.year}` },
          {
            calendarId: entry.calendarId,
            year: entry.year,
            visits: result.visits,
            complaints: result.complaints,
            opinionCases: result.opinionCases,
          },
        );
      });
      ctx.provisionalLedger.delete(entry.id);
      confirmed.push({
        dealerId: entry.forDealerId,
        calendarId: entry.calendarId,
        year: entry.year,
        result,
      });
    }
    if (rows.length < PAGE) break;
    afterId = rows.at(-1)!.id;
  }
  return { confirmed, stillProvisional };
}
