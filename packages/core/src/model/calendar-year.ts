import { z } from 'zod';
import { idSchema, instantSchema } from './primitives';

/** The dealer id under which the engine keeps records that span dealers (the calendar ledger). */
export const ENGINE_SCOPE = '$engine';

/** States of a dealer's provisional calendar year. */
export const CALENDAR_YEAR_STATES = ['provisional', 'confirmed'] as const;

/**
 * The ledger entry of a dealer-year that deadlines were computed on without a holiday notice
 * (a *provisional* year). Kept under {@link ENGINE_SCOPE} so that the engine finds every dealer's
 * provisional years in one query when the notice arrives; the dealer is told once, when it is made.
 */
export const calendarYearSchema = z.object({
  /** `<dealerId>:<calendarId>:<year>`. */
  id: idSchema,
  /** Always {@link ENGINE_SCOPE}. */
  dealerId: idSchema,
  /** The dealer whose items touched the year. */
  forDealerId: idSchema,
  calendarId: idSchema,
  year: z.number().int().min(1970).max(2200),
  state: z.enum(CALENDAR_YEAR_STATES),
  /** When the notice was found and the dealer's provisional items were moved. */
  confirmedAt: instantSchema.optional(),
  version: z.number().int().nonnegative(),
  createdAt: instantSchema,
  updatedAt: instantSchema,
});
/** A dealer's provisional calendar year. */
export type CalendarYear = z.infer<typeof calendarYearSchema>;
