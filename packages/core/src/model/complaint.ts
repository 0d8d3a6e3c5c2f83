import { z } from 'zod';
import { actorRefSchema } from './actor';
import { storedExtrasSchema } from './extras';
import { historyEntrySchema } from './history';
import { idSchema, instantSchema, roleIdSchema } from './primitives';
import { assigneeFields } from './staff-member';

/** Complaint states (see the complaint machine). */
export const COMPLAINT_STATES = [
  'received',
  'classified',
  'investigating',
  'solutionProposed',
  'accepted',
  'rejected',
  'resolving',
  'resolved',
  'satisfactionCheck',
  'closed',
  'reopened',
] as const;
/** A complaint state. */
export type ComplaintState = (typeof COMPLAINT_STATES)[number];

/** Where a complaint came from [000][003]. */
export const complaintSourceSchema = z.enum([
  'onSite',
  'followUpCall',
  'inboundCall',
  'letter',
  'online',
  'authority',
]);
/** Complaint categories [003]. */
export const complaintCategorySchema = z.enum([
  'serviceAttitude',
  'repairTechnique',
  'repairPrice',
  'repairDelay',
  'partsQuality',
  'partsShortage',
  'productQuality',
  'other',
]);
/** A complaint category (routing uses it). */
export type ComplaintCategory = z.infer<typeof complaintCategorySchema>;
/** Nature [003]: defect (不良), dissatisfaction (不满), customer fault. */
export const complaintNatureSchema = z.enum(['defect', 'dissatisfaction', 'customerFault']);
/** Escalation tier 1–3 (DOMAIN.md §5). */
export const tierSchema = z.number().int().min(1).max(3);

/** A complaint (投诉 / 抱怨). */
export const complaintSchema = z.object({
  id: idSchema,
  dealerId: idSchema,
  customerId: idSchema,
  vehicleId: idSchema.optional(),
  visitId: idSchema.optional(),
  /** The DMS event it came from (`complaint.received`), when it came from one. */
  sourceEventId: idSchema.optional(),
  source: complaintSourceSchema,
  /** The rule pack version it was made under (`CompiledRulePack.hash`); reports group by it. */
  rulesVersion: z.string().max(64).optional(),
  category: complaintCategorySchema.optional(),
  nature: complaintNatureSchema.optional(),
  description: z.string().min(1).max(4000),
  tier: tierSchema,
  /** Who owns it now: routing sets the role (parts → partsManager, technique → technicalDirector, …). */
  owner: z.object({ role: roleIdSchema, ...assigneeFields }),
  solution: z
    .object({ text: z.string().min(1).max(4000), at: instantSchema, by: actorRefSchema })
    .optional(),
  customerAccepted: z.boolean().optional(),
  resolution: z
    .object({ text: z.string().min(1).max(4000), at: instantSchema, by: actorRefSchema })
    .optional(),
  satisfied: z.boolean().optional(),
  /** The `extras` of the DMS event that opened the complaint, kept as sent and never read. */
  dmsExtras: storedExtrasSchema.optional(),
  /** The resolution SLA: deadline, pause bookkeeping and ladder steps already fired. */
  sla: z.object({
    /** When the resolution clock started (opening or reopening): the anchor a recompute uses. */
    startedAt: instantSchema.optional(),
    dueAt: instantSchema,
    pausedAt: instantSchema.optional(),
    /** Working minutes spent paused so far; the deadline has moved by exactly this. */
    pausedWorkingMinutes: z.number().int().nonnegative(),
    firedSteps: z.array(z.string()),
    /**
     * `true` when the deadline, ladder or satisfaction check was computed on a provisional
     * calendar year: the engine moves them when the year's holiday notice arrives.
     */
    provisional: z.boolean().optional(),
  }),
  /** Satisfaction check due (after resolving). */
  satisfactionCheckDueAt: instantSchema.optional(),
  /**
   * When the owner must tell customer service how the complaint is handled: `feedbackWithin`
   * (e.g. 24 hours) after it was routed to them [003].
   */
  feedbackDueAt: instantSchema.optional(),
  /** The owner's feedback to customer service (`giveFeedback`, or the resolution itself). */
  feedback: z
    .object({ text: z.string().max(4000), at: instantSchema, by: actorRefSchema })
    .optional(),
  /**
   * Timers already fired (`name@dueAt`), so rebuilding the item's timers never puts back one that
   * fired (ladder steps are kept in `sla.firedSteps`).
   */
  firedTimers: z.array(z.string().max(200)).max(64).optional(),
  reopenCount: z.number().int().nonnegative(),
  escalations: z.number().int().nonnegative(),
  state: z.enum(COMPLAINT_STATES),
  version: z.number().int().nonnegative(),
  history: z.array(historyEntrySchema),
  createdAt: instantSchema,
  updatedAt: instantSchema,
});
/** A complaint. */
export type Complaint = z.infer<typeof complaintSchema>;
