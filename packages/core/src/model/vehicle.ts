import { z } from 'zod';
import { extrasSchema, storedExtrasSchema } from './extras';
import { idSchema, instantSchema, localDateSchema } from './primitives';
import { strictInput } from './strict-input';

/** VIN: 17 characters, no I, O or Q (ISO 3779). */
export const vinSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-HJ-NPR-Z0-9]{17}$/, 'VIN must be 17 characters without I, O or Q');

/** How many mileage readings a vehicle keeps (`mileageReadings`). */
export const MILEAGE_READINGS_KEPT = 50;

/** How the vehicle is used; warranty and visit rules differ (taxi vs private). */
export const vehicleUsageSchema = z.enum(['private', 'taxi', 'commercial', 'fleet']);
/** A vehicle usage. */
export type VehicleUsage = z.infer<typeof vehicleUsageSchema>;

/** Vehicle fields a DMS sends. Unknown keys are refused. */
export const vehicleProfileSchema = strictInput({
  id: idSchema,
  vin: vinSchema,
  plate: z.string().max(20).optional(),
  model: z.string().max(100).optional(),
  usage: vehicleUsageSchema.default('private'),
  deliveryDate: localDateSchema.optional(),
  mileageKm: z.number().finite().nonnegative().optional(),
  /** The DMS's own fields about the vehicle: kept on the record, never read (see `extrasSchema`). */
  extras: extrasSchema.optional(),
});
/** Vehicle as sent by the DMS. */
export type VehicleProfileInput = z.input<typeof vehicleProfileSchema>;
/** Vehicle after validation. */
export type VehicleProfile = z.infer<typeof vehicleProfileSchema>;

/**
 * A stored vehicle. Read tolerantly, like every stored record: a key this version does not know
 * is ignored, not refused (see `customerSchema`).
 */
export const vehicleSchema = z.object({
  id: idSchema,
  vin: vinSchema,
  plate: z.string().max(20).optional(),
  model: z.string().max(100).optional(),
  usage: vehicleUsageSchema.default('private'),
  deliveryDate: localDateSchema.optional(),
  mileageKm: z.number().finite().nonnegative().optional(),
  extras: storedExtrasSchema.optional(),
  /**
   * The usage of the earliest DMS data about the vehicle (by `occurredAt`, the delivery when it
   * came): the warranty term follows it, not a later change of use [003]. Kept whatever order
   * events arrive in.
   */
  originalUsage: z.object({ usage: vehicleUsageSchema, at: instantSchema }).optional(),
  /**
   * Mileage readings the DMS sent (`mileageKm` with the event's `occurredAt`), oldest first, the
   * latest {@link MILEAGE_READINGS_KEPT}: when a warranty's km limit was reached.
   */
  mileageReadings: z
    .array(z.object({ km: z.number().finite().nonnegative(), at: instantSchema }))
    .max(50)
    .optional(),
  dealerId: idSchema,
  customerId: idSchema,
  /**
   * When the DMS data in force happened (the `occurredAt` of the event that wrote it): an older
   * event that arrives later does not overwrite it (last writer wins by event time).
   */
  profileAt: instantSchema.optional(),
  /**
   * The latest repair orders settled for the vehicle and whether it was picked up, so that a
   * pick-up finds the order it ends — or waits for it when it comes first. At most 20, newest last.
   */
  repairOrders: z
    .array(
      z.object({
        id: idSchema,
        settledAt: instantSchema,
        pickedUp: z.boolean(),
        /**
         * The source id of the `vehicle.picked-up` event that ended the order: a later correction
         * of the order (still saying "not picked up", as when it was settled) does not undo it.
         */
        pickedUpBy: idSchema.optional(),
      }),
    )
    .max(20)
    .optional(),
  /**
   * The latest `vehicle.picked-up` that named no repair order: it ends every order settled before
   * it, also one whose `repair.settled` arrives after it.
   */
  lastPickUp: z.object({ sourceId: idSchema, at: instantSchema }).optional(),
  version: z.number().int().nonnegative(),
  createdAt: instantSchema,
  updatedAt: instantSchema,
});
/** A stored vehicle. */
export type Vehicle = z.infer<typeof vehicleSchema>;
