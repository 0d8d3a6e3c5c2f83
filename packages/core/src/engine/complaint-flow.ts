import type { z } from 'zod';
import { applyTransition } from '../machines/apply-transition';
import {
  type ComplaintCommand,
  type ComplaintInput,
  complaintMachine,
  OPEN_COMPLAINT_STATES,
} from '../machines/complaint-machine';
import { type Actor, actorRef, SYSTEM_ACTOR } from '../model/actor';
import type { Complaint, ComplaintState } from '../model/complaint';
import { toEpoch, toInstant } from '../model/primitives';
import type { CompiledRulePack } from '../rules/compile-rule-pack';
import { pauseSla, planLadder, resolveDeadline, resumeSla } from '../sla';
import type { JsonObject, TimerRecord } from '../storage/storage-port';
import { autoAssign } from './assignment';
import { checkVersion } from './check-version';
import type {
  escalateComplaintInputSchema,
  moveComplaintInputSchema,
  openComplaintInputSchema,
} from './command-schemas';
import { type EngineContext, makeTimer, packFor, packOf } from './engine-context';
import type { EngineEventType } from './engine-events';
import { unfired, withFired } from './fired-timers';
import { provisionalFlag } from './provisional';
import type { UnitOfWork } from './unit-of-work';
import { scheduleFromRules } from './visit-flow';

type Category = NonNullable<Complaint['category']>;

/** The owner role for a category (首问责任制 keeps the dealer; routing picks the role). */
export function routeComplaint(pack: CompiledRulePack, category: Category | undefined): string {
  const rules = pack.pack.complaints;
  if (category !== undefined) {
    for (const r of rules.routing) if (r.categories.includes(category)) return r.role;
  }
  return rules.defaultRole;
}

/** Ladder timers for the steps not yet fired, from the (possibly moved) deadline. */
function ladderTimers(ctx: EngineContext, pack: CompiledRulePack, c: Complaint): TimerRecord[] {
  if (c.sla.pausedAt !== undefined || !OPEN_COMPLAINT_STATES.includes(c.state)) return [];
  if (c.state === 'resolved' || c.state === 'satisfactionCheck') return [];
  const cal = ctx.calendarFor(c.dealerId);
  const ref = { kind: 'complaint' as const, id: c.id };
  const steps = planLadder(pack.pack.complaints.ladder, toEpoch(c.sla.dueAt), cal);
  return steps
    .filter((s) => !c.sla.firedSteps.includes(s.stepId))
    .map((s) =>
      makeTimer(c.dealerId, ref, `complaint.ladder.${s.stepId}`, s.at, OPEN_COMPLAINT_STATES, {
        stepId: s.stepId,
        action: s.action as unknown as { [k: string]: string | number | string[] },
      }),
    );
}

function satisfactionTimer(c: Complaint): TimerRecord[] {
  if (c.satisfactionCheckDueAt === undefined) return [];
  if (c.state !== 'resolved' && c.state !== 'satisfactionCheck') return [];
  const timer = makeTimer(
    c.dealerId,
    { kind: 'complaint', id: c.id },
    'complaint.satisfaction-check-due',
    toEpoch(c.satisfactionCheckDueAt),
    ['resolved', 'satisfactionCheck'],
  );
  return unfired([timer], c.firedTimers);
}

/** The 24-hour feedback to customer service [003], while the owner has not given it. */
function feedbackTimer(c: Complaint): TimerRecord[] {
  if (c.feedbackDueAt === undefined || c.feedback !== undefined) return [];
  if (!OPEN_COMPLAINT_STATES.includes(c.state)) return [];
  const timer = makeTimer(
    c.dealerId,
    { kind: 'complaint', id: c.id },
    'complaint.feedback-due',
    toEpoch(c.feedbackDueAt),
    OPEN_COMPLAINT_STATES,
  );
  return unfired([timer], c.firedTimers);
}

/**
 * Every timer a complaint should have now: its remaining ladder steps, the feedback to customer
 * service and the satisfaction check.
 */
function complaintTimers(ctx: EngineContext, pack: CompiledRulePack, c: Complaint): TimerRecord[] {
  return [...ladderTimers(ctx, pack, c), ...feedbackTimer(c), ...satisfactionTimer(c)];
}

/** The feedback deadline a complaint routed now gets, unless it has one or gave feedback. */
function feedbackDue(
  ctx: EngineContext,
  pack: CompiledRulePack,
  c: Complaint,
  now: number,
): Partial<Complaint> {
  if (c.feedbackDueAt !== undefined || c.feedback !== undefined) return {};
  const cal = ctx.calendarFor(c.dealerId);
  return {
    feedbackDueAt: toInstant(resolveDeadline(pack.pack.complaints.feedbackWithin, now, cal)),
  };
}

/**
 * Saves a complaint with its `sla.provisional` flag set from everything computed for it
 * (deadline, ladder, satisfaction check) and replaces its timers with the ones it should have.
 */
async function saveWithTimers(
  uow: UnitOfWork,
  ctx: EngineContext,
  c: Complaint,
): Promise<Complaint> {
  const timers = complaintTimers(ctx, packOf(ctx, uow, 'complaint', c), c);
  const flag = await provisionalFlag(uow, ctx, c.dealerId, [
    toEpoch(c.sla.startedAt ?? c.createdAt),
    toEpoch(c.sla.dueAt),
    ...(c.satisfactionCheckDueAt !== undefined ? [toEpoch(c.satisfactionCheckDueAt)] : []),
    ...timers.map((t) => t.dueAt),
  ]);
  const { provisional: _was, ...sla } = c.sla;
  const saved = await uow.save('complaint', { ...c, sla: { ...sla, ...flag } });
  await uow.replaceTimers(c.dealerId, { kind: 'complaint', id: c.id }, timers);
  return saved;
}

/**
 * Stops or restarts the resolution clock when entering or leaving a pause state — the SLA
 * module's `pauseSla` / `resumeSla`, on the complaint's stored (ISO) form.
 */
function pauseBookkeeping(
  ctx: EngineContext,
  pack: CompiledRulePack,
  c: Complaint,
  now: number,
): Complaint {
  const shouldPause = pack.pack.complaints.pauseIn.includes(c.state);
  const paused = c.sla.pausedAt !== undefined;
  if (shouldPause === paused) return c;
  const clock = {
    dueAt: toEpoch(c.sla.dueAt),
    pausedWorkingMinutes: c.sla.pausedWorkingMinutes,
    ...(paused ? { pausedAt: toEpoch(c.sla.pausedAt!) } : {}),
  };
  const next = shouldPause
    ? pauseSla(clock, now)
    : resumeSla(clock, now, ctx.calendarFor(c.dealerId));
  const { pausedAt: _p, ...sla } = c.sla;
  return {
    ...c,
    sla: {
      ...sla,
      dueAt: toInstant(next.dueAt),
      pausedWorkingMinutes: next.pausedWorkingMinutes,
      ...(next.pausedAt !== undefined ? { pausedAt: toInstant(next.pausedAt) } : {}),
    },
  };
}

const EVENT_FOR_STATE: Partial<
  Record<ComplaintState, 'complaint.resolved' | 'complaint.closed' | 'complaint.reopened'>
> = {
  resolved: 'complaint.resolved',
  closed: 'complaint.closed',
  reopened: 'complaint.reopened',
};

async function move(
  uow: UnitOfWork,
  ctx: EngineContext,
  c: Complaint,
  command: ComplaintCommand,
  input: ComplaintInput,
  actor: Actor,
  change: (c: Complaint) => Complaint,
  reason?: string,
  rule?: string,
): Promise<Complaint> {
  const pack = packOf(ctx, uow, 'complaint', c);
  const { next, decision } = applyTransition(complaintMachine, c, command, input, {
    actor,
    at: uow.at,
    permissions: pack.pack.permissions,
    ...(reason !== undefined ? { reason } : {}),
    ...(rule !== undefined ? { rule } : {}),
  });
  const saved = await saveWithTimers(uow, ctx, pauseBookkeeping(ctx, pack, change(next), uow.now));
  const ref = { kind: 'complaint' as const, id: saved.id };
  const data = {
    from: decision.from,
    to: decision.to,
    command,
    tier: saved.tier,
    ownerRole: saved.owner.role,
  };
  if (command === 'escalate') {
    uow.emit('complaint.escalated', saved.dealerId, ref, {
      ...data,
      notify: pack.pack.complaints.tiers[String(saved.tier) as '1' | '2' | '3'],
      reason: reason ?? null,
    });
  } else {
    uow.emit(EVENT_FOR_STATE[decision.to] ?? 'complaint.moved', saved.dealerId, ref, data);
  }
  // Routed to an owner role: a named owner by the pack's assignment rules.
  if (command === 'classify') return (await autoAssign(uow, ctx, 'complaint', saved)) as Complaint;
  return saved;
}

/** Opens a complaint (by a person, or by the system from a DMS event) and routes it. */
export async function openComplaint(
  uow: UnitOfWork,
  ctx: EngineContext,
  input: z.output<typeof openComplaintInputSchema> & { readonly dmsExtras?: JsonObject },
  sourceEventId?: string,
): Promise<Complaint> {
  const cal = ctx.calendarFor(input.dealerId);
  const pack = packFor(ctx, uow, input.dealerId);
  const rules = pack.pack.complaints;
  const dueAt = resolveDeadline(rules.resolveWithin, uow.now, cal);
  let c: Complaint = {
    id: ctx.newId(),
    dealerId: input.dealerId,
    customerId: input.customerId,
    ...(input.vehicleId !== undefined ? { vehicleId: input.vehicleId } : {}),
    ...(input.visitId !== undefined ? { visitId: input.visitId } : {}),
    ...(sourceEventId !== undefined ? { sourceEventId } : {}),
    rulesVersion: pack.hash,
    source: input.source,
    ...(input.nature !== undefined ? { nature: input.nature } : {}),
    description: input.description,
    ...(input.dmsExtras !== undefined ? { dmsExtras: input.dmsExtras } : {}),
    tier: 1,
    // On-site complaints are reported to the CS manager at once; routing happens on classify.
    owner: { role: 'csManager' },
    reopenCount: 0,
    escalations: 0,
    sla: { startedAt: uow.at, dueAt: toInstant(dueAt), pausedWorkingMinutes: 0, firedSteps: [] },
    state: 'received',
    version: 0,
    history: [
      uow.fact({ actor: actorRef(input.actor), command: 'receive', from: null, to: 'received' }),
    ],
    createdAt: uow.at,
    updatedAt: uow.at,
  };
  c = await saveWithTimers(uow, ctx, c);
  uow.emit(
    'complaint.received',
    c.dealerId,
    { kind: 'complaint', id: c.id },
    {
      source: c.source,
      customerId: c.customerId,
      dueAt: c.sla.dueAt,
      notify: rules.tiers['1'],
      provisional: c.sla.provisional === true,
    },
  );
  if (input.category !== undefined) {
    c = await move(
      uow,
      ctx,
      c,
      'classify',
      {},
      SYSTEM_ACTOR,
      (x) => ({
        ...x,
        category: input.category!,
        owner: { role: routeComplaint(pack, input.category) },
        ...feedbackDue(ctx, pack, x, uow.now),
      }),
      'classified on receipt',
    );
  }
  return c;
}

/** `engine.moveComplaint`. */
export async function moveComplaint(
  uow: UnitOfWork,
  ctx: EngineContext,
  input: z.output<typeof moveComplaintInputSchema>,
): Promise<Complaint> {
  const c = await uow.load('complaint', input.dealerId, input.complaintId);
  checkVersion('complaint', c, input.expectedVersion);
  const by = actorRef(input.actor);
  const cal = ctx.calendarFor(c.dealerId);
  const pack = packOf(ctx, uow, 'complaint', c);
  const rules = pack.pack.complaints;
  let guardInput: ComplaintInput = {};
  let change = (x: Complaint): Complaint => x;
  switch (input.command) {
    case 'classify':
      change = (x) => ({
        ...x,
        category: input.category,
        ...(input.nature !== undefined ? { nature: input.nature } : {}),
        owner: { role: routeComplaint(pack, input.category) },
        ...feedbackDue(ctx, pack, x, uow.now),
      });
      break;
    case 'giveFeedback':
      change = (x) => ({ ...x, feedback: { text: input.feedback, at: uow.at, by } });
      break;
    case 'proposeSolution':
      change = (x) => ({ ...x, solution: { text: input.solution, at: uow.at, by } });
      break;
    case 'recordCustomerDecision':
      guardInput = { accepted: input.accepted };
      change = (x) => ({ ...x, customerAccepted: input.accepted });
      break;
    case 'resolve':
      change = (x) => ({
        ...x,
        resolution: { text: input.resolution, at: uow.at, by },
        // The result told to customer service is the feedback, when none came before [003].
        ...(x.feedback === undefined
          ? { feedback: { text: input.resolution, at: uow.at, by } }
          : {}),
        satisfactionCheckDueAt: toInstant(
          resolveDeadline(rules.satisfactionCheckWithin, uow.now, cal),
        ),
      });
      break;
    case 'recordSatisfaction':
      guardInput = { satisfied: input.satisfied };
      change = (x) => ({
        ...x,
        satisfied: input.satisfied,
        ...(input.satisfied ? {} : reopenSla(ctx, pack, x, uow.now)),
      });
      break;
    case 'reopen':
      change = (x) => ({ ...x, ...reopenSla(ctx, pack, x, uow.now) });
      break;
    default:
      break;
  }
  const saved = await move(
    uow,
    ctx,
    c,
    input.command,
    guardInput,
    input.actor,
    change,
    input.reason,
  );
  if (
    (input.command === 'giveFeedback' || input.command === 'resolve') &&
    c.feedback === undefined
  ) {
    uow.emit(
      'complaint.feedback-given',
      saved.dealerId,
      { kind: 'complaint', id: saved.id },
      {
        ownerRole: saved.owner.role,
        dueAt: saved.feedbackDueAt ?? null,
        late: saved.feedbackDueAt !== undefined && uow.now > toEpoch(saved.feedbackDueAt),
      },
    );
  }
  if (input.command === 'resolve') {
    const customer = await uow.find('customer', saved.dealerId, saved.customerId);
    await scheduleFromRules(
      uow,
      ctx,
      'complaint.resolved',
      saved.dealerId,
      uow.now,
      {
        event: { type: 'complaint.resolved', category: saved.category ?? null, tier: saved.tier },
        ...(customer ? { customer } : {}),
      },
      {
        customerId: saved.customerId,
        complaintId: saved.id,
        ...(saved.vehicleId ? { vehicleId: saved.vehicleId } : {}),
      },
    );
  }
  return saved;
}

/** A reopened complaint gets a fresh resolution deadline and its ladder back. */
function reopenSla(
  ctx: EngineContext,
  pack: CompiledRulePack,
  c: Complaint,
  now: number,
): Partial<Complaint> {
  const cal = ctx.calendarFor(c.dealerId);
  const dueAt = resolveDeadline(pack.pack.complaints.resolveWithin, now, cal);
  return {
    reopenCount: c.reopenCount + 1,
    sla: {
      startedAt: toInstant(now),
      dueAt: toInstant(dueAt),
      pausedWorkingMinutes: 0,
      firedSteps: [],
    },
  };
}

/**
 * The resolution deadline of an open complaint under the current rule pack and calendar:
 * `resolveWithin` from the clock's start, moved by the working time spent paused. Because
 * `add(add(t, a), b) = add(t, a + b)`, this equals the deadline the item would have had, had the
 * rules been in force from the start — the same inputs always give the same instant.
 */
export function recomputedDueAt(ctx: EngineContext, pack: CompiledRulePack, c: Complaint): number {
  const cal = ctx.calendarFor(c.dealerId);
  // Records from before `startedAt` existed: a reopened one restarted its clock when reopened.
  const reopened = c.history.findLast((h) => h.to === 'reopened')?.at;
  const start = toEpoch(c.sla.startedAt ?? reopened ?? c.createdAt);
  const base = resolveDeadline(pack.pack.complaints.resolveWithin, start, cal);
  const paused = c.sla.pausedWorkingMinutes;
  return paused > 0 ? cal.addWorkingTime(base, paused) : base;
}

/**
 * Recomputes one open complaint's deadline and ladder after a rule-pack or calendar change: a
 * moved deadline, or a changed ladder (steps added, removed or moved) under the same deadline.
 * Steps already fired stay fired. Returns whether anything changed (nothing is written if not).
 */
export async function recomputeComplaint(
  uow: UnitOfWork,
  ctx: EngineContext,
  c: Complaint,
  rule: string,
): Promise<boolean> {
  if (!OPEN_COMPLAINT_STATES.includes(c.state)) return false;
  if (c.state === 'resolved' || c.state === 'satisfactionCheck') return false;
  const pack = packOf(ctx, uow, 'complaint', c);
  const dueAt = toInstant(recomputedDueAt(ctx, pack, c));
  const ref = { kind: 'complaint' as const, id: c.id };
  const next: Complaint = { ...c, sla: { ...c.sla, dueAt } };
  const timers = complaintTimers(ctx, pack, next);
  const flag = await provisionalFlag(uow, ctx, c.dealerId, [
    toEpoch(c.sla.startedAt ?? c.createdAt),
    toEpoch(dueAt),
    ...timers.map((t) => t.dueAt),
  ]);
  const changed =
    dueAt !== c.sla.dueAt || (flag.provisional === true) !== (c.sla.provisional === true);
  if (!changed && !(await uow.timersDiffer(c.dealerId, ref, timers))) return false;
  const entry = uow.fact({
    actor: actorRef(SYSTEM_ACTOR),
    command: 'recompute',
    from: c.state,
    to: c.state,
    rule,
  });
  const saved = await saveWithTimers(uow, ctx, { ...next, history: [...c.history, entry] });
  uow.emit('complaint.deadline-recomputed', c.dealerId, ref, {
    previousDueAt: c.sla.dueAt,
    dueAt,
    provisional: saved.sla.provisional === true,
  });
  return true;
}

/** `engine.escalateComplaint`: one tier up, by a person or by the ladder. */
export async function escalateComplaint(
  uow: UnitOfWork,
  ctx: EngineContext,
  input: z.output<typeof escalateComplaintInputSchema>,
  rule?: string,
  toTier?: number,
): Promise<Complaint> {
  const c = await uow.load('complaint', input.dealerId, input.complaintId);
  checkVersion('complaint', c, input.expectedVersion);
  return move(
    uow,
    ctx,
    c,
    'escalate',
    {},
    input.actor,
    (x) => ({
      ...x,
      tier: Math.min(3, Math.max(x.tier + 1, toTier ?? 0)),
      escalations: x.escalations + 1,
    }),
    input.reason,
    rule,
  );
}

/** Fires a complaint timer (the caller checked the state). */
export async function fireComplaintTimer(
  uow: UnitOfWork,
  ctx: EngineContext,
  c: Complaint,
  timer: TimerRecord,
): Promise<void> {
  const ref = { kind: 'complaint' as const, id: c.id };
  const rule = `timer:${timer.name}`;
  if (timer.name === 'complaint.feedback-due') {
    const entry = uow.fact({
      actor: actorRef(SYSTEM_ACTOR),
      command: 'breach',
      from: c.state,
      to: c.state,
      rule,
    });
    await uow.save('complaint', {
      ...c,
      history: [...c.history, entry],
      firedTimers: withFired(c.firedTimers, timer),
    });
    uow.emit('complaint.feedback-overdue', c.dealerId, ref, {
      ownerRole: c.owner.role,
      dueAt: c.feedbackDueAt ?? toInstant(timer.dueAt),
      notify: packOf(ctx, uow, 'complaint', c).pack.complaints.tiers['1'],
    });
    return;
  }
  if (timer.name === 'complaint.satisfaction-check-due') {
    const entry = uow.fact({
      actor: actorRef(SYSTEM_ACTOR),
      command: 'breach',
      from: c.state,
      to: c.state,
      rule,
    });
    await uow.save('complaint', {
      ...c,
      history: [...c.history, entry],
      firedTimers: withFired(c.firedTimers, timer),
    });
    uow.emit('complaint.satisfaction-check-due', c.dealerId, ref, { ownerRole: c.owner.role });
    return;
  }
  const stepId = String(timer.payload.stepId);
  const action = timer.payload.action as {
    kind: string;
    tier?: number;
    roles?: string[];
    role?: string;
  };
  const marked: Complaint = { ...c, sla: { ...c.sla, firedSteps: [...c.sla.firedSteps, stepId] } };
  if (action.kind === 'escalate') {
    if (c.tier >= (action.tier ?? 0)) {
      await uow.save('complaint', marked); // already there: record the step as done, nothing else
      return;
    }
    await uow.save('complaint', marked);
    await escalateComplaint(
      uow,
      ctx,
      {
        dealerId: c.dealerId,
        complaintId: c.id,
        actor: SYSTEM_ACTOR,
        reason: `ladder step ${stepId}`,
      },
      rule,
      action.tier,
    );
    return;
  }
  const command =
    action.kind === 'warn' ? 'warn' : action.kind === 'reassign' ? 'reassign' : 'notify';
  const entry = uow.fact({
    actor: actorRef(SYSTEM_ACTOR),
    command,
    from: c.state,
    to: c.state,
    rule,
  });
  const next: Complaint = {
    ...marked,
    history: [...marked.history, entry],
    ...(action.kind === 'reassign' && action.role ? { owner: { role: action.role } } : {}),
  };
  const savedNext = await uow.save('complaint', next);
  if (action.kind === 'reassign' && action.role) await autoAssign(uow, ctx, 'complaint', savedNext);
  const type: EngineEventType =
    action.kind === 'warn'
      ? 'complaint.due-soon'
      : action.kind === 'reassign'
        ? 'complaint.reassigned'
        : 'complaint.notify';
  uow.emit(type, c.dealerId, ref, {
    stepId,
    dueAt: c.sla.dueAt,
    tier: c.tier,
    ...(action.roles ? { roles: action.roles } : {}),
    ...(action.role ? { role: action.role } : {}),
  });
}
