import { z } from 'zod';
import { idSchema, instantSchema } from './primitives';

/** An answer: yes/no, a number on the item's scale, a choice or free text; `null` = not answered. */
export const answerSchema = z.union([
  z.boolean(),
  z.number().finite(),
  z.string().max(4000),
  z.null(),
]);
/** One answer. */
export type Answer = z.infer<typeof answerSchema>;

/**
 * Answers keyed by survey item id. An id the survey does not have is refused when the answers
 * are scored (`answers.<id>`: not an item of the survey); `__proto__`, which a plain record
 * would drop without a word, is refused here.
 */
export const answersSchema = z
  .custom<Record<string, Answer>>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), {
    error: 'must be an object of answers keyed by survey item id',
  })
  .superRefine((v, ctx) => {
    if (Object.hasOwn(v, '__proto__')) {
      ctx.addIssue({ code: 'custom', path: ['__proto__'], message: 'not a survey item id' });
    }
  })
  .pipe(z.record(idSchema, answerSchema));
/** Answers keyed by survey item id. */
export type Answers = z.infer<typeof answersSchema>;

/** The scores computed from a response with the survey's index method. */
export const surveyScoreSchema = z.object({
  /** Satisfaction index 0–100 over scored items; `null` when no scored item was answered. */
  index: z.number().nullable(),
  /** Share of "yes" on process (yes/no) items, 0–100; `null` when none answered. */
  processCompliance: z.number().nullable(),
  /** Whether the customer would recommend the dealer; `null` when not asked or not answered. */
  recommends: z.boolean().nullable(),
  /** Items whose answer triggered an alert threshold (e.g. a 1–10 item ≤ 6). */
  lowItems: z.array(idSchema),
});
/** Scores of one response. */
export type SurveyScore = z.infer<typeof surveyScoreSchema>;

/** A customer's answers to a survey (SSI/CSI), with their scores. */
export const surveyResponseSchema = z.object({
  surveyId: idSchema,
  answeredAt: instantSchema,
  answers: answersSchema,
  score: surveyScoreSchema,
});
/** A survey response. */
export type SurveyResponse = z.infer<typeof surveyResponseSchema>;
