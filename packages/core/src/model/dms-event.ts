import { z } from 'zod';
import { complaintCategorySchema, complaintNatureSchema, complaintSourceSchema } from './complaint';
import { customerProfileSchema } from './customer';
import { idSchema, instantInputSchema } from './primitives';
import { vehicleProfileSchema } from './vehicle';

const envelope = {
  /** The DMS's own id for this event. Re-delivery of the same id is a no-op (idempotent ingest). */
  sourceId: idSchema,
  dealerId: idSchema,
  /** When it happened in the DMS (any ISO offset; stored in UTC). */
  occurredAt: instantInputSchema,
};

/** A DMS event: what the dealer management system tells the library. */
export const dmsEventSchema = z.discriminatedUnion('type', [
  z.object({
    ...envelope,
    type: z.literal('vehicle.delivered'),
    customer: customerProfileSchema,
    vehicle: vehicleProfileSchema,
    salesConsultantId: idSchema.optional(),
  }),
  z.object({
    ...envelope,
    type: z.literal('repair.settled'),
    customer: customerProfileSchema,
    vehicle: vehicleProfileSchema,
    repairOrderId: idSchema,
    /** 一般维修 / 特殊维修 / 保养. */
    repairKind: z.enum(['general', 'special', 'maintenance', 'warranty']),
    serviceAdvisorId: idSchema.optional(),
    /** False while the customer has not picked the car up: no visit is made (不回访). */
    pickedUp: z.boolean().default(true),
  }),
  z.object({
    ...envelope,
    type: z.literal('vehicle.picked-up'),
    vehicleId: idSchema,
    repairOrderId: idSchema.optional(),
  }),
  z.object({
    ...envelope,
    type: z.literal('appointment.booked'),
    customer: customerProfileSchema,
    vehicle: vehicleProfileSchema.optional(),
    appointmentId: idSchema,
    appointmentAt: instantInputSchema,
  }),
  z.object({
    ...envelope,
    type: z.literal('complaint.received'),
    customer: customerProfileSchema,
    vehicle: vehicleProfileSchema.optional(),
    source: complaintSourceSchema,
    category: complaintCategorySchema.optional(),
    nature: complaintNatureSchema.optional(),
    description: z.string().min(1).max(4000),
  }),
  z.object({
    ...envelope,
    type: z.literal('customer.changed'),
    customer: customerProfileSchema,
  }),
]);
/** A DMS event as sent (before defaults and normalisation). */
export type DmsEventInput = z.input<typeof dmsEventSchema>;
/** A validated DMS event. */
export type DmsEvent = z.infer<typeof dmsEventSchema>;
/** The DMS event types the library understands. */
export type DmsEventType = DmsEvent['type'];
