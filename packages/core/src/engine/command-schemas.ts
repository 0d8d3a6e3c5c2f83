import { z } from 'zod';
import { actorSchema } from '../model/actor';
import { attemptOutcomeSchema } from '../model/attempt';
import {
  complaintCategorySchema,
  complaintNatureSchema,
  complaintSourceSchema,
} from '../model/complaint';
import { phoneNumberSchema } from '../model/phone-number';
import { idSchema, instantInputSchema, roleIdSchema } from '../model/primitives';
import { strictInput } from '../model/strict-input';
import { answersSchema } from '../model/survey-response';

/**
 * Every command input is strict: a key that is not declared (a typo, a field of another command)
 * is `VALIDATION_FAILED` naming its path, never ignored. Phones are normalised to E.164 and
 * timestamps need their UTC offset, as in DMS events.
 */
const base = {
  dealerId: idSchema,
  actor: actorSchema,
  /** Optimistic concurrency: fail with `VERSION_CONFLICT` unless the record is at this version. */
  expectedVersion: z.number().int().positive().optional(),
  reason: z.string().max(2000).optional(),
};

/** Input of `engine.recordAttempt`. */
export const recordAttemptInputSchema = strictInput({
  ...base,
  visitId: idSchema,
  outcome: attemptOutcomeSchema,
  /** How the customer was contacted; default: the visit's channel (phone, unless they take no calls). */
  channel: z.enum(['phone', 'sms', 'wechat', 'email', 'letter', 'visit']).optional(),
  /** The number dialled (normalised to E.164); on `wrong-number` it is marked invalid on the customer. */
  phone: phoneNumberSchema.optional(),
  note: z.string().max(2000).optional(),
  callBackAt: instantInputSchema.optional(),
});
/** Input of `engine.recordAttempt`. */
export type RecordAttemptInput = z.input<typeof recordAttemptInputSchema>;

/** Input of `engine.completeVisit`. */
export const completeVisitInputSchema = strictInput({
  ...base,
  visitId: idSchema,
  /** Survey answers keyed by item id (required when the visit has a survey). */
  answers: answersSchema.optional(),
  /** Overall satisfaction; when absent it follows the survey's alerts (alert = not satisfied). */
  satisfied: z.boolean().optional(),
  note: z.string().max(4000).optional(),
});
/** Input of `engine.completeVisit`. */
export type CompleteVisitInput = z.input<typeof completeVisitInputSchema>;

/** Input of `engine.correctPhone`. */
export const correctPhoneInputSchema = strictInput({
  ...base,
  visitId: idSchema,
  phone: phoneNumberSchema,
  belongsTo: z.enum(['owner', 'contact', 'other']).default('owner'),
});
/** Input of `engine.correctPhone`. */
export type CorrectPhoneInput = z.input<typeof correctPhoneInputSchema>;

/** Input of `engine.moveVisit`: the visit commands without extra data. */
export const moveVisitInputSchema = strictInput({
  ...base,
  visitId: idSchema,
  command: z.enum(['cancel', 'markDoNotVisit', 'resume', 'reopen']),
});
/** Input of `engine.moveVisit`. */
export type MoveVisitInput = z.input<typeof moveVisitInputSchema>;

/** Input of `engine.openComplaint`. */
export const openComplaintInputSchema = strictInput({
  ...base,
  customerId: idSchema,
  vehicleId: idSchema.optional(),
  visitId: idSchema.optional(),
  source: complaintSourceSchema,
  category: complaintCategorySchema.optional(),
  nature: complaintNatureSchema.optional(),
  description: z.string().min(1).max(4000),
});
/** Input of `engine.openComplaint`. */
export type OpenComplaintInput = z.input<typeof openComplaintInputSchema>;

/** Input of `engine.moveComplaint`. Which fields are needed depends on the command. */
export const moveComplaintInputSchema = z.discriminatedUnion('command', [
  strictInput({
    ...base,
    complaintId: idSchema,
    command: z.literal('classify'),
    category: complaintCategorySchema,
    nature: complaintNatureSchema.optional(),
  }),
  strictInput({ ...base, complaintId: idSchema, command: z.literal('startInvestigation') }),
  strictInput({
    ...base,
    complaintId: idSchema,
    command: z.literal('proposeSolution'),
    solution: z.string().min(1).max(4000),
  }),
  strictInput({
    ...base,
    complaintId: idSchema,
    command: z.literal('recordCustomerDecision'),
    accepted: z.boolean(),
  }),
  strictInput({ ...base, complaintId: idSchema, command: z.literal('startResolving') }),
  strictInput({
    ...base,
    complaintId: idSchema,
    command: z.literal('resolve'),
    resolution: z.string().min(1).max(4000),
  }),
  strictInput({ ...base, complaintId: idSchema, command: z.literal('beginSatisfactionCheck') }),
  strictInput({
    ...base,
    complaintId: idSchema,
    command: z.literal('recordSatisfaction'),
    satisfied: z.boolean(),
  }),
  strictInput({ ...base, complaintId: idSchema, command: z.literal('reopen') }),
  strictInput({
    ...base,
    complaintId: idSchema,
    command: z.literal('giveFeedback'),
    feedback: z.string().min(1).max(4000),
  }),
]);
/** Input of `engine.moveComplaint`. */
export type MoveComplaintInput = z.input<typeof moveComplaintInputSchema>;

/** Input of `engine.escalateComplaint`. */
export const escalateComplaintInputSchema = strictInput({
  ...base,
  complaintId: idSchema,
  reason: z.string().min(1).max(2000),
});
/** Input of `engine.escalateComplaint`. */
export type EscalateComplaintInput = z.input<typeof escalateComplaintInputSchema>;

/** Input of `engine.recordOpinion`. */
export const recordOpinionInputSchema = strictInput({
  ...base,
  customerId: idSchema,
  visitId: idSchema.optional(),
  vehicleId: idSchema.optional(),
  problem: z.string().min(1).max(4000),
  department: z.string().min(1).max(100),
  responsibleRole: roleIdSchema,
  /**
   * The call recording (导出录音 [000]): a reference to it in the call system (URI or id). It is
   * kept with the case and announced as `opinion.recording` for the pack's recipients.
   */
  recording: strictInput({ ref: z.string().min(1).max(2000) }).optional(),
});
/** Input of `engine.recordOpinion`. */
export type RecordOpinionInput = z.input<typeof recordOpinionInputSchema>;

/** Input of `engine.moveOpinionCase`. */
export const moveOpinionCaseInputSchema = z.discriminatedUnion('command', [
  strictInput({ ...base, caseId: idSchema, command: z.literal('sendForm') }),
  strictInput({
    ...base,
    caseId: idSchema,
    command: z.literal('recordHandling'),
    handling: z.string().min(1).max(4000),
  }),
  strictInput({
    ...base,
    caseId: idSchema,
    command: z.literal('recordLateReason'),
    lateReason: z.string().min(1).max(2000),
  }),
  strictInput({ ...base, caseId: idSchema, command: z.literal('returnForm') }),
  strictInput({
    ...base,
    caseId: idSchema,
    command: z.literal('recordSecondFollowUp'),
    satisfied: z.boolean(),
    note: z.string().max(4000).optional(),
  }),
  strictInput({ ...base, caseId: idSchema, command: z.literal('close') }),
]);
/** Input of `engine.moveOpinionCase`. */
export type MoveOpinionCaseInput = z.input<typeof moveOpinionCaseInputSchema>;

/** Filters of `engine.listVisits` / `listComplaints` / `listOpinionCases` (see `ListQuery`). */
export const listQuerySchema = strictInput({
  dealerId: idSchema,
  status: z
    .union([z.string().min(1).max(64), z.array(z.string().min(1).max(64)).max(64)])
    .optional(),
  customerId: idSchema.optional(),
  assigneeRole: roleIdSchema.optional(),
  assigneeId: idSchema.optional(),
  dueBefore: z
    .date()
    .refine((d) => !Number.isNaN(d.getTime()), 'must be a valid date')
    .optional(),
  afterId: idSchema.optional(),
  /** Page size: a whole number from 0 to 10,000 (default 1000). */
  limit: z.number().int().min(0).max(10_000).optional(),
});
