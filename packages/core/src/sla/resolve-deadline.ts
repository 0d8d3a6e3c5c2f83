import type { BusinessCalendar } from '../calendar/business-calendar';
import { resolveCalendarWindow, workingDayOf } from './calendar-window';
import type {
  CalendarWindowExpression,
  DeadlineExpression,
  DurationExpression,
  Offset,
  WindowExpression,
} from './deadline-expression';

const HOUR = 3_600_000;

/** The instant a deadline expression names, from `anchor` (epoch ms). */
export function resolveDeadline(
  expr: DeadlineExpression,
  anchor: number,
  cal: BusinessCalendar,
): number {
  if ('hours' in expr) return anchor + expr.hours * HOUR;
  if ('days' in expr) return anchor + expr.days * 24 * HOUR;
  if ('workingHours' in expr) return cal.addWorkingTime(anchor, expr.workingHours * 60);
  if ('workingMinutes' in expr) return cal.addWorkingTime(anchor, expr.workingMinutes);
  if ('workingDays' in expr) return cal.nthWorkingDay(anchor, expr.workingDays).end;
  return expr.endOf === 'workPeriod' ? cal.endOfWorkPeriod(anchor) : cal.endOfWorkingDay(anchor);
}

/**
 * A visit's window: for `{fromWorkingDay, toWorkingDay}` it opens at the start of work on the
 * first and is due at the end of work on the second (negative: working days before the anchor's
 * date); for `{opensAfter, dueAfter}` see `calendarWindowExpressionSchema`; for a plain deadline
 * it opens at the anchor.
 */
export function resolveWindow(
  expr: WindowExpression | CalendarWindowExpression | DeadlineExpression,
  anchor: number,
  cal: BusinessCalendar,
): { opensAt: number; dueAt: number } {
  if ('fromWorkingDay' in expr) {
    return {
      opensAt: workingDayOf(cal, anchor, expr.fromWorkingDay).start,
      dueAt: workingDayOf(cal, anchor, expr.toWorkingDay).end,
    };
  }
  if ('dueAfter' in expr) return resolveCalendarWindow(expr, anchor, cal);
  return { opensAt: anchor, dueAt: resolveDeadline(expr, anchor, cal) };
}

function shift(d: DurationExpression, t: number, sign: 1 | -1, cal: BusinessCalendar): number {
  if ('hours' in d) return t + sign * d.hours * HOUR;
  if ('days' in d) return t + sign * d.days * 24 * HOUR;
  const minutes = 'workingHours' in d ? d.workingHours * 60 : d.workingMinutes;
  return sign > 0 ? cal.addWorkingTime(t, minutes) : cal.subtractWorkingTime(t, minutes);
}

/** The instant of an offset from a deadline (warnings before it, escalations after it). */
export function resolveOffset(offset: Offset, deadline: number, cal: BusinessCalendar): number {
  if (offset === 'due') return deadline;
  return 'before' in offset
    ? shift(offset.before, deadline, -1, cal)
    : shift(offset.after, deadline, 1, cal);
}
