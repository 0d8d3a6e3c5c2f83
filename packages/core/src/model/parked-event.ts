import { z } from 'zod';
import { historyEntrySchema } from './history';
import { idSchema, instantSchema } from './primitives';

/** States of a parked DMS event. */
export const PARKED_EVENT_STATES = ['waiting', 'applied', 'expired'] as const;
/** A parked DMS event's state. */
export type ParkedEventState = (typeof PARKED_EVENT_STATES)[number];

/**
 * A DMS event that arrived before the one it needs (a vehicle picked up before its repair order
 * was settled): kept, and applied when the other arrives, or expired after the engine's
 * `parkedEventsExpireAfter`. Its id is `<what it waits for>|<source id>`.
 */
export const parkedEventSchema = z.object({
  id: idSchema,
  dealerId: idSchema,
  sourceId: idSchema,
  /** The DMS event as validated. */
  event: z.record(z.string(), z.unknown()),
  /** What it waits for: a repair order settled for this vehicle (and this order, if named). */
  waitsFor: z.object({
    kind: z.literal('repair.settled'),
    vehicleId: idSchema,
    repairOrderId: idSchema.optional(),
  }),
  occurredAt: instantSchema,
  expiresAt: instantSchema,
  /** The DMS event that let it apply. */
  appliedWith: idSchema.optional(),
  state: z.enum(PARKED_EVENT_STATES),
  version: z.number().int().nonnegative(),
  history: z.array(historyEntrySchema),
  createdAt: instantSchema,
  updatedAt: instantSchema,
});
/** A parked DMS event. */
export type ParkedEvent = z.infer<typeof parkedEventSchema>;

/** The id prefix of every event parked for a vehicle: a range of ids, in order. */
export function parkedForVehicle(vehicleId: string): string {
  return `vehicle:${vehicleId}|`;
}
