import type { BusinessCalendar } from '../calendar/business-calendar';
import { toEpoch } from '../model/primitives';
import type { Visit, VisitState } from '../model/visit';
import type { RuleFacts } from '../rules/compile-rule-pack';
import { dutyKey } from '../rules/compile-rule-pack';
import type { VisitRule } from '../rules/rule-pack-schema';
import { startOfLocalDate } from '../sla/calendar-window';
import { resolveWindow } from '../sla/resolve-deadline';
import { moveCustomer } from './customer-flow';
import { type EngineContext, packFor, packOf } from './engine-context';
import type { UnitOfWork } from './unit-of-work';
import { moveVisitAsSystem } from './visit-flow';

/** States in which a duty is still pending (its visit has not been worked on to the end). */
const PENDING_DUTY_STATES: readonly VisitState[] = ['scheduled', 'open', 'attempting', 'blocked'];

/** The next occurrence of a birthday (`YYYY-MM-DD`, any year) strictly after `date`. */
export function nextBirthday(birthday: string, date: string): string {
  const md = birthday.slice(5);
  for (let y = Number(date.slice(0, 4)); ; y++) {
    const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
    const day = `${String(y).padStart(4, '0')}-${md === '02-29' && !leap ? '02-28' : md}`;
    if (day > date) return day;
  }
}

/**
 * The instant a rule's window is computed from (see `VISIT_ANCHORS`): the trigger's time, the
 * appointment's time, the vehicle's delivery date or the customer's next birthday after the
 * trigger's local date (or after the anchor of the visit that triggered, when later: a yearly
 * duty chained on its own visit moves on a year). `undefined` when the facts lack the field.
 */
export function anchorOf(
  rule: VisitRule,
  facts: RuleFacts,
  occurredAt: number,
  cal: BusinessCalendar,
): number | undefined {
  const anchor = rule.visit.anchor ?? 'event.occurredAt';
  switch (anchor) {
    case 'event.occurredAt':
      return occurredAt;
    case 'event.appointmentAt': {
      const at = (facts.event as { appointmentAt?: unknown }).appointmentAt;
      return typeof at === 'string' ? toEpoch(at) : undefined;
    }
    case 'vehicle.deliveryDate': {
      const d = (facts.vehicle as { deliveryDate?: unknown } | undefined)?.deliveryDate;
      return typeof d === 'string' ? startOfLocalDate(cal, d) : undefined;
    }
    case 'customer.birthday': {
      const b = (facts.customer as { birthday?: unknown } | undefined)?.birthday;
      if (typeof b !== 'string') return undefined;
      let from = cal.localDate(occurredAt);
      const previous = (facts.visit as { window?: { anchoredAt?: unknown } } | undefined)?.window
        ?.anchoredAt;
      if (typeof previous === 'string') {
        const p = cal.localDate(toEpoch(previous));
        if (p > from) from = p;
      }
      return startOfLocalDate(cal, nextBirthday(b, from));
    }
  }
}

/** The pending visits of a duty for a customer (and vehicle, when kept per vehicle). */
async function pendingDuty(
  uow: UnitOfWork,
  dealerId: string,
  key: string,
  per: 'customer' | 'vehicle',
  subject: Visit['subject'],
): Promise<Visit[]> {
  const visits = await uow.customerVisits(dealerId, subject.customerId, PENDING_DUTY_STATES);
  return visits.filter(
    (v) => v.duty?.key === key && (per === 'customer' || v.subject.vehicleId === subject.vehicleId),
  );
}

/** The durable key that makes a duty once per customer or vehicle and anchor. */
function onceKey(
  key: string,
  per: 'customer' | 'vehicle',
  subject: Visit['subject'],
  anchor: number,
) {
  const who = per === 'vehicle' ? `v:${subject.vehicleId}` : `c:${subject.customerId}`;
  return `duty:${key}:${who}:${anchor}`;
}

/** What the duty of a matched rule says about scheduling it now. */
export interface DutyGate {
  /** Schedule the visit (with `duty` on it), or not. */
  readonly schedule: boolean;
  /** The visit's `duty` field when scheduled. */
  readonly duty?: { readonly key: string; readonly triggeredAt: string };
}

/**
 * Applies a rule's duty before its visit is scheduled: one pending visit per customer or
 * vehicle and key (`onRepeat` decides between the pending one and the new one: the pending one
 * is cancelled when the new one wins), and at most one visit ever per key, customer or vehicle,
 * and anchor — so a re-delivered, corrected or reopened DMS event never schedules it twice. A
 * rule without a duty always schedules.
 */
export async function dutyGate(
  uow: UnitOfWork,
  ctx: EngineContext,
  rule: VisitRule,
  dealerId: string,
  subject: Visit['subject'],
  anchor: number,
  triggeredAt: number,
): Promise<DutyGate> {
  const duty = rule.duty;
  if (duty === undefined) return { schedule: true };
  const key = dutyKey(rule)!;
  if (duty.per === 'vehicle' && subject.vehicleId === undefined) return { schedule: false };
  const pending = await pendingDuty(uow, dealerId, key, duty.per, subject);
  if (pending.length === 0 && !duty.startsNew) return { schedule: false };
  if (pending.length > 0) {
    const cal = ctx.calendarFor(dealerId);
    const wins = pending.every((p) => {
      if (duty.onRepeat === 'keep') return false;
      if (duty.onRepeat === 'rearm') return triggeredAt > toEpoch(p.duty!.triggeredAt);
      return resolveWindow(rule.visit.window, anchor, cal).dueAt < toEpoch(p.window.dueAt);
    });
    if (!wins) return { schedule: false };
  }
  if (!(await uow.tx.claimKey(dealerId, onceKey(key, duty.per, subject, anchor)))) {
    return { schedule: false };
  }
  for (const p of pending) {
    await moveVisitAsSystem(uow, ctx, p, 'cancel', `duty ${key} re-armed by rule ${rule.id}`);
  }
  return { schedule: true, duty: { key, triggeredAt: new Date(triggeredAt).toISOString() } };
}

/**
 * Cancels the pending duties the trigger ends (`duty.unless`), for the event's customer (and
 * vehicle, for duties kept per vehicle). A cancelled duty's visit is `cancelled` with the reason:
 * durable, and its `visit.open` timer is gone.
 */
export async function cancelDuties(
  uow: UnitOfWork,
  ctx: EngineContext,
  trigger: string,
  dealerId: string,
  facts: RuleFacts,
  subject: Visit['subject'],
): Promise<void> {
  const rules = await packFor(ctx, uow, dealerId).matchDutyCancels(trigger, facts);
  if (rules.length === 0) return;
  const done = new Set<string>();
  for (const rule of rules) {
    const key = dutyKey(rule)!;
    if (rule.duty!.per === 'vehicle' && subject.vehicleId === undefined) continue;
    for (const p of await pendingDuty(uow, dealerId, key, rule.duty!.per, subject)) {
      if (done.has(p.id) || p.id === subject.previousVisitId) continue;
      done.add(p.id);
      const latest = await uow.load('visit', dealerId, p.id);
      await moveVisitAsSystem(uow, ctx, latest, 'cancel', `duty ${key} ended by ${trigger}`);
    }
  }
}

/** What a duty does when its visit's window opens (`duty.onOpen`: the customer goes dormant). */
export async function dutyOpened(uow: UnitOfWork, ctx: EngineContext, visit: Visit): Promise<void> {
  if (visit.duty === undefined) return;
  const rule = packOf(ctx, uow, 'visit', visit).visitRule(visit.ruleId);
  if (rule?.duty?.onOpen === 'markDormant') {
    await moveCustomer(
      uow,
      ctx,
      visit.dealerId,
      visit.subject.customerId,
      'markDormant',
      `not seen since ${visit.window.anchoredAt ?? visit.createdAt} (duty ${visit.duty.key})`,
    );
  }
}
