import type { BusinessCalendar } from '../calendar/business-calendar';

/** An item a desk works: its role, when it can be worked and when it is due (instants). */
export interface DeskItem {
  readonly role: string;
  readonly opensAt: string;
  readonly dueAt: string;
}

/** One role's day at the desk (working days only, in the calendar's local dates). */
export interface WorkloadDay {
  readonly role: string;
  /** Local date, `2026-03-02`. */
  readonly date: string;
  /** Items whose window opened since the previous working day (rest days roll forward). */
  readonly opened: number;
  /** Items due on this date. */
  readonly due: number;
  /** Items worked this day: all that are open, or at most the desk's capacity, earliest due first. */
  readonly worked: number;
  /** Of those worked, how many after their due date. */
  readonly late: number;
  /** Open items left at the end of the day. */
  readonly waiting: number;
  /** Of those left, how many are past due at the end of the day (overdue). */
  readonly overdue: number;
}

const DAY = 86_400_000;

/** The local date after `date` (`YYYY-MM-DD`), whatever the calendar says. */
function nextDate(date: string): string {
  return new Date(Date.parse(`${date}T12:00:00Z`) + DAY).toISOString().slice(0, 10);
}

/**
 * The workload of each role's desk per working day: items opening, due, worked and waiting, if
 * the desk works at most `perDay` items a day (earliest due first; default: every open item the
 * day it opens) — so what is overdue at that capacity. Days run from the first opening to the
 * last due date, and on while items wait (at most a year further). Pure: no engine, no clock.
 */
export function deskWorkload(
  items: readonly DeskItem[],
  calendar: BusinessCalendar,
  perDay = Number.POSITIVE_INFINITY,
): WorkloadDay[] {
  const byRole = new Map<string, { opens: string; due: string }[]>();
  for (const i of items) {
    const list = byRole.get(i.role) ?? [];
    list.push({
      opens: calendar.localDate(Date.parse(i.opensAt)),
      due: calendar.localDate(Date.parse(i.dueAt)),
    });
    byRole.set(i.role, list);
  }
  const out: WorkloadDay[] = [];
  for (const role of [...byRole.keys()].sort()) {
    const list = byRole
      .get(role)!
      .sort((a, b) => (a.opens < b.opens ? -1 : a.opens > b.opens ? 1 : 0));
    let lastDue = list[0]!.opens;
    const dueOn = new Map<string, number>();
    for (const x of list) {
      dueOn.set(x.due, (dueOn.get(x.due) ?? 0) + 1);
      if (x.due > lastDue) lastDue = x.due;
    }
    let waiting: string[] = []; // due dates of open items, kept sorted
    let next = 0;
    let spill = 0;
    for (let date = list[0]!.opens; ; date = nextDate(date)) {
      if (date > lastDue && next >= list.length && (waiting.length === 0 || ++spill > 366)) break;
      if (!calendar.isWorkingDay(date)) continue;
      let opened = 0;
      while (next < list.length && list[next]!.opens <= date) {
        waiting.push(list[next++]!.due);
        opened++;
      }
      if (opened > 0) waiting.sort();
      const n = Math.min(perDay, waiting.length);
      const worked = waiting.slice(0, n);
      waiting = waiting.slice(n);
      out.push({
        role,
        date,
        opened,
        due: dueOn.get(date) ?? 0,
        worked: n,
        late: worked.filter((d) => d < date).length,
        waiting: waiting.length,
        overdue: waiting.filter((d) => d <= date).length,
      });
    }
  }
  return out;
}
