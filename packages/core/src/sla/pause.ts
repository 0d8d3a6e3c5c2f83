import type { BusinessCalendar } from '../calendar/business-calendar';

/** An SLA clock that can stop while the item waits (e.g. for the customer). */
export interface SlaClockState {
  readonly dueAt: number;
  readonly pausedAt?: number;
  /** Working minutes spent paused so far. */
  readonly pausedWorkingMinutes: number;
}

/** Stops the clock at `at` (no-op if already stopped). */
export function pauseSla(s: SlaClockState, at: number): SlaClockState {
  return s.pausedAt !== undefined ? s : { ...s, pausedAt: at };
}

/**
 * Restarts the clock at `at`: the deadline moves by exactly the working time spent paused,
 * measured on the calendar (a pause over a weekend costs nothing).
 */
export function resumeSla(s: SlaClockState, at: number, cal: BusinessCalendar): SlaClockState {
  if (s.pausedAt === undefined) return s;
  const paused = Math.max(0, cal.workingMinutesBetween(s.pausedAt, at));
  return {
    dueAt: paused === 0 ? s.dueAt : cal.addWorkingTime(s.dueAt, paused),
    pausedWorkingMinutes: s.pausedWorkingMinutes + paused,
  };
}
