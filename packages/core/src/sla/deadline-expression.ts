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

/**
 * A working day relative to the anchor's local date, which is day 0 and never counts: `n > 0` the
 * n-th working day after it, `n < 0` the n-th working day before it (`-1`: the last working day
 * before the anchor's date — "the day before" an appointment on a Monday is the Friday).
 */
const workingDayNumber = z
  .number()
  .int()
  .min(-366)
  .max(366)
  .refine((n) => n !== 0, { message: "must not be 0 (the anchor's own date never counts)" });

/**
 * A window: opens at the start of work on working day `fromWorkingDay`, due at the end of work on
 * `toWorkingDay` (negative numbers count back from the anchor's date, see the rule-packs guide).
 */
export const windowExpressionSchema = z
  .strictObject({ fromWorkingDay: workingDayNumber, toWorkingDay: workingDayNumber })
  .refine((w) => w.toWorkingDay >= w.fromWorkingDay, {
    path: ['toWorkingDay'],
    message: 'must be ≥ fromWorkingDay',
  });
/** A window expression. */
export type WindowExpression = z.infer<typeof windowExpressionSchema>;

/**
 * A span of the dealer's local calendar (days, weeks or calendar months; negative = before the
 * anchor). Months keep the day of the month, clamped to the month's last day (01-31 + 1 month =
 * 02-28).
 */
export const calendarPeriodSchema = z.union([
  z.strictObject({ days: z.number().int().min(-3660).max(3660) }),
  z.strictObject({ weeks: z.number().int().min(-520).max(520) }),
  z.strictObject({ months: z.number().int().min(-120).max(120) }),
]);
/** A calendar period. */
export type CalendarPeriod = z.infer<typeof calendarPeriodSchema>;

/**
 * A window in calendar units on the working calendar (e.g. 2–3 weeks after delivery, within 3
 * months): it opens at the start of work on the first working day on or after the anchor's local
 * date plus `opensAfter` (default: at the anchor), and is due at the end of work on the last
 * working day on or before the anchor's date plus `dueAfter` — never before the end of the day it
 * opens.
 */
export const calendarWindowExpressionSchema = z.strictObject({
  opensAfter: calendarPeriodSchema.optional(),
  dueAfter: calendarPeriodSchema,
});
/** A calendar window expression. */
export type CalendarWindowExpression = z.infer<typeof calendarWindowExpressionSchema>;

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
