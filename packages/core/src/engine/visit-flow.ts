import type { z } from 'zod';
import { ValidationError } from '../errors';
import { applyTransition } from '../machines/apply-transition';
import type { EffectOf } from '../machines/machine-definition';
import { type VisitCommand, type VisitInput, visitMachine } from '../machines/visit-machine';
import { type Actor, actorRef, SYSTEM_ACTOR } from '../model/actor';
import { type Customer, usablePhones } from '../model/customer';
import { hideExtras } from '../model/extras';
import { samePhone } from '../model/phone-number';
import { toEpoch, toInstant } from '../model/primitives';
import { NO_USABLE_PHONE_REASON, type Visit, type VisitState } from '../model/visit';
import type { RuleFacts } from '../rules/compile-rule-pack';
import { type DecidingFacts, decidingFacts } from '../rules/explain-visit-rules';
import type { VisitRule } from '../rules/rule-pack-schema';
import { prepareAnswers, scoreResponse } from '../scoring/score-response';
import { resolveDeadline, resolveOffset, resolveWindow } from '../sla';
import type { JsonObject, TimerRecord } from '../storage/storage-port';
import { autoAssign } from './assignment';
import { checkVersion } from './check-version';
import type {
  completeVisitInputSchema,
  correctPhoneInputSchema,
  moveVisitInputSchema,
  recordAttemptInputSchema,
} from './command-schemas';
import { checkContact, visitChannel } from './contact-policy';
import { moveCustomer } from './customer-flow';
import { anchorOf, cancelDuties, dutyGate, dutyOpened } from './duty-flow';
import { type EngineContext, makeTimer, packFor, packOf } from './engine-context';
import { unfired, withFired } from './fired-timers';
import { openOpinionCase } from './opinion-flow';
import { provisionalFlag } from './provisional';
import { takesSamplePlace } from './sample-quota';
import type { UnitOfWork } from './unit-of-work';

/** States in which a visit still waits for work: its timers matter. */
export const PENDING_VISIT_STATES: readonly VisitState[] = [
  'scheduled',
  'open',
  'attempting',
  'blocked',
];

const EVENT_FOR_STATE: Partial<
  Record<
    VisitState,
    | 'visit.opened'
    | 'visit.blocked'
    | 'visit.completed'
    | 'visit.unreachable'
    | 'visit.cancelled'
    | 'visit.do-not-visit'
  >
> = {
  open: 'visit.opened',
  blocked: 'visit.blocked',
  completed: 'visit.completed',
  unreachable: 'visit.unreachable',
  cancelled: 'visit.cancelled',
  doNotVisit: 'visit.do-not-visit',
};

function visitTimers(v: Visit, rule: VisitRule | undefined, ctx: EngineContext): TimerRecord[] {
  const subject = { kind: 'visit' as const, id: v.id };
  const due = toEpoch(v.window.dueAt);
  const timers: TimerRecord[] = [];
  if (v.state === 'scheduled') {
    timers.push(
      makeTimer(v.dealerId, subject, 'visit.open', toEpoch(v.window.opensAt), ['scheduled']),
    );
  }
  if (rule?.visit.warnBefore !== undefined) {
    const cal = ctx.calendarFor(v.dealerId);
    const warnAt = resolveOffset(rule.visit.warnBefore, due, cal);
    timers.push(makeTimer(v.dealerId, subject, 'visit.due-soon', warnAt, PENDING_VISIT_STATES));
  }
  const overdueAt = v.window.extendedDueAt !== undefined ? toEpoch(v.window.extendedDueAt) : due;
  timers.push(makeTimer(v.dealerId, subject, 'visit.overdue', overdueAt, PENDING_VISIT_STATES));
  if (v.callBack !== undefined) {
    timers.push(
      makeTimer(
        v.dealerId,
        subject,
        'visit.call-back',
        toEpoch(v.callBack.at),
        PENDING_VISIT_STATES,
      ),
    );
  }
  if (v.retryDueAt !== undefined && v.state === 'attempting') {
    timers.push(
      makeTimer(v.dealerId, subject, 'visit.retry-due', toEpoch(v.retryDueAt), ['attempting']),
    );
  }
  return unfired(timers, v.firedTimers);
}

/**
 * The window's `extendedDueAt` when the customer asked to be called back after the due time and
 * the rule lets a call-back extend it (`callBackMayExtendDueBy`): the end of the work period of
 * the call-back, and never past the extension. `{}` otherwise.
 */
function callBackExtension(
  v: Visit,
  rule: VisitRule | undefined,
  cal: ReturnType<EngineContext['calendarFor']>,
): { extendedDueAt?: string } {
  const by = rule?.visit.callBackMayExtendDueBy;
  if (by === undefined || v.callBack === undefined) return {};
  const due = toEpoch(v.window.dueAt);
  const callBack = toEpoch(v.callBack.at);
  if (callBack <= due) return {};
  const limit = resolveOffset({ after: by }, due, cal);
  if (callBack > limit) return {};
  return { extendedDueAt: toInstant(Math.min(cal.endOfWorkPeriod(callBack), limit)) };
}

/**
 * The visit with its window's `provisional` flag set from everything computed for it (window,
 * warnings, retry): whether any of it read a calendar year without a holiday notice.
 */
async function flagWindow(
  uow: UnitOfWork,
  ctx: EngineContext,
  v: Visit,
  timers: readonly TimerRecord[],
): Promise<Visit> {
  const flag = await provisionalFlag(uow, ctx, v.dealerId, [
    toEpoch(v.window.anchoredAt ?? v.createdAt),
    toEpoch(v.window.opensAt),
    toEpoch(v.window.dueAt),
    ...timers.map((t) => t.dueAt),
  ]);
  if ((v.window.provisional === true) === (flag.provisional === true)) return v;
  const { provisional: _was, ...window } = v.window;
  return { ...v, window: { ...window, ...flag } };
}

/** Moves a visit through its machine, saves it, keeps its timers in step and announces it. */
async function moveVisit_(
  uow: UnitOfWork,
  ctx: EngineContext,
  visit: Visit,
  command: VisitCommand,
  input: VisitInput,
  actor: Actor,
  change: (v: Visit) => Visit = (v) => v,
  reason?: string,
  rule?: string,
): Promise<{ visit: Visit; effects: readonly EffectOf<typeof visitMachine>[] }> {
  const pack = packOf(ctx, uow, 'visit', visit);
  const { next, decision } = applyTransition(visitMachine, visit, command, input, {
    actor,
    at: uow.at,
    permissions: pack.pack.permissions,
    ...(reason !== undefined ? { reason } : {}),
    ...(rule !== undefined ? { rule } : {}),
  });
  const changed = change(next);
  const subject = { kind: 'visit' as const, id: changed.id };
  const pending = PENDING_VISIT_STATES.includes(changed.state);
  const timers = pending ? visitTimers(changed, pack.visitRule(changed.ruleId), ctx) : [];
  const saved = await uow.save(
    'visit',
    pending ? await flagWindow(uow, ctx, changed, timers) : changed,
  );
  if (pending) await uow.replaceTimers(saved.dealerId, subject, timers);
  else await uow.cancelTimers(saved.dealerId, subject);
  const type = decision.from !== decision.to ? EVENT_FOR_STATE[decision.to] : undefined;
  if (type !== undefined) {
    uow.emit(type, saved.dealerId, subject, { from: decision.from, to: decision.to, command });
  }
  // A window that opens puts the visit on someone's list (the pack's assignment rules).
  const assigned =
    decision.from !== 'open' && saved.state === 'open'
      ? ((await autoAssign(uow, ctx, 'visit', saved)) as Visit)
      : saved;
  return { visit: assigned, effects: decision.effects };
}

/** What else {@link scheduleVisit} needs to know about the visit it creates. */
export interface ScheduleOptions {
  /** The customer, to block the visit at once when nobody can be called. */
  readonly customer?: Pick<Customer, 'phones' | 'contactPerson' | 'preferences'>;
  /** The `extras` of the DMS event behind the visit, kept on it as `dmsExtras`. */
  readonly dmsExtras?: JsonObject;
  /** The fact values that decided the rule, kept on the visit's first history entry. */
  readonly decidedBy?: DecidingFacts;
  /** The duty the visit carries out (see {@link dutyGate}). */
  readonly duty?: { readonly key: string; readonly triggeredAt: string };
}

/**
 * Creates the visit a matched rule asks for, with its window and timers. A visit for a customer
 * with no usable phone (and who accepts calls) is moved straight on to `blocked` with
 * {@link NO_USABLE_PHONE_REASON}: phones must be complete before the first call [002].
 */
export async function scheduleVisit(
  uow: UnitOfWork,
  ctx: EngineContext,
  rule: VisitRule,
  dealerId: string,
  anchor: number,
  subject: Visit['subject'],
  doNotVisit: boolean,
  options: ScheduleOptions = {},
): Promise<Visit> {
  const cal = ctx.calendarFor(dealerId);
  const pack = packFor(ctx, uow, dealerId);
  const { opensAt, dueAt } = resolveWindow(rule.visit.window, anchor, cal);
  const state: VisitState = opensAt > uow.now ? 'scheduled' : 'open';
  let visit: Visit = {
    id: ctx.newId(),
    dealerId,
    type: rule.visit.type,
    ruleId: rule.id,
    rulesVersion: pack.hash,
    subject,
    window: { opensAt: toInstant(opensAt), dueAt: toInstant(dueAt), anchoredAt: toInstant(anchor) },
    assignee: { role: rule.visit.assigneeRole },
    attemptPolicy: {
      maxAttempts: rule.visit.attempts.max,
      retryWithin: rule.visit.attempts.retryWithin,
      failedOutcomes: rule.visit.attempts.failedOutcomes,
    },
    attempts: [],
    ...(rule.visit.survey !== undefined ? { surveyId: rule.visit.survey } : {}),
    ...(options.dmsExtras !== undefined ? { dmsExtras: options.dmsExtras } : {}),
    ...(options.duty !== undefined ? { duty: { ...options.duty } } : {}),
    ...(visitChannel(pack, rule.id, options.customer) !== 'phone'
      ? { channel: visitChannel(pack, rule.id, options.customer) }
      : {}),
    state,
    version: 0,
    history: [
      uow.fact({
        actor: actorRef(SYSTEM_ACTOR),
        command: 'schedule',
        from: null,
        to: state,
        rule: rule.id,
        ...(options.decidedBy !== undefined ? { facts: options.decidedBy } : {}),
      }),
    ],
    createdAt: uow.at,
    updatedAt: uow.at,
  };
  const timers = visitTimers(visit, rule, ctx);
  visit = await uow.save('visit', await flagWindow(uow, ctx, visit, timers));
  const ref = { kind: 'visit' as const, id: visit.id };
  await uow.replaceTimers(dealerId, ref, timers);
  uow.emit('visit.scheduled', dealerId, ref, {
    type: visit.type,
    ruleId: rule.id,
    opensAt: visit.window.opensAt,
    dueAt: visit.window.dueAt,
    customerId: subject.customerId,
    provisional: visit.window.provisional === true,
  });
  if (doNotVisit) {
    ({ visit } = await moveVisit_(
      uow,
      ctx,
      visit,
      'markDoNotVisit',
      {},
      SYSTEM_ACTOR,
      undefined,
      'vehicle not picked up — do not visit',
      rule.id,
    ));
    // 向下级回访传递的信息: the station sees the notice and does not call [002].
    if (rule.visit.doNotVisitNotice !== undefined) {
      uow.emit(
        'visit.station-notified',
        dealerId,
        { kind: 'visit', id: visit.id },
        {
          notice: rule.visit.doNotVisitNotice,
          ruleId: rule.id,
          customerId: subject.customerId,
          vehicleId: subject.vehicleId ?? null,
          outletId: subject.outletId ?? null,
        },
      );
    }
  } else if (
    options.customer !== undefined &&
    !options.customer.preferences.noPhoneCalls &&
    usablePhones(options.customer).length === 0
  ) {
    ({ visit } = await moveVisit_(
      uow,
      ctx,
      visit,
      'block',
      { usablePhones: 0 },
      SYSTEM_ACTOR,
      (v) => ({ ...v, blockedReason: NO_USABLE_PHONE_REASON }),
      NO_USABLE_PHONE_REASON,
      rule.id,
    ));
  } else if (visit.state === 'open') {
    visit = (await autoAssign(uow, ctx, 'visit', visit)) as Visit;
  }
  if (visit.state === 'open') await dutyOpened(uow, ctx, visit);
  return visit;
}

/**
 * Evaluates the pack's visit rules for a trigger and schedules what matches (conditions never
 * see DMS extras). `dmsExtras`: the extras of the DMS event behind the visits.
 */
export async function scheduleFromRules(
  uow: UnitOfWork,
  ctx: EngineContext,
  trigger: string,
  dealerId: string,
  anchor: number,
  facts: RuleFacts,
  subject: Visit['subject'],
  dmsExtras?: JsonObject,
): Promise<Visit[]> {
  const seen = hideExtras(facts);
  // What this event ends comes first: a duty it cancels is not pending when rules re-arm it.
  await cancelDuties(uow, ctx, trigger, dealerId, seen, subject);
  const matched = await packFor(ctx, uow, dealerId).matchVisitRules(trigger, seen);
  const out: Visit[] = [];
  if (matched.length === 0) return out;
  const cal = ctx.calendarFor(dealerId);
  const customer = await uow.find('customer', dealerId, subject.customerId);
  const options: ScheduleOptions = {
    ...(customer !== undefined ? { customer } : {}),
    ...(dmsExtras !== undefined ? { dmsExtras } : {}),
  };
  for (const m of matched) {
    // A follow-up (a second-level visit after a first-level one) is owed once per visit: a
    // reopened visit completed again does not schedule it twice.
    if (
      subject.previousVisitId !== undefined &&
      !(await uow.tx.claimKey(dealerId, `follow-up:${m.rule.id}:${subject.previousVisitId}`))
    ) {
      continue;
    }
    // The window's anchor: the event's time, or a field (appointment time, delivery date, …).
    const at = anchorOf(m.rule, seen, anchor, cal);
    if (at === undefined) continue;
    // A reminder before an appointment booked too late for it (the day before has passed).
    if (
      m.rule.visit.anchor === 'event.appointmentAt' &&
      resolveWindow(m.rule.visit.window, at, cal).dueAt <= uow.now
    ) {
      continue;
    }
    // A duty is pending once per customer or vehicle; the pack says which of two wins.
    const gate = await dutyGate(uow, ctx, m.rule, dealerId, subject, at, anchor);
    if (!gate.schedule) continue;
    // A sampled rule (CSI: 10 per service advisor [002]) makes a visit only while its quota lasts.
    if (!(await takesSamplePlace(uow, ctx, m.rule, dealerId, anchor, subject))) continue;
    out.push(
      await scheduleVisit(uow, ctx, m.rule, dealerId, at, subject, m.doNotVisit, {
        ...options,
        decidedBy: decidingFacts(m.rule, seen),
        ...(gate.duty !== undefined ? { duty: gate.duty } : {}),
      }),
    );
  }
  return out;
}

/** `engine.recordAttempt`. */
export async function recordAttempt(
  uow: UnitOfWork,
  ctx: EngineContext,
  input: z.output<typeof recordAttemptInputSchema>,
): Promise<Visit> {
  const visit = await uow.load('visit', input.dealerId, input.visitId);
  checkVersion('visit', visit, input.expectedVersion);
  const channel = input.channel ?? visit.channel ?? 'phone';
  await checkContact(uow, ctx, visit, channel, uow.now);
  const attempt = {
    at: uow.at,
    by: actorRef(input.actor),
    outcome: input.outcome,
    channel,
    ...(input.note !== undefined ? { note: input.note } : {}),
    ...(input.callBackAt !== undefined ? { callBackAt: input.callBackAt } : {}),
  };
  const cal = ctx.calendarFor(visit.dealerId);
  const rule = packOf(ctx, uow, 'visit', visit).visitRule(visit.ruleId);
  const { visit: saved, effects } = await moveVisit_(
    uow,
    ctx,
    visit,
    'recordAttempt',
    { outcome: input.outcome },
    input.actor,
    (v) => {
      const next: Visit = { ...v, attempts: [...v.attempts, attempt] };
      // The first person to call takes the visit: follow-up figures by agent, `assigneeId` lists.
      if (next.assignee.actorId === undefined && input.actor.kind === 'person') {
        next.assignee = {
          ...next.assignee,
          actorId: input.actor.id,
          ...(input.actor.name !== undefined ? { name: input.actor.name } : {}),
        };
      }
      // A call-back the customer asked for replaces any earlier one; another attempt ends it.
      delete next.callBack;
      const { extendedDueAt: _e, ...window } = next.window;
      next.window = window;
      if (input.callBackAt !== undefined) {
        next.callBack = { at: input.callBackAt, requestedAt: uow.at };
        Object.assign(next.window, callBackExtension(next, rule, cal));
      }
      if (v.state === 'attempting' && v.attemptPolicy.failedOutcomes.includes(input.outcome)) {
        next.retryDueAt = toInstant(resolveDeadline(v.attemptPolicy.retryWithin, uow.now, cal));
      } else {
        delete next.retryDueAt;
      }
      if (v.state === 'blocked')
        next.blockedReason = `wrong number${input.phone ? ` ${input.phone}` : ''}`;
      return next;
    },
    input.reason,
  );
  uow.emit(
    'visit.attempted',
    saved.dealerId,
    { kind: 'visit', id: saved.id },
    {
      outcome: input.outcome,
      attempt: saved.attempts.length,
      state: saved.state,
    },
  );
  const dialled = input.phone;
  if (effects.includes('markPhoneInvalid') && dialled !== undefined) {
    const customer = await uow.find('customer', saved.dealerId, saved.subject.customerId);
    if (customer) {
      // Compared by normalised form: a row stored before normalisation holds the DMS's spelling.
      const phones = customer.phones.map((p) =>
        samePhone(p.number, dialled) ? { ...p, valid: false } : p,
      );
      await uow.save('customer', { ...customer, phones });
    }
  }
  if (effects.includes('customerUnreachable')) {
    await moveCustomer(
      uow,
      ctx,
      saved.dealerId,
      saved.subject.customerId,
      'markUnreachable',
      `visit ${saved.id} unreachable`,
    );
  }
  // Closed after the last failed attempt, or refused: what follows is still owed [002].
  if (
    visit.state !== saved.state &&
    (saved.state === 'unreachable' || saved.state === 'cancelled')
  ) {
    await scheduleAfterVisit(
      uow,
      ctx,
      saved,
      saved.state === 'unreachable' ? 'unreachable' : 'refused',
      null,
    );
  }
  return saved;
}

/** `engine.completeVisit`. */
export async function completeVisit(
  uow: UnitOfWork,
  ctx: EngineContext,
  input: z.output<typeof completeVisitInputSchema>,
): Promise<Visit> {
  const visit = await uow.load('visit', input.dealerId, input.visitId);
  checkVersion('visit', visit, input.expectedVersion);
  const pack = packOf(ctx, uow, 'visit', visit);
  let response: Visit['response'];
  let alert = false;
  if (visit.surveyId !== undefined) {
    const def = pack.survey(visit.surveyId);
    if (def === undefined) {
      throw new ValidationError('visit', [
        {
          path: ['surveyId'],
          message: `survey "${visit.surveyId}" is not in the rule pack`,
          code: 'unknown_survey',
        },
      ]);
    }
    // Stored as prepared: phones in E.164, unknown numbers filled in, items not asked null.
    const answers = prepareAnswers(def, input.answers ?? {});
    const scored = scoreResponse(def, answers);
    alert = scored.alert;
    const { alert: _alert, ...score } = scored;
    response = { surveyId: def.id, answeredAt: uow.at, answers, score };
  } else if (input.answers !== undefined && Object.keys(input.answers).length > 0) {
    throw new ValidationError('completeVisit input', [
      { path: ['answers'], message: 'this visit has no survey', code: 'unexpected' },
    ]);
  }
  const satisfied = input.satisfied ?? (visit.surveyId !== undefined ? !alert : null);
  const { visit: saved } = await moveVisit_(
    uow,
    ctx,
    visit,
    'complete',
    {},
    input.actor,
    (v) => ({
      ...v,
      ...(response !== undefined ? { response } : {}),
      result: {
        satisfied,
        at: uow.at,
        by: actorRef(input.actor),
        ...(input.note !== undefined ? { note: input.note } : {}),
      },
    }),
    input.reason,
  );
  const ref = { kind: 'visit' as const, id: saved.id };
  // The completion event carries the score so subscribers need not reload the visit.
  const done = uow.events.at(-1);
  if (done?.type === 'visit.completed')
    done.data = { ...done.data, satisfied, score: response?.score ?? null };

  const rule = pack.visitRule(saved.ruleId);
  if ((alert || satisfied === false) && rule?.visit.onAlert !== undefined) {
    uow.emit('survey.alert', saved.dealerId, ref, {
      lowItems: response?.score.lowItems ?? [],
      index: response?.score.index ?? null,
    });
    const low = response?.score.lowItems ?? [];
    await openOpinionCase(uow, ctx, {
      dealerId: saved.dealerId,
      actor: input.actor,
      customerId: saved.subject.customerId,
      visitId: saved.id,
      ...(saved.subject.vehicleId !== undefined ? { vehicleId: saved.subject.vehicleId } : {}),
      problem:
        input.note ??
        (low.length > 0 ? `Low scores on: ${low.join(', ')}` : 'Customer not satisfied'),
      department: rule.visit.onAlert.department,
      responsibleRole: rule.visit.onAlert.role,
    });
  }
  await scheduleAfterVisit(uow, ctx, saved, 'completed', satisfied);
  return saved;
}

/** How a visit closed for good, as the `visit.closed` trigger's `event.outcome` says. */
export type VisitClosedOutcome = 'completed' | 'unreachable' | 'refused';

/**
 * Runs the rules that follow a visit: `visit.completed` (completed only) and `visit.closed`
 * (completed, unreachable or refused), with the visit as `previousVisitId` of what they make.
 */
async function scheduleAfterVisit(
  uow: UnitOfWork,
  ctx: EngineContext,
  saved: Visit,
  outcome: VisitClosedOutcome,
  satisfied: boolean | null,
): Promise<void> {
  const customer = await uow.find('customer', saved.dealerId, saved.subject.customerId);
  const vehicle = saved.subject.vehicleId
    ? await uow.find('vehicle', saved.dealerId, saved.subject.vehicleId)
    : undefined;
  const parties = { ...(customer ? { customer } : {}), ...(vehicle ? { vehicle } : {}) };
  const subject = { ...saved.subject, previousVisitId: saved.id };
  const triggers =
    outcome === 'completed'
      ? (['visit.completed', 'visit.closed'] as const)
      : (['visit.closed'] as const);
  for (const trigger of triggers) {
    await scheduleFromRules(
      uow,
      ctx,
      trigger,
      saved.dealerId,
      uow.now,
      {
        event: { type: trigger, visitType: saved.type, satisfied, outcome },
        visit: saved,
        ...parties,
      },
      subject,
    );
  }
}

/**
 * `engine.correctPhone`: the phone is fixed on the customer (first, valid; the same number in
 * another spelling is replaced) and the visit unblocked — back to `open`, or to `scheduled` when
 * its window has not opened yet.
 */
export async function correctPhone(
  uow: UnitOfWork,
  ctx: EngineContext,
  input: z.output<typeof correctPhoneInputSchema>,
): Promise<Visit> {
  const visit = await uow.load('visit', input.dealerId, input.visitId);
  checkVersion('visit', visit, input.expectedVersion);
  const { visit: saved } = await moveVisit_(
    uow,
    ctx,
    visit,
    'correctPhone',
    { now: uow.now },
    input.actor,
    (v) => {
      const next = { ...v };
      delete next.blockedReason;
      return next;
    },
    input.reason,
  );
  const customer: Customer = await uow.load('customer', saved.dealerId, saved.subject.customerId);
  const phones = [
    { number: input.phone, belongsTo: input.belongsTo, valid: true },
    ...customer.phones.filter((p) => !samePhone(p.number, input.phone)),
  ];
  await uow.save('customer', { ...customer, phones });
  uow.emit(
    'visit.phone-corrected',
    saved.dealerId,
    { kind: 'visit', id: saved.id },
    { customerId: customer.id },
  );
  return saved;
}

/** `engine.moveVisit`: cancel, do-not-visit, resume, reopen. */
export async function moveVisit(
  uow: UnitOfWork,
  ctx: EngineContext,
  input: z.output<typeof moveVisitInputSchema>,
): Promise<Visit> {
  const visit = await uow.load('visit', input.dealerId, input.visitId);
  checkVersion('visit', visit, input.expectedVersion);
  const { visit: saved } = await moveVisit_(
    uow,
    ctx,
    visit,
    input.command,
    {},
    input.actor,
    undefined,
    input.reason,
  );
  if (input.command === 'resume')
    uow.emit('visit.resumed', saved.dealerId, { kind: 'visit', id: saved.id }, {});
  if (input.command === 'reopen')
    uow.emit('visit.reopened', saved.dealerId, { kind: 'visit', id: saved.id }, {});
  return saved;
}

/** System moves used by other flows (reopen after a failed second follow-up, resume on pick-up). */
export async function moveVisitAsSystem(
  uow: UnitOfWork,
  ctx: EngineContext,
  visit: Visit,
  command: VisitCommand,
  reason: string,
): Promise<Visit> {
  const { visit: saved } = await moveVisit_(
    uow,
    ctx,
    visit,
    command,
    {},
    SYSTEM_ACTOR,
    undefined,
    reason,
  );
  if (command === 'resume')
    uow.emit('visit.resumed', saved.dealerId, { kind: 'visit', id: saved.id }, {});
  if (command === 'reopen')
    uow.emit('visit.reopened', saved.dealerId, { kind: 'visit', id: saved.id }, {});
  return saved;
}

/** Fires a visit timer (the caller checked the visit is still in one of the timer's states). */
export async function fireVisitTimer(
  uow: UnitOfWork,
  ctx: EngineContext,
  visit: Visit,
  timer: TimerRecord,
): Promise<void> {
  const name = timer.name;
  const ref = { kind: 'visit' as const, id: visit.id };
  switch (name) {
    case 'visit.open': {
      const { visit: opened } = await moveVisit_(
        uow,
        ctx,
        visit,
        'open',
        {},
        SYSTEM_ACTOR,
        undefined,
        'window opened',
        'timer:visit.open',
      );
      if (opened.state === 'open') await dutyOpened(uow, ctx, opened);
      return;
    }
    case 'visit.call-back': {
      const entry = uow.fact({
        actor: actorRef(SYSTEM_ACTOR),
        command: 'remind',
        from: visit.state,
        to: visit.state,
        rule: `timer:${name}`,
      });
      await uow.save('visit', {
        ...visit,
        history: [...visit.history, entry],
        firedTimers: withFired(visit.firedTimers, timer),
      });
      uow.emit('visit.call-back-due', visit.dealerId, ref, {
        callBackAt: visit.callBack?.at ?? toInstant(timer.dueAt),
        assigneeRole: visit.assignee.role,
        assigneeId: visit.assignee.actorId ?? null,
      });
      return;
    }
    case 'visit.due-soon':
    case 'visit.overdue':
    case 'visit.retry-due': {
      const entry = uow.fact({
        actor: actorRef(SYSTEM_ACTOR),
        command: name === 'visit.overdue' ? 'breach' : 'warn',
        from: visit.state,
        to: visit.state,
        rule: `timer:${name}`,
      });
      await uow.save('visit', {
        ...visit,
        history: [...visit.history, entry],
        firedTimers: withFired(visit.firedTimers, timer),
      });
      uow.emit(name, visit.dealerId, ref, {
        dueAt: visit.window.dueAt,
        state: visit.state,
        assigneeRole: visit.assignee.role,
      });
      return;
    }
  }
}

/** Visit states whose window still matters (not done, not "do not visit"). */
const RECOMPUTABLE: readonly VisitState[] = ['scheduled', 'open', 'attempting', 'blocked'];

/**
 * Recomputes a pending visit's window from its anchor under the current rule pack and calendar
 * (after `setRules` or a calendar change) and replaces its timers — also when only its
 * warnings changed. The opening moves only while the visit is still scheduled: one already open
 * stays open and only its due time moves. A visit scheduled before windows carried their
 * anchor, or whose rule the pack no longer has, keeps its window. Returns whether anything
 * changed (nothing is written if not).
 */
export async function recomputeVisit(
  uow: UnitOfWork,
  ctx: EngineContext,
  v: Visit,
  reason: string,
): Promise<boolean> {
  if (!RECOMPUTABLE.includes(v.state) || v.window.anchoredAt === undefined) return false;
  const rule = packOf(ctx, uow, 'visit', v).visitRule(v.ruleId);
  if (rule === undefined) return false;
  const cal = ctx.calendarFor(v.dealerId);
  const w = resolveWindow(rule.visit.window, toEpoch(v.window.anchoredAt), cal);
  // A visit already open stays open: only a scheduled one has an opening left to move.
  const opensAt = v.state === 'scheduled' ? toInstant(w.opensAt) : v.window.opensAt;
  const ref = { kind: 'visit' as const, id: v.id };
  const { extendedDueAt: _e, ...kept } = v.window;
  const rewindowed: Visit = { ...v, window: { ...kept, opensAt, dueAt: toInstant(w.dueAt) } };
  const moved: Visit = {
    ...rewindowed,
    window: { ...rewindowed.window, ...callBackExtension(rewindowed, rule, cal) },
  };
  const timers = visitTimers(moved, rule, ctx);
  const next = await flagWindow(uow, ctx, moved, timers);
  const changed =
    next.window.opensAt !== v.window.opensAt ||
    next.window.dueAt !== v.window.dueAt ||
    next.window.extendedDueAt !== v.window.extendedDueAt ||
    next.window.provisional !== v.window.provisional;
  if (!changed && !(await uow.timersDiffer(v.dealerId, ref, timers))) return false;
  const entry = uow.fact({
    actor: actorRef(SYSTEM_ACTOR),
    command: 'recompute',
    from: v.state,
    to: v.state,
    rule: reason,
  });
  const saved = await uow.save('visit', { ...next, history: [...v.history, entry] });
  await uow.replaceTimers(v.dealerId, ref, timers);
  uow.emit('visit.window-recomputed', v.dealerId, ref, {
    previousOpensAt: v.window.opensAt,
    previousDueAt: v.window.dueAt,
    opensAt: saved.window.opensAt,
    dueAt: saved.window.dueAt,
    provisional: saved.window.provisional === true,
  });
  return true;
}
