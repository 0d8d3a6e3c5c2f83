import { z } from 'zod';
import { RECORD_KINDS } from './domain-event';
import { historyEntrySchema } from './history';
import { idSchema, instantSchema } from './primitives';

/** States of a dead-lettered timer. */
export const DEAD_TIMER_STATES = ['dead', 'revived', 'discarded'] as const;
/** A dead-lettered timer's state. */
export type DeadTimerState = (typeof DEAD_TIMER_STATES)[number];

/** Why a timer's firing failed: the error's code (when it has one) and message. */
export const timerFailureSchema = z.object({
  code: z.string().max(100).nullable(),
  message: z.string().max(2000),
  at: instantSchema,
});
/** Why a timer's firing failed. */
export type TimerFailure = z.infer<typeof timerFailureSchema>;

/**
 * A timer whose firing failed on every try (a corrupt row, a bug): kept on the dead-letter list
 * instead of being retried for ever, until a person revives it (it is put back, due at once) or
 * discards it. Its id is the timer's id.
 */
export const deadTimerSchema = z.object({
  id: idSchema,
  dealerId: idSchema,
  timer: z.object({
    id: idSchema,
    dealerId: idSchema,
    subject: z.object({ kind: z.enum(RECORD_KINDS), id: idSchema }),
    name: z.string().min(1).max(200),
    dueAt: z.number().int(),
    payload: z.record(z.string(), z.unknown()),
  }),
  /** How many times it failed before it was dead-lettered. */
  failures: z.number().int().positive(),
  lastError: timerFailureSchema,
  state: z.enum(DEAD_TIMER_STATES),
  version: z.number().int().nonnegative(),
  history: z.array(historyEntrySchema),
  createdAt: instantSchema,
  updatedAt: instantSchema,
});
/** A dead-lettered timer. */
export type DeadTimer = z.infer<typeof deadTimerSchema>;
