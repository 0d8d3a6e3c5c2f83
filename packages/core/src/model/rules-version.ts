import { z } from 'zod';
import { actorRefSchema } from './actor';
import { historyEntrySchema } from './history';
import { idSchema, instantSchema } from './primitives';

/** What happens to a kind of open item when a pack version takes effect. */
export const OPEN_ITEM_POLICIES = ['pinned', 'recompute'] as const;
/** `pinned`: open items keep their version's timings; `recompute`: moved under the new one. */
export type OpenItemPolicy = (typeof OPEN_ITEM_POLICIES)[number];

/** States of a scheduled pack version. */
export const RULES_VERSION_STATES = [
  'scheduled',
  'switching',
  'active',
  'superseded',
  'cancelled',
] as const;

/**
 * One version of a dealer's rule pack, with the instant it takes effect (a pack's history). The
 * switch is a durable timer at `effectiveFrom`; then the open items of each kind are pinned or
 * recomputed as `openItems` says, and `rules.switched` announces the counts.
 */
export const rulesVersionSchema = z.object({
  /** `<effectiveFrom>:<hash>`: a dealer's versions sort by when they take effect. */
  id: idSchema,
  dealerId: idSchema,
  /** The pack's fingerprint (`CompiledRulePack.hash`): what items record as `rulesVersion`. */
  hash: z.string().min(1).max(64),
  packId: idSchema,
  packVersion: z.string().min(1).max(50),
  /** The validated pack (merged, as compiled). */
  pack: z.record(z.string(), z.unknown()),
  effectiveFrom: instantSchema,
  openItems: z.object({
    visit: z.enum(OPEN_ITEM_POLICIES),
    complaint: z.enum(OPEN_ITEM_POLICIES),
    opinionCase: z.enum(OPEN_ITEM_POLICIES),
  }),
  /** The version in force before it, once it took effect: what pinned items keep. */
  previous: z
    .object({ hash: z.string().min(1).max(64), pack: z.record(z.string(), z.unknown()) })
    .optional(),
  state: z.enum(RULES_VERSION_STATES),
  scheduledBy: actorRefSchema,
  version: z.number().int().nonnegative(),
  history: z.array(historyEntrySchema),
  createdAt: instantSchema,
  updatedAt: instantSchema,
});
/** A scheduled or past version of a dealer's rule pack. */
export type RulesVersion = z.infer<typeof rulesVersionSchema>;
