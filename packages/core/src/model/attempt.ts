import { z } from 'zod';
import { actorRefSchema } from './actor';
import { instantSchema } from './primitives';

/** How a call attempt ended. */
export const ATTEMPT_OUTCOMES = [
  'connected',
  'no-answer',
  'busy',
  'wrong-number',
  'switched-off',
  'refused',
  'call-back-later',
] as const;
/** Outcome of one call attempt. */
export const attemptOutcomeSchema = z.enum(ATTEMPT_OUTCOMES);
/** Outcome of one call attempt. */
export type AttemptOutcome = z.infer<typeof attemptOutcomeSchema>;

/** One call attempt on a visit. */
export const attemptSchema = z.object({
  at: instantSchema,
  by: actorRefSchema,
  outcome: attemptOutcomeSchema,
  channel: z.enum(['phone', 'sms', 'wechat', 'email', 'letter', 'visit']).default('phone'),
  note: z.string().max(2000).optional(),
  /** When the customer asked to be called back (outcome `call-back-later`). */
  callBackAt: instantSchema.optional(),
});
/** One call attempt on a visit. */
export type Attempt = z.infer<typeof attemptSchema>;
