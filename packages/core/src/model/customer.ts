import { z } from 'zod';
import { historyEntrySchema } from './history';
import { idSchema, instantSchema, localDateSchema } from './primitives';

/** A phone number: a plausible international or domestic number, digits with optional `+`, spaces, dashes. */
export const phoneNumberSchema = z
  .string()
  .trim()
  .regex(/^\+?[0-9][0-9 -]{4,22}[0-9]$/, 'not a phone number');

/** A phone on the customer record. `valid: false` once a call found it wrong. */
export const phoneSchema = z.object({
  number: phoneNumberSchema,
  /** Whose phone: the owner's, the contact person's, or another. */
  belongsTo: z.enum(['owner', 'contact', 'other']).default('owner'),
  valid: z.boolean().default(true),
});
/** A phone on the customer record. */
export type Phone = z.infer<typeof phoneSchema>;

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

/** Fields a DMS sends about a customer (客户档案). */
export const customerProfileSchema = z.object({
  id: idSchema,
  name: z.string().min(1).max(100),
  phones: z.array(phoneSchema).max(10).default([]),
  contactPerson: z
    .object({ name: z.string().min(1).max(100), phone: phoneNumberSchema.optional() })
    .optional(),
  address: z.string().max(500).optional(),
  birthday: localDateSchema.optional(),
  preferences: z
    .object({
      /** e.g. "does not like phone calls" [001]: visits use another channel. */
      noPhoneCalls: z.boolean().default(false),
      preferredChannel: z.enum(['phone', 'sms', 'wechat', 'email', 'letter']).optional(),
      note: z.string().max(500).optional(),
    })
    .default({ noPhoneCalls: false }),
  /** Never contact (the customer asked). Visits for them are not scheduled. */
  doNotContact: z.boolean().default(false),
  consent: z
    .object({
      followUp: z.boolean().default(true),
      marketing: z.boolean().default(false),
      recordedAt: instantSchema.optional(),
    })
    .default({ followUp: true, marketing: false }),
});
/** Customer profile as sent by the DMS (input form). */
export type CustomerProfileInput = z.input<typeof customerProfileSchema>;
/** Customer profile after validation. */
export type CustomerProfile = z.infer<typeof customerProfileSchema>;

/** A stored customer. */
export const customerSchema = customerProfileSchema.extend({
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
  /** Set when personal data was erased; the record stays for anonymous counts. */
  erasedAt: instantSchema.optional(),
});
/** A stored customer. */
export type Customer = z.infer<typeof customerSchema>;
