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
});
/** One history entry. */
export type HistoryEntry = z.infer<typeof historyEntrySchema>;
