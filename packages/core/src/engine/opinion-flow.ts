import type { z } from 'zod';
import { applyTransition } from '../machines/apply-transition';
import {
  type OpinionCaseCommand,
  type OpinionCaseInput,
  opinionCaseMachine,
} from '../machines/opinion-case-machine';
import { type Actor, actorRef, SYSTEM_ACTOR } from '../model/actor';
import type { OpinionCase } from '../model/opinion-case';
import { toEpoch, toInstant } from '../model/primitives';
import { resolveDeadline } from '../sla';
import type { TimerRecord } from '../storage/storage-port';
import { autoAssign } from './assignment';
import { checkVersion } from './check-version';
import type { moveOpinionCaseInputSchema, recordOpinionInputSchema } from './command-schemas';
import { type EngineContext, makeTimer, packFor, packOf } from './engine-context';
import { unfired, withFired } from './fired-timers';
import { provisionalFlag } from './provisional';
import type { UnitOfWork } from './unit-of-work';
import { moveVisitAsSystem } from './visit-flow';

const EVENT_FOR_COMMAND: Record<
  Exclude<OpinionCaseCommand, 'assign' | 'claim'>,
  | 'opinion.form-sent'
  | 'opinion.handled'
  | 'opinion.form-overdue'
  | 'opinion.late-reason'
  | 'opinion.returned'
  | 'opinion.followed-up'
  | 'opinion.closed'
> = {
  sendForm: 'opinion.form-sent',
  recordHandling: 'opinion.handled',
  markNotReturned: 'opinion.form-overdue',
  recordLateReason: 'opinion.late-reason',
  returnForm: 'opinion.returned',
  recordSecondFollowUp: 'opinion.followed-up',
  close: 'opinion.closed',
};

/** The one timer an opinion case waits on in its state: form due, handling due, follow-up due. */
function opinionTimers(oc: OpinionCase): TimerRecord[] {
  const ref = { kind: 'opinionCase' as const, id: oc.id };
  const timer = (name: string, at: string) =>
    makeTimer(oc.dealerId, ref, name, toEpoch(at), [oc.state]);
  if (oc.state === 'recorded')
    return unfired([timer('opinion.form-due', oc.due.formSentBy)], oc.firedTimers);
  if (oc.state === 'formSent' && oc.due.handledBy !== undefined)
    return [timer('opinion.handling-due', oc.due.handledBy)];
  if (oc.state === 'returned' && oc.due.secondFollowUpBy !== undefined)
    return unfired([timer('opinion.follow-up-due', oc.due.secondFollowUpBy)], oc.firedTimers);
  return [];
}

/**
 * Saves an opinion case with its `due.provisional` flag set from its deadlines, and replaces its
 * timer with the one its state waits on.
 */
async function saveWithTimers(
  uow: UnitOfWork,
  ctx: EngineContext,
  oc: OpinionCase,
): Promise<OpinionCase> {
  const { provisional: _was, ...due } = oc.due;
  const flag = await provisionalFlag(
    uow,
    ctx,
    oc.dealerId,
    [oc.raisedAt, due.formSentBy, due.handledBy, due.secondFollowUpBy]
      .filter((t) => t !== undefined)
      .map(toEpoch),
  );
  const saved = await uow.save('opinionCase', { ...oc, due: { ...due, ...flag } });
  await uow.replaceTimers(oc.dealerId, { kind: 'opinionCase', id: oc.id }, opinionTimers(saved));
  return saved;
}

/** Records an objection raised on a call and starts the opinion-form clock. */
export async function openOpinionCase(
  uow: UnitOfWork,
  ctx: EngineContext,
  input: z.output<typeof recordOpinionInputSchema>,
): Promise<OpinionCase> {
  const cal = ctx.calendarFor(input.dealerId);
  const pack = packFor(ctx, uow, input.dealerId);
  const rules = pack.pack.opinion;
  const formSentBy = resolveDeadline(rules.formDue, uow.now, cal);
  let oc: OpinionCase = {
    id: ctx.newId(),
    dealerId: input.dealerId,
    rulesVersion: pack.hash,
    customerId: input.customerId,
    ...(input.visitId !== undefined ? { visitId: input.visitId } : {}),
    ...(input.vehicleId !== undefined ? { vehicleId: input.vehicleId } : {}),
    problem: input.problem,
    department: input.department,
    responsibleRole: input.responsibleRole,
    raisedAt: uow.at,
    ...(input.recording !== undefined
      ? {
          recording: {
            ref: input.recording.ref,
            sentTo: [...rules.recordingRecipients],
            sendBy: toInstant(formSentBy),
          },
        }
      : {}),
    due: { formSentBy: toInstant(formSentBy) },
    state: 'recorded',
    version: 0,
    history: [
      uow.fact({ actor: actorRef(input.actor), command: 'record', from: null, to: 'recorded' }),
    ],
    createdAt: uow.at,
    updatedAt: uow.at,
  };
  oc = await saveWithTimers(uow, ctx, oc);
  const ref = { kind: 'opinionCase' as const, id: oc.id };
  uow.emit('opinion.recorded', oc.dealerId, ref, {
    visitId: oc.visitId ?? null,
    department: oc.department,
    responsibleRole: oc.responsibleRole,
    formSentBy: oc.due.formSentBy,
    provisional: oc.due.provisional === true,
  });
  if (oc.recording !== undefined) {
    uow.emit('opinion.recording', oc.dealerId, ref, {
      ref: oc.recording.ref,
      recipients: oc.recording.sentTo,
      sendBy: oc.recording.sendBy,
    });
  }
  return (await autoAssign(uow, ctx, 'opinionCase', oc)) as OpinionCase;
}

async function move(
  uow: UnitOfWork,
  ctx: EngineContext,
  oc: OpinionCase,
  command: Exclude<OpinionCaseCommand, 'assign' | 'claim'>,
  input: OpinionCaseInput,
  actor: Actor,
  change: (o: OpinionCase) => OpinionCase,
  reason?: string,
  rule?: string,
): Promise<OpinionCase> {
  const pack = packOf(ctx, uow, 'opinionCase', oc);
  const { next, decision } = applyTransition(opinionCaseMachine, oc, command, input, {
    actor,
    at: uow.at,
    permissions: pack.pack.permissions,
    ...(reason !== undefined ? { reason } : {}),
    ...(rule !== undefined ? { rule } : {}),
  });
  const saved = await saveWithTimers(uow, ctx, change(next));
  const ref = { kind: 'opinionCase' as const, id: saved.id };
  const rules = pack.pack.opinion;
  uow.emit(EVENT_FOR_COMMAND[command], saved.dealerId, ref, {
    from: decision.from,
    to: decision.to,
    ...(command === 'markNotReturned' ? { notify: rules.notReturnedNotify } : {}),
  });
  return saved;
}

/** `engine.moveOpinionCase`. */
export async function moveOpinionCase(
  uow: UnitOfWork,
  ctx: EngineContext,
  input: z.output<typeof moveOpinionCaseInputSchema>,
): Promise<OpinionCase> {
  const oc = await uow.load('opinionCase', input.dealerId, input.caseId);
  checkVersion('opinionCase', oc, input.expectedVersion);
  const cal = ctx.calendarFor(oc.dealerId);
  const rules = packOf(ctx, uow, 'opinionCase', oc).pack.opinion;
  const by = actorRef(input.actor);
  const change = (o: OpinionCase): OpinionCase => {
    switch (input.command) {
      case 'sendForm':
        return {
          ...o,
          due: {
            ...o.due,
            handledBy: toInstant(resolveDeadline(rules.handlingWithin, uow.now, cal)),
          },
        };
      case 'recordHandling':
        return { ...o, handling: { text: input.handling, at: uow.at, by } };
      case 'recordLateReason':
        return { ...o, lateReason: input.lateReason };
      case 'returnForm':
        return {
          ...o,
          returnedAt: uow.at,
          due: {
            ...o.due,
            secondFollowUpBy: toInstant(resolveDeadline(rules.secondFollowUpWithin, uow.now, cal)),
          },
        };
      case 'recordSecondFollowUp':
        return {
          ...o,
          secondFollowUp: {
            satisfied: input.satisfied,
            at: uow.at,
            by,
            ...(input.note !== undefined ? { note: input.note } : {}),
          },
        };
      case 'close':
        return o;
    }
  };
  const input_: OpinionCaseInput =
    input.command === 'recordSecondFollowUp' ? { satisfied: input.satisfied } : {};
  const saved = await move(uow, ctx, oc, input.command, input_, input.actor, change, input.reason);
  // 不满意的客户要再回访直至满意: a still-dissatisfied customer gets the visit reopened.
  if (input.command === 'recordSecondFollowUp' && !input.satisfied && saved.visitId !== undefined) {
    const visit = await uow.find('visit', saved.dealerId, saved.visitId);
    if (visit?.state === 'completed' && visit.result?.satisfied === false) {
      await moveVisitAsSystem(
        uow,
        ctx,
        visit,
        'reopen',
        `opinion case ${saved.id}: still not satisfied`,
      );
    }
  }
  return saved;
}

/** Fires an opinion-case timer (the caller checked the state). */
export async function fireOpinionTimer(
  uow: UnitOfWork,
  ctx: EngineContext,
  oc: OpinionCase,
  timer: TimerRecord,
): Promise<void> {
  const name = timer.name;
  const ref = { kind: 'opinionCase' as const, id: oc.id };
  if (name === 'opinion.handling-due') {
    await move(
      uow,
      ctx,
      oc,
      'markNotReturned',
      {},
      SYSTEM_ACTOR,
      (o) => o,
      'form not returned in time',
      `timer:${name}`,
    );
    return;
  }
  const entry = uow.fact({
    actor: actorRef(SYSTEM_ACTOR),
    command: 'breach',
    from: oc.state,
    to: oc.state,
    rule: `timer:${name}`,
  });
  await uow.save('opinionCase', {
    ...oc,
    history: [...oc.history, entry],
    firedTimers: withFired(oc.firedTimers, timer),
  });
  uow.emit(
    name === 'opinion.form-due' ? 'opinion.form-late' : 'opinion.follow-up-overdue',
    oc.dealerId,
    ref,
    {
      responsibleRole: oc.responsibleRole,
    },
  );
}

/** Opinion-case states that still wait on a deadline. */
export const PENDING_OPINION_STATES = ['recorded', 'formSent', 'returned'] as const;

/**
 * Recomputes a pending opinion case's deadlines from their anchors (the call, the form being
 * sent, the form's return) under the current pack and calendar, after a calendar or rule change.
 * Returns whether anything changed (nothing is written if not).
 */
export async function recomputeOpinionCase(
  uow: UnitOfWork,
  ctx: EngineContext,
  oc: OpinionCase,
  reason: string,
): Promise<boolean> {
  if (!(PENDING_OPINION_STATES as readonly string[]).includes(oc.state)) return false;
  const cal = ctx.calendarFor(oc.dealerId);
  const rules = packOf(ctx, uow, 'opinionCase', oc).pack.opinion;
  const sentAt = oc.history.findLast((h) => h.command === 'sendForm')?.at;
  const at = (expr: Parameters<typeof resolveDeadline>[0], from: string) =>
    toInstant(resolveDeadline(expr, toEpoch(from), cal));
  const due: OpinionCase['due'] = {
    formSentBy: at(rules.formDue, oc.raisedAt),
    ...(oc.due.handledBy !== undefined && sentAt !== undefined
      ? { handledBy: at(rules.handlingWithin, sentAt) }
      : oc.due.handledBy !== undefined
        ? { handledBy: oc.due.handledBy }
        : {}),
    ...(oc.due.secondFollowUpBy !== undefined && oc.returnedAt !== undefined
      ? { secondFollowUpBy: at(rules.secondFollowUpWithin, oc.returnedAt) }
      : oc.due.secondFollowUpBy !== undefined
        ? { secondFollowUpBy: oc.due.secondFollowUpBy }
        : {}),
  };
  const flag = await provisionalFlag(
    uow,
    ctx,
    oc.dealerId,
    [oc.raisedAt, due.formSentBy, due.handledBy, due.secondFollowUpBy]
      .filter((t) => t !== undefined)
      .map(toEpoch),
  );
  const same =
    due.formSentBy === oc.due.formSentBy &&
    due.handledBy === oc.due.handledBy &&
    due.secondFollowUpBy === oc.due.secondFollowUpBy &&
    (flag.provisional === true) === (oc.due.provisional === true);
  if (same) return false;
  const entry = uow.fact({
    actor: actorRef(SYSTEM_ACTOR),
    command: 'recompute',
    from: oc.state,
    to: oc.state,
    rule: reason,
  });
  const saved = await saveWithTimers(uow, ctx, { ...oc, due, history: [...oc.history, entry] });
  uow.emit(
    'opinion.deadline-recomputed',
    oc.dealerId,
    { kind: 'opinionCase', id: oc.id },
    {
      previousDue: oc.due,
      due: saved.due,
    },
  );
  return true;
}
