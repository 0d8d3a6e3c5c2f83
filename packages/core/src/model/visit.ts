import { z } from 'zod';
import { deadlineExpressionSchema } from '../sla/deadline-expression';
import { actorRefSchema } from './actor';
import { attemptOutcomeSchema, attemptSchema } from './attempt';
import { storedExtrasSchema } from './extras';
import { historyEntrySchema } from './history';
import { idSchema, instantSchema, roleIdSchema } from './primitives';
import { assigneeFields } from './staff-member';
import { surveyResponseSchema } from './survey-response';

/** Visit states (see the visit machine). */
export const VISIT_STATES = [
  'scheduled',
  'open',
  'attempting',
  'blocked',
  'completed',
  'unreachable',
  'cancelled',
  'doNotVisit',
] as const;
/** A visit state. */
export type VisitState = (typeof VISIT_STATES)[number];

/** What the visit is about. */
export const visitSubjectSchema = z.object({
  customerId: idSchema,
  vehicleId: idSchema.optional(),
  /** The DMS event that caused the visit. */
  sourceEventId: idSchema.optional(),
  repairOrderId: idSchema.optional(),
  complaintId: idSchema.optional(),
  /** The visit this one follows (e.g. the first-level visit before a second-level one). */
  previousVisitId: idSchema.optional(),
  /** The staff member the survey scores (sales consultant, service advisor). */
  staffId: idSchema.optional(),
  /** The secondary network outlet (二级网点) the event came from, when not the dealer itself. */
  outletId: idSchema.optional(),
});
/** What a visit is about. */
export type VisitSubject = z.infer<typeof visitSubjectSchema>;

/** How many attempts a visit gets and which outcomes count as failed. */
export const attemptPolicySchema = z.object({
  maxAttempts: z.number().int().min(1).max(20),
  /** Deadline for the next attempt after a failed one, from the failed attempt (e.g. `{ "days": 2 }`). */
  retryWithin: deadlineExpressionSchema,
  failedOutcomes: z.array(attemptOutcomeSchema).min(1),
});
/** Attempt policy. */
export type AttemptPolicy = z.infer<typeof attemptPolicySchema>;

/**
 * A follow-up visit (回访): a task with a window, an assignee, attempts and a result. Stored
 * records are read tolerantly (a key this version does not know is ignored; see `customerSchema`).
 */
export const visitSchema = z.object({
  id: idSchema,
  dealerId: idSchema,
  /** Visit type id from the rule pack, e.g. `firstLevel`, `secondLevel`, `postRepair`. */
  type: idSchema,
  /** The rule that scheduled it. */
  ruleId: idSchema,
  /** The rule pack version it was made under (`CompiledRulePack.hash`); reports group by it. */
  rulesVersion: z.string().max(64).optional(),
  subject: visitSubjectSchema,
  window: z.object({
    opensAt: instantSchema,
    dueAt: instantSchema,
    /** The instant the window was computed from (the DMS event's time): what a recompute uses. */
    anchoredAt: instantSchema.optional(),
    /**
     * `true` when the window or its timers were computed on a provisional calendar year (no
     * holiday notice yet): the engine moves it when the notice arrives.
     */
    provisional: z.boolean().optional(),
    /**
     * The due time after the customer asked to be called back later than `dueAt`, when the rule
     * allows it (`callBackMayExtendDueBy`): overdue counts from here, not from `dueAt`.
     */
    extendedDueAt: instantSchema.optional(),
  }),
  /**
   * The duty the visit carries out (a rule with `duty`): its key and when the event that armed it
   * happened — a later event re-arms it, an older or the same one does not.
   */
  duty: z.object({ key: idSchema, triggeredAt: instantSchema }).optional(),
  /** The role the visit needs and, once assigned or claimed, the person (派单). */
  assignee: z.object({ role: roleIdSchema, ...assigneeFields }),
  attemptPolicy: attemptPolicySchema,
  attempts: z.array(attemptSchema),
  /** How the customer is contacted: `phone`, or another channel when they do not take calls. */
  channel: z.enum(['phone', 'sms', 'wechat', 'email', 'letter']).optional(),
  /** The call-back the customer asked for (the latest): a reminder to the assignee at `at`. */
  callBack: z.object({ at: instantSchema, requestedAt: instantSchema }).optional(),
  /** When the next attempt is due after a failed one (retry within N days). */
  retryDueAt: instantSchema.optional(),
  surveyId: idSchema.optional(),
  response: surveyResponseSchema.optional(),
  result: z
    .object({
      satisfied: z.boolean().nullable(),
      note: z.string().max(4000).optional(),
      at: instantSchema,
      by: actorRefSchema,
    })
    .optional(),
  /** Why the visit is blocked: a wrong number found on a call, or no usable phone at all. */
  /**
   * Timers already fired (`name@dueAt`), so rebuilding the item's timers never puts back one that
   * fired (ladder steps are kept in `sla.firedSteps`).
   */
  firedTimers: z.array(z.string().max(200)).max(64).optional(),
  blockedReason: z.string().max(500).optional(),
  /** The `extras` of the DMS event that created the visit, kept as sent and never read. */
  dmsExtras: storedExtrasSchema.optional(),
  state: z.enum(VISIT_STATES),
  version: z.number().int().nonnegative(),
  history: z.array(historyEntrySchema),
  createdAt: instantSchema,
  updatedAt: instantSchema,
});
/** A follow-up visit. */
export type Visit = z.infer<typeof visitSchema>;

/**
 * `blockedReason` of a visit scheduled for a customer nobody can call: no phone on record, or
 * every one found wrong. Phones must be complete before the first call [002]; `correctPhone`
 * unblocks it.
 */
export const NO_USABLE_PHONE_REASON =
  "no usable phone: the customer's phones must be complete before the first call (correct one to unblock the visit)";
