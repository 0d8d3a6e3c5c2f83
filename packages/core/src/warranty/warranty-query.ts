import { z } from 'zod';
import { type EngineContext, packFor } from '../engine/engine-context';
import type { UnitOfWork } from '../engine/unit-of-work';
import { idSchema, localDateSchema } from '../model/primitives';
import { type WarrantyStatus, warrantyStatus } from './warranty-status';

/** Input of `engine.inWarranty`. Unknown keys are refused. */
export const warrantyQuerySchema = z.strictObject({
  dealerId: idSchema,
  vehicleId: idSchema,
  /** The local date asked about (`YYYY-MM-DD`, the dealer's calendar); default: today. */
  on: localDateSchema.optional(),
});
/** Input of `engine.inWarranty`. */
export type WarrantyQuery = z.input<typeof warrantyQuerySchema>;

/**
 * `engine.inWarranty`: the stored vehicle (`NOT_FOUND` if the dealer has none of that id) under
 * the dealer's current pack's `warranty`, on the date in the dealer calendar's time zone.
 */
export async function inWarranty(
  uow: UnitOfWork,
  ctx: EngineContext,
  q: z.output<typeof warrantyQuerySchema>,
): Promise<WarrantyStatus> {
  const vehicle = await uow.load('vehicle', q.dealerId, q.vehicleId);
  const calendar = ctx.calendarFor(q.dealerId);
  const on = q.on ?? calendar.localDate(uow.now);
  const pack = packFor(ctx, uow, q.dealerId);
  return warrantyStatus(pack.pack.warranty, vehicle, on, (at) =>
    calendar.localDate(Date.parse(at)),
  );
}
