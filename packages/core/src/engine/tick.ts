import { DealercareError } from '../errors';
import type { Complaint } from '../model/complaint';
import type { OpinionCase } from '../model/opinion-case';
import type { Visit } from '../model/visit';
import type { TimerRecord } from '../storage/storage-port';
import { fireComplaintTimer } from './complaint-flow';
import type { EngineContext } from './engine-context';
import { fireOpinionTimer } from './opinion-flow';
import type { UnitOfWork } from './unit-of-work';
import { fireVisitTimer } from './visit-flow';

/** What one `engine.tick(now)` did. */
export interface TickResult {
  /** Timers whose action ran. */
  readonly fired: number;
  /** Timers whose subject had moved on (or was gone): removed without effect. */
  readonly discarded: number;
  /** Timers whose action failed; they were removed so they cannot block the queue. */
  readonly failed: ReadonlyArray<{ readonly timerId: string; readonly error: unknown }>;
}

/** Outcome of one timer. */
export type TimerOutcome = 'fired' | 'discarded' | 'taken';

/**
 * Claims and fires one timer inside the caller's transaction. A timer already claimed by
 * someone else is `taken`; a timer whose subject left the timer's states is `discarded`.
 */
export async function fireTimer(
  uow: UnitOfWork,
  ctx: EngineContext,
  timer: TimerRecord,
): Promise<TimerOutcome> {
  if (!(await uow.tx.claimTimer(timer.id))) return 'taken';
  const states = Array.isArray(timer.payload.states) ? (timer.payload.states as string[]) : [];
  const subject = await uow.find(timer.subject.kind, timer.dealerId, timer.subject.id);
  if (subject === undefined || !('state' in subject) || !states.includes(subject.state))
    return 'discarded';
  switch (timer.subject.kind) {
    case 'visit':
      await fireVisitTimer(uow, ctx, subject as Visit, timer.name);
      return 'fired';
    case 'opinionCase':
      await fireOpinionTimer(uow, ctx, subject as OpinionCase, timer.name);
      return 'fired';
    case 'complaint':
      await fireComplaintTimer(uow, ctx, subject as Complaint, timer);
      return 'fired';
    default:
      return 'discarded';
  }
}

/** Whether retrying a failed batch timer by timer makes sense (it does unless the adapter is broken). */
export function isTimerFault(error: unknown): boolean {
  return !(error instanceof DealercareError && error.code === 'STORAGE_FAILURE');
}
