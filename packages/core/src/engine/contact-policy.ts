import { tzOffset } from '@date-fns/tz';
import { z } from 'zod';
import { clockMinutes } from '../calendar/calendar-definition';
import { ContactNotAllowedError } from '../errors';
import type { Customer } from '../model/customer';
import { idSchema, instantInputSchema, toEpoch, toInstant } from '../model/primitives';
import type { Visit } from '../model/visit';
import type { CompiledRulePack } from '../rules/compile-rule-pack';
import { type EngineContext, packFor, packOf } from './engine-context';
import type { UnitOfWork } from './unit-of-work';

/** Input of `engine.contactAllowed`. */
export const contactQuerySchema = z.strictObject({
  dealerId: idSchema,
  visitId: idSchema,
  channel: z.enum(['phone', 'sms', 'wechat', 'email', 'letter', 'visit']).optional(),
  /** Default: now. */
  at: instantInputSchema.optional(),
});
/** Input of `engine.contactAllowed`. */
export type ContactQuery = z.input<typeof contactQuerySchema>;

/** A way of contacting a customer. */
export type ContactChannel = 'phone' | 'sms' | 'wechat' | 'email' | 'letter' | 'visit';

/** Whether a contact is allowed now, and if not why and when it would be. */
export interface ContactDecision {
  readonly allowed: boolean;
  readonly reason?: 'quiet-hours' | 'daily-limit' | 'no-phone-calls';
  /** When it would be allowed (ISO instant), or `null` when waiting does not help. */
  readonly nextAllowedAt?: string | null;
  /** The visit's channel for this customer (`phone`, or the non-call channel). */
  readonly channel: ContactChannel;
}

const MINUTE = 60_000;
const DAY = 1_440;

/** The channel a visit uses for a customer: phone, unless they do not take calls. */
export function visitChannel(
  pack: CompiledRulePack,
  ruleId: string,
  customer: Pick<Customer, 'preferences'> | undefined,
): Visit['channel'] {
  if (customer?.preferences.noPhoneCalls !== true) return 'phone';
  const preferred = customer.preferences.preferredChannel;
  if (preferred !== undefined && preferred !== 'phone') return preferred;
  return pack.visitRule(ruleId)?.visit.nonCallChannel ?? 'sms';
}

/** Local minutes since midnight of `t` in `timeZone`, and the instant of that local midnight. */
function localClock(t: number, timeZone: string): { minutes: number; midnight: number } {
  const offset = tzOffset(timeZone, new Date(t));
  const local = t + offset * MINUTE;
  const minutes = Math.floor((((local / MINUTE) % DAY) + DAY) % DAY);
  return { minutes, midnight: t - minutes * MINUTE - (local % MINUTE) };
}

/**
 * Whether the pack's contact rules (`contact.hours`, `contact.maxPerCustomerPerDay`) and the
 * customer's "no phone calls" preference allow contacting a visit's customer at `at` on
 * `channel`. In-person visits (`visit`) are not restricted.
 */
export async function contactDecision(
  uow: UnitOfWork,
  ctx: EngineContext,
  visit: Visit,
  channel: ContactChannel,
  at: number,
): Promise<ContactDecision> {
  const customer = await uow.find('customer', visit.dealerId, visit.subject.customerId);
  const own = visitChannel(packOf(ctx, uow, 'visit', visit), visit.ruleId, customer) ?? 'phone';
  if (channel === 'phone' && own !== 'phone') {
    return { allowed: false, reason: 'no-phone-calls', nextAllowedAt: null, channel: own };
  }
  if (channel === 'visit') return { allowed: true, channel: own };
  const rules = packFor(ctx, uow, visit.dealerId).pack.contact;
  const cal = ctx.calendarFor(visit.dealerId);
  const { minutes, midnight } = localClock(at, cal.timeZone);
  const hours = rules.hours;
  if (hours !== undefined) {
    const inside = hours.some(
      (p) => minutes >= clockMinutes(p.start) && minutes < clockMinutes(p.end),
    );
    if (!inside) {
      const later = hours.map((p) => clockMinutes(p.start)).filter((m) => m > minutes);
      const next =
        later.length > 0
          ? midnight + Math.min(...later) * MINUTE
          : midnight + (DAY + Math.min(...hours.map((p) => clockMinutes(p.start)))) * MINUTE;
      return {
        allowed: false,
        reason: 'quiet-hours',
        nextAllowedAt: toInstant(next),
        channel: own,
      };
    }
  }
  const max = rules.maxPerCustomerPerDay;
  if (max !== undefined) {
    const rows = await uow.query({
      dealerId: visit.dealerId,
      kind: 'visit',
      customerId: visit.subject.customerId,
      limit: 10_000,
    });
    let today = 0;
    for (const row of rows) {
      const v = row.id === visit.id ? visit : (row.data as unknown as Visit);
      for (const a of v.attempts) {
        const t = toEpoch(a.at);
        if (t >= midnight && t < midnight + DAY * MINUTE && a.channel !== 'visit') today++;
      }
    }
    if (today >= max) {
      const first = hours !== undefined ? Math.min(...hours.map((p) => clockMinutes(p.start))) : 0;
      return {
        allowed: false,
        reason: 'daily-limit',
        nextAllowedAt: toInstant(midnight + (DAY + first) * MINUTE),
        channel: own,
      };
    }
  }
  return { allowed: true, channel: own };
}

/** Throws `CONTACT_NOT_ALLOWED` unless {@link contactDecision} allows the contact. */
export async function checkContact(
  uow: UnitOfWork,
  ctx: EngineContext,
  visit: Visit,
  channel: ContactChannel,
  at: number,
): Promise<void> {
  const d = await contactDecision(uow, ctx, visit, channel, at);
  if (!d.allowed) {
    throw new ContactNotAllowedError(visit.id, d.reason!, d.nextAllowedAt ?? null, d.channel);
  }
}
