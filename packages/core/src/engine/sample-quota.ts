import type { Visit } from '../model/visit';
import type { SampleQuota, VisitRule } from '../rules/rule-pack-schema';
import type { EngineContext } from './engine-context';
import { packFor } from './engine-context';
import type { UnitOfWork } from './unit-of-work';

/** The quota period of a local date (`2026-03-02`): `2026-03`, or the ISO week `2026-W10`. */
export function quotaPeriod(localDate: string, period: SampleQuota['period']): string {
  if (period === 'month') return localDate.slice(0, 7);
  const [y, m, d] = localDate.split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d));
  const weekday = day.getUTCDay() === 0 ? 7 : day.getUTCDay();
  // The Thursday of the date's week decides its ISO year.
  const thursday = new Date(day.getTime() + (4 - weekday) * 86_400_000);
  const year = thursday.getUTCFullYear();
  const week = Math.ceil(((thursday.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 + 1) / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/**
 * Whether a visit of a sampled rule (`visit.sample`) is made: it takes one of the `size` places
 * of its group (staff member or outlet) in the period of its anchor, on the dealer's calendar.
 * Places are idempotency keys claimed in the caller's transaction, so concurrent events never
 * fill one place twice and a rolled-back event gives its place back. A rule without `sample` is
 * a census: always `true`.
 */
export async function takesSamplePlace(
  uow: UnitOfWork,
  ctx: EngineContext,
  rule: VisitRule,
  dealerId: string,
  anchor: number,
  subject: Visit['subject'],
): Promise<boolean> {
  const name = rule.visit.sample;
  if (name === undefined) return true;
  const quota = packFor(ctx, uow, dealerId).pack.sampling[name];
  if (quota === undefined) return true; // the compiler refuses such a pack
  const group = quota.per === 'staff' ? subject.staffId : subject.outletId;
  if (group === undefined) return quota.withoutGroup === 'visit';
  const period = quotaPeriod(ctx.calendarFor(dealerId).localDate(anchor), quota.period);
  for (let place = 0; place < quota.size; place++) {
    const key = `sample:${rule.id}:${name}:${period}:${group}:${place}`;
    if (await uow.tx.claimKey(dealerId, key)) return true;
  }
  return false;
}
