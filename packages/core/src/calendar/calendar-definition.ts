import { z } from 'zod';
import { idSchema, localDateSchema } from '../model/primitives';

/** `HH:MM`, 00:00–24:00 (24:00 = end of the day). */
export const clockTimeSchema = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be HH:MM between 00:00 and 24:00');

/** A work period within a day, in local wall-clock time, e.g. `08:30`–`12:00`. */
export const workPeriodSchema = z.strictObject({ start: clockTimeSchema, end: clockTimeSchema });
/** A work period. */
export type WorkPeriod = z.infer<typeof workPeriodSchema>;

/** Weekday keys of the weekly pattern. */
export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
/** A weekday key. */
export type Weekday = (typeof WEEKDAYS)[number];

const periods = z.array(workPeriodSchema).max(12);

/** The data a {@link BusinessCalendar} is built from. JSON-able, so a dealer can ship it as a file. */
export const calendarDefinitionSchema = z.strictObject({
  id: idSchema,
  /** IANA time zone, e.g. `Asia/Shanghai`, `Europe/Madrid`. */
  timeZone: z.string().min(1),
  /** Work periods per weekday; a missing or empty day is a rest day. */
  weekly: z.strictObject({
    mon: periods.optional(),
    tue: periods.optional(),
    wed: periods.optional(),
    thu: periods.optional(),
    fri: periods.optional(),
    sat: periods.optional(),
    sun: periods.optional(),
  }),
  /** Holidays: closed all day, or (with `periods`) open only in those periods. */
  holidays: z
    .array(
      z.strictObject({
        date: localDateSchema,
        name: z.string().max(100).optional(),
        periods: periods.optional(),
      }),
    )
    .max(5000)
    .default([]),
  /**
   * Make-up working days (调休): rest days that are worked. They use `periods`, or else the
   * periods of weekday `as` (default `mon`).
   */
  workdays: z
    .array(
      z.strictObject({
        date: localDateSchema,
        name: z.string().max(100).optional(),
        periods: periods.optional(),
        as: z.enum(WEEKDAYS).optional(),
      }),
    )
    .max(5000)
    .default([]),
  /** Per-date overrides (half days, closures with `periods: []`). They win over everything. */
  overrides: z
    .array(
      z.strictObject({ date: localDateSchema, periods, reason: z.string().max(200).optional() }),
    )
    .max(5000)
    .default([]),
  /** The years the holiday data covers. Outside them: the fallback, or `CALENDAR_YEAR_UNKNOWN`. */
  years: z.strictObject({
    from: z.number().int().min(1970).max(2200),
    to: z.number().int().min(1970).max(2200),
  }),
  /**
   * Years outside `years` (no holiday notice yet) are *provisional*: built from the weekly
   * pattern and, with `statutoryHolidays`, the days off a holiday law fixes by itself (`cn`:
   * 《全国年节及纪念日放假办法》, lunar festivals and 清明 computed), without make-up days. Every
   * deadline that touches such a year is marked provisional by the engine and moved when the
   * year's data arrives. Absent (and no `fallback`): outside the covered years is
   * `CALENDAR_YEAR_UNKNOWN` (strict).
   */
  provisional: z
    .strictObject({
      name: z.string().min(1).max(100),
      statutoryHolidays: z.enum(['cn']).optional(),
    })
    .optional(),
  /**
   * Legacy form of `provisional` without statutory holidays: the weekly pattern alone outside
   * `years`. Such years are provisional too.
   */
  fallback: z.strictObject({ name: z.string().min(1).max(100) }).optional(),
});
/** A calendar definition as written. */
export type CalendarDefinitionInput = z.input<typeof calendarDefinitionSchema>;
/** A validated calendar definition. */
export type CalendarDefinition = z.infer<typeof calendarDefinitionSchema>;

/** Minutes since local midnight of `HH:MM`. */
export function clockMinutes(t: string): number {
  return Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
}
