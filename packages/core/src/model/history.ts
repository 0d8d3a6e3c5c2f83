import { z } from 'zod';
import { actorRefSchema } from './actor';
import { instantSchema } from './primitives';

/** One accepted transition or recorded fact. History is append-only. */
export const historyEntrySchema = z.object({
  at: instantSchema,
  actor: actorRefSchema,
  command: z.string(),
  /** State before; `null` when the aggregate was created. */
  from: z.string().nullable(),
  to: z.string(),
  reason: z.string().max(2000).optional(),
  /** The rule or timer that caused the entry (breaches, escalations). */
  rule: z.string().optional(),
  /**
   * The fact values that decided the rule (`{ "event.repairKind": "special" }`), on the entry of
   * a visit the rules scheduled: why the customer is called. `null`: the value was missing.
   */
  facts: z
    .record(z.string().max(200), z.union([z.string(), z.number(), z.boolean(), z.null()]))
    .optional(),
});
/** One history entry. */
export type HistoryEntry = z.infer<typeof historyEntrySchema>;
