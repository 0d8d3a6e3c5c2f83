import { z } from 'zod';

const amount = z.number().finite().positive().max(100_000);
const count = z.number().int().min(1).max(366);

/**
 * A deadline relative to an anchor (ARCHITECTURE.md, working-time semantics):
 * `{hours}` / `{days}` elapsed wall-clock time; `{workingHours}` / `{workingMinutes}` of
 * working time; `{workingDays: n}` end of work on the n-th working day after the anchor's
 * date; `{endOf: 'workPeriod' | 'workingDay'}`.
 */
export const deadlineExpressionSchema = z.union([
  z.strictObject({ hours: amount }),
  z.strictObject({ days: amount }),
  z.strictObject({ workingHours: amount }),
  z.strictObject({ workingMinutes: amount }),
  z.strictObject({ workingDays: count }),
  z.strictObject({ endOf: z.enum(['workPeriod', 'workingDay']) }),
]);
/** A deadline expression. */
export type DeadlineExpression = z.infer<typeof deadlineExpressionSchema>;

/** A window: opens at the start of work on working day `fromWorkingDay`, due at the end of work on `toWorkingDay`. */
export const windowExpressionSchema = z
  .strictObject({ fromWorkingDay: count, toWorkingDay: count })
  .refine((w) => w.toWorkingDay >= w.fromWorkingDay, {
    path: ['toWorkingDay'],
    message: 'must be ≥ fromWorkingDay',
  });
/** A window expression. */
export type WindowExpression = z.infer<typeof windowExpressionSchema>;

/** A length of time for offsets: elapsed or working. */
export const durationExpressionSchema = z.union([
  z.strictObject({ hours: amount }),
  z.strictObject({ days: amount }),
  z.strictObject({ workingHours: amount }),
  z.strictObject({ workingMinutes: amount }),
]);
/** A duration expression. */
export type DurationExpression = z.infer<typeof durationExpressionSchema>;

/** An instant relative to a deadline: `'due'`, `{ before: duration }` or `{ after: duration }`. */
export const offsetSchema = z.union([
  z.literal('due'),
  z.strictObject({ before: durationExpressionSchema }),
  z.strictObject({ after: durationExpressionSchema }),
]);
/** An offset from a deadline. */
export type Offset = z.infer<typeof offsetSchema>;
