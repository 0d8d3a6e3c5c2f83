import { z } from 'zod';
import { actorRefSchema } from './actor';
import { historyEntrySchema } from './history';
import { idSchema, instantSchema, roleIdSchema } from './primitives';
import { assigneeFields } from './staff-member';

/** Opinion-case states: the 《顾客回访意见跟进解决表》 flow of DOMAIN.md §4. */
export const OPINION_CASE_STATES = [
  'recorded',
  'formSent',
  'handled',
  'notReturnedInTime',
  'returned',
  'followedUp',
  'closed',
] as const;
/** An opinion-case state. */
export type OpinionCaseState = (typeof OPINION_CASE_STATES)[number];

/**
 * An opinion raised during a follow-up call (意见跟进): recorded on the opinion form, sent to
 * the department, handled within 24 hours, returned, followed up a second time within 4 hours.
 */
export const opinionCaseSchema = z.object({
  id: idSchema,
  dealerId: idSchema,
  visitId: idSchema.optional(),
  customerId: idSchema,
  vehicleId: idSchema.optional(),
  /** The customer's objection, in the agent's words. */
  problem: z.string().min(1).max(4000),
  /** Department responsible (after-sales, sales, parts, …). */
  department: z.string().min(1).max(100),
  responsibleRole: roleIdSchema,
  /** The rule pack version it was made under (`CompiledRulePack.hash`); reports group by it. */
  rulesVersion: z.string().max(64).optional(),
  /** The person in the responsible role who handles it, once assigned or claimed (派单). */
  assignee: z.object(assigneeFields).optional(),
  /**
   * The call recording kept with the case [000]: its reference, the roles it goes to (the pack's
   * `opinion.recordingRecipients` when recorded) and by when (the form deadline).
   */
  recording: z
    .object({
      ref: z.string().min(1).max(2000),
      sentTo: z.array(roleIdSchema).max(32),
      sendBy: instantSchema,
    })
    .optional(),
  /** When the call that raised it ended: the form deadline is computed from it. */
  raisedAt: instantSchema,
  /** Deadlines computed by the SLA rules at each step. */
  due: z.object({
    formSentBy: instantSchema,
    handledBy: instantSchema.optional(),
    secondFollowUpBy: instantSchema.optional(),
    /** `true` when a deadline was computed on a provisional calendar year (moved when the notice arrives). */
    provisional: z.boolean().optional(),
  }),
  handling: z
    .object({ text: z.string().min(1).max(4000), at: instantSchema, by: actorRefSchema })
    .optional(),
  returnedAt: instantSchema.optional(),
  /** Why the form came back late (the agent finds out and informs the GM). */
  lateReason: z.string().max(2000).optional(),
  secondFollowUp: z
    .object({
      satisfied: z.boolean(),
      note: z.string().max(4000).optional(),
      at: instantSchema,
      by: actorRefSchema,
    })
    .optional(),
  /**
   * Timers already fired (`name@dueAt`), so rebuilding the item's timers never puts back one that
   * fired (ladder steps are kept in `sla.firedSteps`).
   */
  firedTimers: z.array(z.string().max(200)).max(64).optional(),
  state: z.enum(OPINION_CASE_STATES),
  version: z.number().int().nonnegative(),
  history: z.array(historyEntrySchema),
  createdAt: instantSchema,
  updatedAt: instantSchema,
});
/** An opinion case. */
export type OpinionCase = z.infer<typeof opinionCaseSchema>;
