import { z } from 'zod';
import { actorRefSchema } from './actor';
import { extrasSchema, storedExtrasSchema } from './extras';
import { historyEntrySchema } from './history';
import {
  normalisePhoneNumber,
  phoneKey,
  phoneNumberSchema,
  storedPhoneNumberSchema,
} from './phone-number';
import { idSchema, instantInputSchema, instantSchema, localDateSchema } from './primitives';
import { strictInput } from './strict-input';

/** A phone on a customer profile as the DMS sends it; the number is stored in E.164 form. */
export const phoneSchema = strictInput({
  number: phoneNumberSchema,
  /** Whose phone: the owner's, the contact person's, or another. */
  belongsTo: z.enum(['owner', 'contact', 'other']).default('owner'),
  /** `false` once a call found it wrong (a DMS may send it so too). */
  valid: z.boolean().default(true),
});
/** A phone on the customer record. `valid: false` once a call found it wrong. */
export type Phone = z.infer<typeof phoneSchema>;

/** A phone as stored (see {@link storedPhoneNumberSchema}: older rows keep the DMS's spelling). */
const storedPhoneSchema = z.object({
  number: storedPhoneNumberSchema,
  belongsTo: z.enum(['owner', 'contact', 'other']).default('owner'),
  valid: z.boolean().default(true),
});

/**
 * Why a customer was lost (失联/流失, the cause found [001]): gone to another dealer, sold the
 * vehicle, moved away, dissatisfied, price, too far, no longer needs the service, or not known.
 */
export const LOST_CAUSES = [
  'otherDealer',
  'vehicleSold',
  'moved',
  'dissatisfied',
  'price',
  'distance',
  'noLongerNeeded',
  'unknown',
  'other',
] as const;
/** A cause of a lost customer. */
export type LostCause = (typeof LOST_CAUSES)[number];

/** Customer lifecycle states (see the customer machine). */
export const CUSTOMER_STATES = [
  'prospect',
  'owner',
  'active',
  'dormant',
  'lost',
  'unreachable',
] as const;
/** A customer lifecycle state. */
export type CustomerState = (typeof CUSTOMER_STATES)[number];

const preferredChannelSchema = z.enum(['phone', 'sms', 'wechat', 'email', 'letter']);

/** Fields a DMS sends about a customer (客户档案). Unknown keys are refused at every level. */
export const customerProfileSchema = strictInput({
  id: idSchema,
  name: z.string().min(1).max(100),
  phones: z.array(phoneSchema).max(10).default([]),
  contactPerson: strictInput({
    name: z.string().min(1).max(100),
    phone: phoneNumberSchema.optional(),
  }).optional(),
  address: z.string().max(500).optional(),
  birthday: localDateSchema.optional(),
  preferences: strictInput({
    /** e.g. "does not like phone calls" [001]: visits use another channel. */
    noPhoneCalls: z.boolean().default(false),
    preferredChannel: preferredChannelSchema.optional(),
    note: z.string().max(500).optional(),
  }).default({ noPhoneCalls: false }),
  /** Never contact (the customer asked). Visits for them are not scheduled. */
  doNotContact: z.boolean().default(false),
  consent: strictInput({
    followUp: z.boolean().default(true),
    marketing: z.boolean().default(false),
    recordedAt: instantInputSchema.optional(),
  }).default({ followUp: true, marketing: false }),
  /** The DMS's own fields about the customer: kept on the record, never read (see `extrasSchema`). */
  extras: extrasSchema.optional(),
});
/** Customer profile as sent by the DMS (input form). */
export type CustomerProfileInput = z.input<typeof customerProfileSchema>;
/** Customer profile after validation. */
export type CustomerProfile = z.infer<typeof customerProfileSchema>;

/**
 * A stored customer. Stored records are read tolerantly, unlike inputs: a key this version does
 * not know (written by a newer version of the library) is ignored rather than refused, so an
 * older process can still read the database; a change that older versions must not read bumps
 * the storage schema version instead (`SCHEMA_TOO_NEW`). Numbers stored before normalisation
 * keep their spelling (compare with `samePhone`).
 */
export const customerSchema = z.object({
  id: idSchema,
  name: z.string().min(1).max(100),
  phones: z.array(storedPhoneSchema).max(10).default([]),
  contactPerson: z
    .object({ name: z.string().min(1).max(100), phone: storedPhoneNumberSchema.optional() })
    .optional(),
  address: z.string().max(500).optional(),
  birthday: localDateSchema.optional(),
  preferences: z
    .object({
      noPhoneCalls: z.boolean().default(false),
      preferredChannel: preferredChannelSchema.optional(),
      note: z.string().max(500).optional(),
    })
    .default({ noPhoneCalls: false }),
  doNotContact: z.boolean().default(false),
  consent: z
    .object({
      followUp: z.boolean().default(true),
      marketing: z.boolean().default(false),
      recordedAt: instantSchema.optional(),
    })
    .default({ followUp: true, marketing: false }),
  extras: storedExtrasSchema.optional(),
  dealerId: idSchema,
  /**
   * When the DMS profile in force happened (the `occurredAt` of the event that wrote it): an
   * older event that arrives later does not overwrite it (last writer wins by event time).
   */
  profileAt: instantSchema.optional(),
  state: z.enum(CUSTOMER_STATES),
  version: z.number().int().nonnegative(),
  history: z.array(historyEntrySchema),
  createdAt: instantSchema,
  updatedAt: instantSchema,
  /** Why and when the customer was marked lost (`engine.markCustomerLost`); kept if they return. */
  lost: z
    .object({
      cause: z.enum(LOST_CAUSES),
      note: z.string().max(2000).optional(),
      at: instantSchema,
      by: actorRefSchema,
    })
    .optional(),
  /** Set when personal data was erased; the record stays for anonymous counts. */
  erasedAt: instantSchema.optional(),
});
/** A stored customer. */
export type Customer = z.infer<typeof customerSchema>;

/**
 * The numbers a follow-up call can use, in E.164 form: the customer's phones not found wrong and
 * valid as numbers (a row stored before normalisation may hold one that is not), then the
 * contact person's unless it is one of the phones found wrong. Empty means nobody can be
 * called: a visit scheduled then is blocked until a phone is corrected [002].
 */
export function usablePhones(customer: Pick<Customer, 'phones' | 'contactPerson'>): string[] {
  const out: string[] = [];
  const wrong = new Set<string>();
  for (const p of customer.phones) {
    if (!p.valid) {
      wrong.add(phoneKey(p.number));
      continue;
    }
    const n = normalisePhoneNumber(p.number);
    if (n !== undefined && !out.includes(n)) out.push(n);
  }
  const contact = customer.contactPerson?.phone;
  const n = contact !== undefined ? normalisePhoneNumber(contact) : undefined;
  if (n !== undefined && !wrong.has(n) && !out.includes(n)) out.push(n);
  return out;
}
