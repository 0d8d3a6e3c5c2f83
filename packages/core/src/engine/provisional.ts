import { type CalendarYear, ENGINE_SCOPE } from '../model/calendar-year';
import type { EngineContext } from './engine-context';
import type { UnitOfWork } from './unit-of-work';

/** The ledger id of a dealer's provisional year. */
export function calendarYearId(dealerId: string, calendarId: string, year: number): string {
  return `${dealerId}:${calendarId}:${year}`;
}

/**
 * Whether deadlines computed between the earliest and the latest of `instants` read a
 * provisional year of the dealer's calendar; if so, the year is put in the engine's ledger (and
 * the dealer told with `calendar.provisional`, once per dealer-year). Returns the flag to spread
 * into an item's window or deadline: `{ provisional: true }` or `{}`.
 */
export async function provisionalFlag(
  uow: UnitOfWork,
  ctx: EngineContext,
  dealerId: string,
  instants: readonly number[],
): Promise<{ provisional?: true }> {
  const cal = ctx.calendarFor(dealerId);
  if (cal.unknownYears === 'strict' || instants.length === 0) return {};
  let lo = instants[0]!;
  let hi = lo;
  for (const t of instants) {
    if (t < lo) lo = t;
    else if (t > hi) hi = t;
  }
  const years = cal.provisionalYears(lo, hi);
  if (years.length === 0) return {};
  for (const year of years)
    await noteProvisionalYear(uow, ctx, dealerId, cal.id, cal.fallback, year);
  return { provisional: true };
}

async function noteProvisionalYear(
  uow: UnitOfWork,
  ctx: EngineContext,
  dealerId: string,
  calendarId: string,
  rule: string | undefined,
  year: number,
): Promise<void> {
  const id = calendarYearId(dealerId, calendarId, year);
  if (ctx.provisionalLedger.has(id)) return;
  // The key makes the first transaction to see the year the only one to write it: concurrent
  // commands wait for it instead of failing on the ledger's version.
  if (await uow.tx.claimKey(ENGINE_SCOPE, `calendar-year:${id}`)) {
    const entry: CalendarYear = {
      id,
      dealerId: ENGINE_SCOPE,
      forDealerId: dealerId,
      calendarId,
      year,
      state: 'provisional',
      version: 0,
      createdAt: uow.at,
      updatedAt: uow.at,
    };
    await uow.save('calendarYear', entry);
    uow.emit(
      'calendar.provisional',
      dealerId,
      { kind: 'calendarYear', id: `${calendarId}:${year}` },
      { calendarId, year, rule: rule ?? null },
    );
  }
  uow.afterCommit(() => ctx.provisionalLedger.add(id));
}
