import { z } from 'zod';
import { actorRefSchema } from './actor';
import { historyEntrySchema } from './history';
import { storedPhoneNumberSchema } from './phone-number';
import { idSchema, instantSchema } from './primitives';

/** The ways of reaching a customer a do-not-contact entry can name (`all`: every one). */
export const CONSENT_CHANNELS = [
  'all',
  'phone',
  'sms',
  'wechat',
  'email',
  'letter',
  'visit',
] as const;
/** A channel a do-not-contact entry covers. */
export type ConsentChannel = (typeof CONSENT_CHANNELS)[number];

/**
 * One do-not-contact entry: a channel (or `all`), for one vehicle or (no `vehicleId`) every
 * vehicle of the customer, with the reason given and who recorded it.
 */
export const doNotContactEntrySchema = z.object({
  channel: z.enum(CONSENT_CHANNELS),
  vehicleId: idSchema.optional(),
  reason: z.string().min(1).max(500),
  since: instantSchema,
  by: actorRefSchema,
});
/** A do-not-contact entry. */
export type DoNotContactEntry = z.infer<typeof doNotContactEntrySchema>;

/**
 * One SMS opt-in record: a phone (E.164) opted in or out at an instant, from a source (a signed
 * form, a reply "TD", the DMS). The latest record of a phone is in force.
 */
export const smsOptInSchema = z.object({
  phone: storedPhoneNumberSchema,
  optedIn: z.boolean(),
  at: instantSchema,
  source: z.string().min(1).max(100),
  by: actorRefSchema,
});
/** An SMS opt-in record. */
export type SmsOptIn = z.infer<typeof smsOptInSchema>;

/**
 * What a customer agreed to be contacted by, kept apart from the DMS profile (which the DMS
 * overwrites): do-not-contact entries per channel and vehicle, and SMS opt-in records. One per
 * customer (`id` is the customer's id); every change is on its history.
 */
export const contactConsentSchema = z.object({
  id: idSchema,
  dealerId: idSchema,
  customerId: idSchema,
  doNotContact: z.array(doNotContactEntrySchema).default([]),
  /** Every opt-in and opt-out, oldest first (at most 100: older ones leave the list, not the history). */
  smsOptIns: z.array(smsOptInSchema).default([]),
  version: z.number().int().nonnegative(),
  history: z.array(historyEntrySchema),
  createdAt: instantSchema,
  updatedAt: instantSchema,
});
/** A customer's contact consent. */
export type ContactConsent = z.infer<typeof contactConsentSchema>;
