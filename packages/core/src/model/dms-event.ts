import { z } from 'zod';
import { complaintCategorySchema, complaintNatureSchema, complaintSourceSchema } from './complaint';
import { customerProfileSchema } from './customer';
import { extrasSchema } from './extras';
import { idSchema, instantInputSchema } from './primitives';
import { strictInput } from './strict-input';
import { vehicleProfileSchema } from './vehicle';

const envelope = {
  /** The DMS's own id for this event. Re-delivery of the same id is a no-op (idempotent ingest). */
  sourceId: idSchema,
  dealerId: idSchema,
  /** When it happened in the DMS, with its UTC offset (`+08:00`, `Z`, …); stored in UTC. */
  occurredAt: instantInputSchema,
  /**
   * The DMS's own fields about the event (a JSON object, see `extrasSchema`): kept as
   * `dmsExtras` on the visits and complaints the event creates, never read by the engine.
   */
  extras: extrasSchema.optional(),
};

/**
 * A DMS event: what the dealer management system tells the library. Strict at every level: a key
 * that is not declared here (a typo such as `pickedup`) is `VALIDATION_FAILED` naming its path;
 * the DMS's own data goes in `extras`.
 */
export const dmsEventSchema = z.discriminatedUnion('type', [
  strictInput({
    ...envelope,
    type: z.literal('vehicle.delivered'),
    customer: customerProfileSchema,
    vehicle: vehicleProfileSchema,
    salesConsultantId: idSchema.optional(),
    /** The secondary network outlet (二级网点) that delivered the car; absent: the dealer. */
    outletId: idSchema.optional(),
    /**
     * `false` while the buyer has not picked the new car up (未提车): the first-level visit is
     * "do not visit" and the service station is told not to call [002], until a
     * `vehicle.picked-up` for the vehicle. Absent: picked up.
     */
    pickedUp: z.boolean().optional(),
  }),
  strictInput({
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
  strictInput({
    ...envelope,
    type: z.literal('vehicle.picked-up'),
    vehicleId: idSchema,
    repairOrderId: idSchema.optional(),
  }),
  strictInput({
    ...envelope,
    type: z.literal('appointment.booked'),
    customer: customerProfileSchema,
    vehicle: vehicleProfileSchema.optional(),
    appointmentId: idSchema,
    appointmentAt: instantInputSchema,
  }),
  strictInput({
    ...envelope,
    type: z.literal('complaint.received'),
    customer: customerProfileSchema,
    vehicle: vehicleProfileSchema.optional(),
    source: complaintSourceSchema,
    category: complaintCategorySchema.optional(),
    nature: complaintNatureSchema.optional(),
    description: z.string().min(1).max(4000),
  }),
  strictInput({
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
