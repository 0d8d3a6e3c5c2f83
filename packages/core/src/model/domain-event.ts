import { z } from 'zod';
import { idSchema, instantSchema } from './primitives';

/** Kinds of stored aggregate. */
export const RECORD_KINDS = [
  'customer',
  'vehicle',
  'visit',
  'opinionCase',
  'complaint',
  'calendarYear',
  'deadTimer',
  'parkedEvent',
  'staffMember',
  'rulesVersion',
  'contactConsent',
  'reportCadence',
  'reportSignOff',
] as const;
/** A kind of stored aggregate. */
export type RecordKind = (typeof RECORD_KINDS)[number];

/**
 * What the engine announces after a transaction commits. Also kept in the append-only
 * event log; `seq` is assigned by storage and increases monotonically.
 */
export const domainEventSchema = z.object({
  seq: z.number().int().positive().optional(),
  type: z.string().min(1),
  dealerId: idSchema,
  at: instantSchema,
  subject: z.object({ kind: z.enum(RECORD_KINDS), id: idSchema }),
  data: z.record(z.string(), z.unknown()),
});
/** A stored or announced domain event. */
export type DomainEvent = z.infer<typeof domainEventSchema>;
