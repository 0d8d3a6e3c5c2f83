import { z } from 'zod';
import { actorRef, actorSchema } from '../model/actor';
import {
  CONSENT_CHANNELS,
  type ConsentChannel,
  type ContactConsent,
  type DoNotContactEntry,
} from '../model/contact-consent';
import type { Customer } from '../model/customer';
import { phoneNumberSchema } from '../model/phone-number';
import { idSchema, instantInputSchema, toEpoch, toInstant } from '../model/primitives';
import type { UnitOfWork } from './unit-of-work';

/** Input of `engine.setDoNotContact`. */
export const setDoNotContactInputSchema = z.strictObject({
  dealerId: idSchema,
  customerId: idSchema,
  /** Default `all`: no channel at all. */
  channel: z.enum(CONSENT_CHANNELS).default('all'),
  /** Only about this vehicle (e.g. a car sold on); absent: every vehicle of the customer. */
  vehicleId: idSchema.optional(),
  /** Why, as the customer or the desk said it. Required: an entry nobody can explain is not kept. */
  reason: z.string().trim().min(1).max(500),
  actor: actorSchema,
});
/** Input of `engine.setDoNotContact`. */
export type SetDoNotContactInput = z.input<typeof setDoNotContactInputSchema>;

/**
 * Input of `engine.clearDoNotContact`: the entry of this channel and vehicle goes. The same
 * fields as setting one (the reason says why it was lifted).
 */
export const clearDoNotContactInputSchema = setDoNotContactInputSchema;
/** Input of `engine.clearDoNotContact`. */
export type ClearDoNotContactInput = z.input<typeof clearDoNotContactInputSchema>;

/** Input of `engine.recordSmsOptIn`. */
export const recordSmsOptInInputSchema = z.strictObject({
  dealerId: idSchema,
  customerId: idSchema,
  phone: phoneNumberSchema,
  /** `true`: the customer agreed to SMS on this phone; `false`: opted out (e.g. replied "TD"). */
  optedIn: z.boolean(),
  /** Where the consent comes from: `signed-form`, `sms-reply`, `dms`, … */
  source: z.string().trim().min(1).max(100),
  /** When the customer gave it (default: now). */
  at: instantInputSchema.optional(),
  actor: actorSchema,
});
/** Input of `engine.recordSmsOptIn`. */
export type RecordSmsOptInInput = z.input<typeof recordSmsOptInInputSchema>;

const OPT_INS_KEPT = 100;

/** A customer's consent record, or a new empty one (not saved). */
async function consentOf(
  uow: UnitOfWork,
  dealerId: string,
  customerId: string,
): Promise<ContactConsent> {
  await uow.load('customer', dealerId, customerId);
  const known = await uow.find('contactConsent', dealerId, customerId);
  return (
    known ?? {
      id: customerId,
      dealerId,
      customerId,
      doNotContact: [],
      smsOptIns: [],
      version: 0,
      history: [],
      createdAt: uow.at,
      updatedAt: uow.at,
    }
  );
}

const sameEntry = (e: DoNotContactEntry, channel: ConsentChannel, vehicleId?: string) =>
  e.channel === channel && e.vehicleId === vehicleId;

const scope = (channel: ConsentChannel, vehicleId?: string) =>
  `${channel}${vehicleId === undefined ? '' : ` vehicle ${vehicleId}`}`;

/** Adds (or replaces, with its new reason) a do-not-contact entry; on the record's history. */
export async function setDoNotContact(
  uow: UnitOfWork,
  input: z.output<typeof setDoNotContactInputSchema>,
): Promise<ContactConsent> {
  const c = await consentOf(uow, input.dealerId, input.customerId);
  const entry: DoNotContactEntry = {
    channel: input.channel,
    ...(input.vehicleId !== undefined ? { vehicleId: input.vehicleId } : {}),
    reason: input.reason,
    since: uow.at,
    by: actorRef(input.actor),
  };
  const kept = c.doNotContact.filter((e) => !sameEntry(e, input.channel, input.vehicleId));
  return uow.save('contactConsent', {
    ...c,
    doNotContact: [...kept, entry],
    history: [
      ...c.history,
      uow.fact({
        actor: actorRef(input.actor),
        command: 'setDoNotContact',
        from: c.version === 0 ? null : 'recorded',
        to: `do-not-contact ${scope(input.channel, input.vehicleId)}`,
        reason: input.reason,
      }),
    ],
    updatedAt: uow.at,
  });
}

/** Removes the do-not-contact entry of a channel and vehicle, if any; on the record's history. */
export async function clearDoNotContact(
  uow: UnitOfWork,
  input: z.output<typeof clearDoNotContactInputSchema>,
): Promise<ContactConsent> {
  const c = await consentOf(uow, input.dealerId, input.customerId);
  return uow.save('contactConsent', {
    ...c,
    doNotContact: c.doNotContact.filter((e) => !sameEntry(e, input.channel, input.vehicleId)),
    history: [
      ...c.history,
      uow.fact({
        actor: actorRef(input.actor),
        command: 'clearDoNotContact',
        from: c.version === 0 ? null : 'recorded',
        to: `contact allowed ${scope(input.channel, input.vehicleId)}`,
        reason: input.reason,
      }),
    ],
    updatedAt: uow.at,
  });
}

/** Records an SMS opt-in or opt-out of a phone; the latest one of a phone is in force. */
export async function recordSmsOptIn(
  uow: UnitOfWork,
  input: z.output<typeof recordSmsOptInInputSchema>,
): Promise<ContactConsent> {
  const c = await consentOf(uow, input.dealerId, input.customerId);
  const at = input.at !== undefined ? toInstant(toEpoch(input.at)) : uow.at;
  const record = { phone: input.phone, optedIn: input.optedIn, at, source: input.source };
  return uow.save('contactConsent', {
    ...c,
    smsOptIns: [...c.smsOptIns, { ...record, by: actorRef(input.actor) }]
      .sort((a, b) => toEpoch(a.at) - toEpoch(b.at))
      .slice(-OPT_INS_KEPT),
    history: [
      ...c.history,
      uow.fact({
        actor: actorRef(input.actor),
        command: 'recordSmsOptIn',
        from: c.version === 0 ? null : 'recorded',
        // No phone here: history outlives erasure's scrubbing of the opt-in list.
        to: input.optedIn ? 'sms opted in' : 'sms opted out',
        reason: input.source,
      }),
    ],
    updatedAt: uow.at,
  });
}

/** Why a message may not go out ({@link notificationConsent}). */
export type ConsentRefusal =
  | { readonly reason: 'customer-do-not-contact' }
  | { readonly reason: 'do-not-contact'; readonly entry: DoNotContactEntry }
  | { readonly reason: 'no-sms-opt-in'; readonly phone: string | undefined }
  | { readonly reason: 'sms-opted-out'; readonly phone: string; readonly at: string };

/**
 * Whether a message on `channel` about `vehicleId` (if any) may go to a customer: not when the
 * customer is marked do-not-contact (DMS profile), nor under a do-not-contact entry of that
 * channel (or `all`) for every vehicle or that vehicle, nor by SMS to a phone whose latest opt-in
 * record is not an opt-in. `undefined` when it may.
 */
export function notificationConsent(
  customer: Pick<Customer, 'doNotContact'>,
  consent: Pick<ContactConsent, 'doNotContact' | 'smsOptIns'> | undefined,
  message: { readonly channel: string; readonly vehicleId?: string; readonly phone?: string },
): ConsentRefusal | undefined {
  if (customer.doNotContact) return { reason: 'customer-do-not-contact' };
  const entry = consent?.doNotContact.find(
    (e) =>
      (e.channel === 'all' || e.channel === message.channel) &&
      (e.vehicleId === undefined || e.vehicleId === message.vehicleId),
  );
  if (entry !== undefined) return { reason: 'do-not-contact', entry };
  if (message.channel !== 'sms') return undefined;
  const latest = consent?.smsOptIns.filter((o) => o.phone === message.phone).at(-1);
  if (latest === undefined) return { reason: 'no-sms-opt-in', phone: message.phone };
  if (!latest.optedIn) return { reason: 'sms-opted-out', phone: latest.phone, at: latest.at };
  return undefined;
}
