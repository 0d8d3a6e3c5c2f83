/**
 * The store both tick benchmarks fill: `total` open post-repair visits of 100 dealers, each with
 * its overdue timer. Visit `i < due × rounds` is due in hour ⌊i / due⌋ after `t0` (so each of the
 * first `rounds` hours has `due` timers), the rest next month.
 */
import { type TimerRecord, toInstant, type Visit } from '@dealercare/core';

export const HOUR = 3_600_000;
export const DEALERS = 100;
export const t0 = Date.parse('2026-03-02T01:00:00Z');

/** When visit `i`'s overdue timer is due. */
export function dueAtOf(i: number, due: number, rounds: number): number {
  return i < due * rounds
    ? t0 + Math.floor(i / due) * HOUR + ((i % 3600) + 1) * 1000
    : t0 + 30 * 86_400_000 + i;
}

/** Visit `i` as the engine stores it after scheduling (version 1, one history entry). */
export function openVisit(i: number, dueAt: number): Visit {
  const at = toInstant(t0);
  return {
    id: `v${i}`,
    dealerId: `d${i % DEALERS}`,
    type: 'postRepair',
    ruleId: 'post-repair-special',
    subject: { customerId: `c${i}` },
    window: { opensAt: at, dueAt: toInstant(dueAt) },
    assignee: { role: 'followUpAgent' },
    attemptPolicy: {
      maxAttempts: 2,
      retryWithin: { days: 2 },
      failedOutcomes: ['no-answer', 'busy', 'switched-off'],
    },
    attempts: [],
    state: 'open',
    version: 1, // as the engine writes it: a stored row carries its version in its data too
    history: [
      {
        at,
        actor: { kind: 'system', id: 'system' },
        command: 'schedule',
        from: null,
        to: 'open',
        rule: 'post-repair-special',
      },
    ],
    createdAt: at,
    updatedAt: at,
  };
}

/** A visit's overdue timer, as the engine schedules it. */
export function overdueTimer(v: Visit, dueAt: number): TimerRecord {
  return {
    id: `visit:${v.id}:visit.overdue`,
    dealerId: v.dealerId,
    subject: { kind: 'visit', id: v.id },
    name: 'visit.overdue',
    dueAt,
    payload: { states: ['open', 'attempting'] },
  };
}

/** The median of some figures. */
export function median(xs: readonly number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
}
