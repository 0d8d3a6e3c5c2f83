import { DealercareError, VersionConflictError } from '../errors';
import { actorRef, SYSTEM_ACTOR } from '../model/actor';
import type { Complaint } from '../model/complaint';
import type { DeadTimer, TimerFailure } from '../model/dead-timer';
import type { OpinionCase } from '../model/opinion-case';
import type { ParkedEvent } from '../model/parked-event';
import { toInstant } from '../model/primitives';
import type { ReportCadence } from '../model/report-cadence';
import type { RulesVersion } from '../model/rules-version';
import type { Visit } from '../model/visit';
import type { JsonObject, StorageAdapter, TimerRecord } from '../storage/storage-port';
import { fireComplaintTimer } from './complaint-flow';
import type { EngineContext } from './engine-context';
import { fireOpinionTimer } from './opinion-flow';
import { expireParkedEvent } from './pick-up';
import { fireReportTimer } from './report-cadence';
import { recomputeForSwitch, switchRules } from './rules-switch';
import type { UnitOfWork } from './unit-of-work';
import { fireVisitTimer } from './visit-flow';

/** A timer whose action failed in a tick: kept and retried later, or dead-lettered. */
export interface FailedTimer {
  readonly timerId: string;
  readonly error: unknown;
  /** How many times it has failed so far. */
  readonly failures: number;
  /** When it is tried again (ISO instant), or `null` once it is dead-lettered. */
  readonly retryAt: string | null;
  readonly deadLettered: boolean;
}

/** What one `engine.tick(now)` did. */
export interface TickResult {
  /** Timers whose action ran. */
  readonly fired: number;
  /** Timers whose subject had moved on (or was gone): removed without effect. */
  readonly discarded: number;
  /**
   * Timers this tick read as due but did not get: another process claimed them first, or moved
   * them (a recompute rescheduled them) between the read and the claim. They fire there, or at
   * their new time.
   */
  readonly claimsLost: number;
  /**
   * Timers whose action failed (a corrupt row, a bug): never deleted — retried after the
   * engine's `timerRetry` backoff, and dead-lettered after the last try
   * (`engine.listDeadTimers`).
   */
  readonly failed: readonly FailedTimer[];
}

/** How failing timers are retried (engine option `timerRetry`). */
export interface TimerRetryPolicy {
  /**
   * Waits before each retry, in milliseconds: a timer that failed `n` times is tried again
   * `backoff[n - 1]` later; one that fails once more after the last wait is dead-lettered.
   * Default: 1 min, 5 min, 30 min, 2 h (five tries in all).
   */
  readonly backoff: readonly number[];
}

/** The default {@link TimerRetryPolicy}. */
export const DEFAULT_TIMER_RETRY: TimerRetryPolicy = Object.freeze({
  backoff: Object.freeze([60_000, 300_000, 1_800_000, 7_200_000]),
});

/** Outcome of one timer. */
export type TimerOutcome = 'fired' | 'discarded' | 'taken';

/**
 * Claims and fires one timer inside the caller's transaction. A timer already claimed by
 * someone else, or moved since it was read, is `taken`; a timer whose subject left the timer's
 * states is `discarded`.
 */
export async function fireTimer(
  uow: UnitOfWork,
  ctx: EngineContext,
  timer: TimerRecord,
): Promise<TimerOutcome> {
  if (!(await uow.claimTimer(timer.id, timer.dueAt))) return 'taken';
  return fireClaimedTimer(uow, ctx, timer);
}

/**
 * Claims and fires a sweep's timers inside the caller's transaction, in the order given, with
 * one `claimTimers` for all of them and one `getMany` per dealer and kind for their subjects.
 * The outcomes are those of {@link fireTimer} called on each in turn: a timer whose pending
 * state an earlier firing of the batch changed (its subject's timers rescheduled or cancelled,
 * a timer put under its id) is claimed again as it now is, so it fires only if it is still the
 * timer read, as a claim made at its turn would have found.
 */
export async function fireTimers(
  uow: UnitOfWork,
  ctx: EngineContext,
  timers: readonly TimerRecord[],
): Promise<TimerOutcome[]> {
  const claimed = new Set(await uow.claimTimers(timers.map((t) => ({ id: t.id, dueAt: t.dueAt }))));
  await uow.preload(
    timers
      .filter((t) => claimed.has(t.id))
      .map((t) => ({ kind: t.subject.kind, dealerId: t.dealerId, id: t.subject.id })),
  );
  const outcomes: TimerOutcome[] = [];
  for (const t of timers) {
    // `delete`: a timer read twice (the same id of two dealers) is taken by its first turn only.
    const first = claimed.delete(t.id);
    const mine = uow.timerTouched(t) ? await uow.claimTimer(t.id, t.dueAt) : first;
    outcomes.push(mine ? await fireClaimedTimer(uow, ctx, t) : 'taken');
  }
  return outcomes;
}

/** Fires a timer this transaction has claimed: `discarded` when its subject moved on. */
async function fireClaimedTimer(
  uow: UnitOfWork,
  ctx: EngineContext,
  timer: TimerRecord,
): Promise<TimerOutcome> {
  const states = Array.isArray(timer.payload.states) ? (timer.payload.states as string[]) : [];
  const subject = await uow.find(timer.subject.kind, timer.dealerId, timer.subject.id);
  if (subject === undefined || !('state' in subject) || !states.includes(subject.state))
    return 'discarded';
  switch (timer.subject.kind) {
    case 'visit':
      await fireVisitTimer(uow, ctx, subject as Visit, timer);
      return 'fired';
    case 'opinionCase':
      await fireOpinionTimer(uow, ctx, subject as OpinionCase, timer);
      return 'fired';
    case 'complaint':
      await fireComplaintTimer(uow, ctx, subject as Complaint, timer);
      return 'fired';
    case 'parkedEvent':
      await expireParkedEvent(uow, subject as ParkedEvent);
      return 'fired';
    case 'reportCadence':
      await fireReportTimer(uow, ctx, subject as ReportCadence, timer);
      return 'fired';
    case 'rulesVersion':
      if (timer.name === 'rules.switch') await switchRules(uow, ctx, subject as RulesVersion);
      else await recomputeForSwitch(uow, ctx, subject as RulesVersion, timer);
      return 'fired';
    default:
      return 'discarded';
  }
}

/** Whether retrying a failed batch timer by timer makes sense (it does unless the adapter is broken). */
export function isTimerFault(error: unknown): boolean {
  return !(error instanceof DealercareError && error.code === 'STORAGE_FAILURE');
}

/** What `runTick` needs from the engine. */
export interface TickDeps {
  readonly storage: StorageAdapter;
  readonly ctx: EngineContext;
  readonly run: <T>(fn: (uow: UnitOfWork) => Promise<T>, now: number) => Promise<T>;
  readonly retry: TimerRetryPolicy;
  readonly batch: number;
}

/**
 * Fires every timer due at `now`, in due order, a batch per transaction ({@link fireTimers}: one
 * claim and one read of the subjects per batch). When a batch fails, its
 * timers are fired one by one so the others go through; one that fails on its own is kept and
 * retried with backoff, then dead-lettered — never deleted, so repairing its cause (a corrupt
 * row) lets it fire. A storage failure stops the tick with nothing claimed.
 */
export async function runTick(deps: TickDeps, now: number): Promise<TickResult> {
  const { storage, ctx, run } = deps;
  let fired = 0;
  let discarded = 0;
  let claimsLost = 0;
  const failed: FailedTimer[] = [];
  const count = (o: TimerOutcome) => {
    if (o === 'fired') fired++;
    else if (o === 'discarded') discarded++;
    else claimsLost++;
  };
  /** Timers this tick gave up on for now (a conflict with another process): not read again. */
  const later = new Set<string>();
  for (;;) {
    const read = await storage.transaction((tx) => tx.dueTimers(now, deps.batch + later.size));
    const due = read.filter((t) => !later.has(t.id)).slice(0, deps.batch);
    if (due.length === 0) break;
    try {
      const outcomes = await run((uow) => fireTimers(uow, ctx, due), now);
      outcomes.forEach(count);
    } catch (batchError) {
      if (!isTimerFault(batchError)) throw batchError;
      // One timer spoiled the batch: fire them one by one so the others go through.
      for (const t of due) {
        try {
          count(await run((uow) => fireTimer(uow, ctx, t), now));
        } catch (error) {
          if (!isTimerFault(error)) throw error;
          if (error instanceof VersionConflictError) {
            later.add(t.id); // another process changed its subject meanwhile: next tick
            continue;
          }
          const f = await recordFailure(deps, t, error, now);
          if (f === undefined) claimsLost++;
          else failed.push(f);
        }
      }
    }
  }
  return { fired, discarded, claimsLost, failed };
}

/** The retry bookkeeping a failing timer carries in its payload. */
interface RetryState {
  readonly failures: number;
  readonly firstFailedAt: string;
}

function retryStateOf(payload: JsonObject): RetryState | undefined {
  const r = payload.retry;
  if (typeof r !== 'object' || r === null || Array.isArray(r)) return undefined;
  const failures = r.failures;
  const first = r.firstFailedAt;
  return typeof failures === 'number' && typeof first === 'string'
    ? { failures, firstFailedAt: first }
    : undefined;
}

/** The error as kept with the timer: its code when it has one, and its message. */
export function timerFailure(error: unknown, at: string): TimerFailure {
  const code = error instanceof DealercareError ? error.code : null;
  const message = error instanceof Error ? error.message : String(error);
  return { code, message: message.slice(0, 2000), at };
}

/**
 * In its own transaction: claims the failed timer as it was read and either puts it back due
 * after the backoff, with its failure count and error, or moves it to the dead-letter list.
 * Returns `undefined` when another process took or moved the timer meanwhile.
 */
async function recordFailure(
  deps: TickDeps,
  t: TimerRecord,
  error: unknown,
  now: number,
): Promise<FailedTimer | undefined> {
  return deps.run(async (uow) => {
    if (!(await uow.claimTimer(t.id, t.dueAt))) return undefined;
    const prior = retryStateOf(t.payload);
    const failures = (prior?.failures ?? 0) + 1;
    const lastError = timerFailure(error, uow.at);
    const subject = { kind: t.subject.kind, id: t.subject.id };
    const wait = deps.retry.backoff[failures - 1];
    if (wait !== undefined) {
      const retryAt = now + wait;
      const retry = { failures, firstFailedAt: prior?.firstFailedAt ?? uow.at, lastError };
      uow.putTimers([{ ...t, dueAt: retryAt, payload: { ...t.payload, retry } }]);
      uow.emit('timer.failed', t.dealerId, subject, {
        timerId: t.id,
        name: t.name,
        failures,
        error: lastError,
        retryAt: toInstant(retryAt),
      });
      return { timerId: t.id, error, failures, retryAt: toInstant(retryAt), deadLettered: false };
    }
    const { retry: _r, ...payload } = t.payload;
    const known = await uow.find('deadTimer', t.dealerId, t.id);
    const entry = uow.fact({
      actor: actorRef(SYSTEM_ACTOR),
      command: 'deadLetter',
      from: known?.state ?? null,
      to: 'dead',
      reason: lastError.message.slice(0, 500),
      rule: `timer:${t.name}`,
    });
    const dead: DeadTimer = {
      id: t.id,
      dealerId: t.dealerId,
      timer: { ...t, subject, payload },
      failures,
      lastError,
      state: 'dead',
      version: known?.version ?? 0,
      history: [...(known?.history ?? []), entry],
      createdAt: known?.createdAt ?? uow.at,
      updatedAt: uow.at,
    };
    await uow.save('deadTimer', dead);
    uow.emit('timer.dead-lettered', t.dealerId, subject, {
      timerId: t.id,
      name: t.name,
      failures,
      error: lastError,
    });
    return { timerId: t.id, error, failures, retryAt: null, deadLettered: true };
  }, now);
}
