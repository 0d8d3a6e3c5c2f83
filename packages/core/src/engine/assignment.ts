import { z } from 'zod';
import { NotFoundError, ValidationError } from '../errors';
import { applyTransition } from '../machines/apply-transition';
import { complaintMachine, OPEN_COMPLAINT_STATES } from '../machines/complaint-machine';
import type { MachineDefinition } from '../machines/machine-definition';
import { opinionCaseMachine } from '../machines/opinion-case-machine';
import { visitMachine } from '../machines/visit-machine';
import { type Actor, actorSchema, SYSTEM_ACTOR } from '../model/actor';
import type { Complaint } from '../model/complaint';
import type { OpinionCase } from '../model/opinion-case';
import { idSchema, roleIdSchema } from '../model/primitives';
import type { StaffMember } from '../model/staff-member';
import type { Visit } from '../model/visit';
import type { AssignmentRule, AssignmentStrategy } from '../rules/rule-pack-schema';
import { checkVersion } from './check-version';
import { type EngineContext, packFor, packOf } from './engine-context';
import { decodeRecord } from './record-codec';
import type { UnitOfWork } from './unit-of-work';

/** The kinds of item a person can be given (派单). */
export const ASSIGNABLE_KINDS = ['visit', 'complaint', 'opinionCase'] as const;
/** A kind of item a person can be given. */
export type AssignableKind = (typeof ASSIGNABLE_KINDS)[number];

type Item = Visit | Complaint | OpinionCase;

/** States in which an item still waits for someone's work. */
export const OPEN_STATES: { readonly [K in AssignableKind]: readonly string[] } = {
  visit: ['scheduled', 'open', 'attempting', 'blocked', 'doNotVisit'],
  complaint: OPEN_COMPLAINT_STATES,
  opinionCase: ['recorded', 'formSent', 'handled', 'notReturnedInTime', 'returned', 'followedUp'],
};

/** A person work can be given to: id (their `actor.id`), real name and roles. */
export const assigneeSchema = z.strictObject({
  id: idSchema,
  name: z.string().trim().min(1).max(100),
  roles: z.array(roleIdSchema).min(1).max(32),
});
/** A person work can be given to. */
export type Assignee = z.infer<typeof assigneeSchema>;

const itemRefSchema = z.strictObject({ kind: z.enum(ASSIGNABLE_KINDS), id: idSchema });

/** Input of `engine.assign`. */
export const assignInputSchema = z.strictObject({
  dealerId: idSchema,
  item: itemRefSchema,
  /** The person, or the id of a staff member the engine knows (`engine.putStaffMember`). */
  assignee: z.union([idSchema, assigneeSchema]),
  actor: actorSchema,
  expectedVersion: z.number().int().positive().optional(),
  reason: z.string().max(2000).optional(),
});
/** Input of `engine.assign`. */
export type AssignInput = z.input<typeof assignInputSchema>;

/** Input of `engine.claim`: the actor takes the item (they must hold its role). */
export const claimInputSchema = z.strictObject({
  dealerId: idSchema,
  item: itemRefSchema,
  actor: actorSchema,
  expectedVersion: z.number().int().positive().optional(),
  reason: z.string().max(2000).optional(),
});
/** Input of `engine.claim`. */
export type ClaimInput = z.input<typeof claimInputSchema>;

/** How an item came to its person, in history and in the `*.assigned` events. */
export type AssignedHow = 'manual' | 'claim' | 'reassign' | 'unassign' | AssignmentStrategy;

const MACHINE: { readonly [K in AssignableKind]: MachineDefinition<string, string, Item, object> } =
  {
    visit: visitMachine as unknown as MachineDefinition<string, string, Item, object>,
    complaint: complaintMachine as unknown as MachineDefinition<string, string, Item, object>,
    opinionCase: opinionCaseMachine as unknown as MachineDefinition<string, string, Item, object>,
  };

const EVENT = {
  visit: 'visit.assigned',
  complaint: 'complaint.assigned',
  opinionCase: 'opinion.assigned',
} as const;

/** The role an item needs. */
export function itemRole(kind: AssignableKind, item: Item): string {
  if (kind === 'visit') return (item as Visit).assignee.role;
  if (kind === 'complaint') return (item as Complaint).owner.role;
  return (item as OpinionCase).responsibleRole;
}

/** The person an item is with, if any. */
export function itemAssignee(
  kind: AssignableKind,
  item: Item,
): { actorId?: string | undefined; name?: string | undefined } {
  if (kind === 'visit') return (item as Visit).assignee;
  if (kind === 'complaint') return (item as Complaint).owner;
  return (item as OpinionCase).assignee ?? {};
}

function withPerson(kind: AssignableKind, item: Item, person: Assignee | null): Item {
  const who = person === null ? {} : { actorId: person.id, name: person.name };
  if (kind === 'visit') {
    const v = item as Visit;
    return { ...v, assignee: { role: v.assignee.role, ...who } };
  }
  if (kind === 'complaint') {
    const c = item as Complaint;
    return { ...c, owner: { role: c.owner.role, ...who } };
  }
  const { assignee: _was, ...o } = item as OpinionCase;
  return person === null ? o : { ...o, assignee: who };
}

/**
 * Gives an item to a person (or, with `null`, back to its role), on its history (command
 * `assign`, or `claim`) and announced as `visit.assigned` / `complaint.assigned` /
 * `opinion.assigned`. The person must hold the item's role.
 */
export async function assignItem(
  uow: UnitOfWork,
  ctx: EngineContext,
  kind: AssignableKind,
  item: Item,
  person: Assignee | null,
  actor: Actor,
  how: AssignedHow,
  reason?: string,
): Promise<Item> {
  const role = itemRole(kind, item);
  if (person !== null && !person.roles.includes(role)) {
    throw new ValidationError('assignee', [
      {
        path: ['assignee', 'roles'],
        message: `${person.name} (${person.id}) does not hold the role "${role}" this ${kind} needs`,
        code: 'role_missing',
      },
    ]);
  }
  const previous = itemAssignee(kind, item).actorId ?? null;
  const said =
    reason ??
    (person === null
      ? 'back to its role'
      : `${how === 'claim' ? 'taken by' : 'to'} ${person.name}`);
  const { next } = applyTransition(
    MACHINE[kind],
    item,
    how === 'claim' ? 'claim' : 'assign',
    {},
    {
      actor,
      at: uow.at,
      permissions: packOf(ctx, uow, kind, item).pack.permissions,
      reason: said,
      ...(how !== 'manual' && how !== 'claim' ? { rule: `assignment:${how}` } : {}),
    },
  );
  const saved = await uow.save(kind, withPerson(kind, next, person) as never);
  uow.emit(
    EVENT[kind],
    saved.dealerId,
    { kind, id: saved.id },
    {
      role,
      assigneeId: person?.id ?? null,
      assigneeName: person?.name ?? null,
      previousAssigneeId: previous,
      how,
    },
  );
  return saved as Item;
}

/** The staff on duty who hold `role`, as this transaction first read them. */
async function onDuty(uow: UnitOfWork, dealerId: string, role: string): Promise<StaffMember[]> {
  const rows = await uow.query({ dealerId, kind: 'staffMember', status: 'onDuty', limit: 10_000 });
  return rows
    .map((r) => decodeRecord('staffMember', r, { verify: uow.verifyReads }))
    .filter((m) => m.roles.includes(role));
}

function firstRule(
  ctx: EngineContext,
  uow: UnitOfWork,
  kind: AssignableKind,
  item: Item,
): AssignmentRule | undefined {
  const role = itemRole(kind, item);
  return packFor(ctx, uow, item.dealerId).pack.assignment.find(
    (r) =>
      (r.kinds === undefined || r.kinds.includes(kind)) &&
      (r.roles === undefined || r.roles.includes(role)) &&
      (r.visitTypes === undefined ||
        (kind === 'visit' && r.visitTypes.includes((item as Visit).type))),
  );
}

async function openCount(
  uow: UnitOfWork,
  kind: AssignableKind,
  dealerId: string,
  personId: string,
): Promise<number> {
  // A count, not the rows: an agent's open work can run to thousands of items.
  const counts = await uow.countByStatus({ dealerId, kind, assigneeId: personId });
  let n = 0;
  for (const state of OPEN_STATES[kind]) n += counts[state] ?? 0;
  return n;
}

async function pick(
  uow: UnitOfWork,
  kind: AssignableKind,
  item: Item,
  strategy: AssignmentStrategy,
  candidates: readonly StaffMember[],
): Promise<StaffMember | undefined> {
  if (candidates.length === 0) return undefined;
  const longestWaiting = (list: readonly StaffMember[]) =>
    [...list].sort(
      (a, b) =>
        (a.lastAssignedAt ?? '').localeCompare(b.lastAssignedAt ?? '') ||
        (a.assignedCount ?? 0) - (b.assignedCount ?? 0) ||
        a.id.localeCompare(b.id),
    )[0];
  switch (strategy) {
    case 'roundRobin':
      return longestWaiting(candidates);
    case 'leastOpen': {
      const counts: { c: StaffMember; n: number }[] = [];
      for (const c of candidates)
        counts.push({ c, n: await openCount(uow, kind, item.dealerId, c.id) });
      const least = Math.min(...counts.map((x) => x.n));
      return longestWaiting(counts.filter((x) => x.n === least).map((x) => x.c));
    }
    case 'previousAgent': {
      const customerId =
        kind === 'visit'
          ? (item as Visit).subject.customerId
          : (item as Complaint | OpinionCase).customerId;
      const visits = await uow.query({
        dealerId: item.dealerId,
        kind: 'visit',
        customerId,
        limit: 10_000,
      });
      // Ids grow with time (the engine's default ids): the newest visit first.
      for (const row of [...visits].reverse()) {
        if (row.id === item.id || row.assigneeId === undefined) continue;
        const found = candidates.find((c) => c.id === row.assigneeId);
        if (found !== undefined) return found;
      }
      return undefined;
    }
  }
}

/**
 * Gives an item that waits in its role to a person by the pack's first matching assignment rule
 * (see `assignment` in the rule pack); leaves it as it is when no rule applies or nobody holding
 * its role is on duty. Returns the item as it is now.
 */
export async function autoAssign(
  uow: UnitOfWork,
  ctx: EngineContext,
  kind: AssignableKind,
  item: Item,
): Promise<Item> {
  if (itemAssignee(kind, item).actorId !== undefined) return item;
  const rule = firstRule(ctx, uow, kind, item);
  if (rule === undefined) return item;
  const candidates = await onDuty(uow, item.dealerId, itemRole(kind, item));
  let how: AssignmentStrategy = rule.strategy;
  let chosen = await pick(uow, kind, item, how, candidates);
  if (chosen === undefined && rule.fallback !== undefined) {
    how = rule.fallback;
    chosen = await pick(uow, kind, item, how, candidates);
  }
  if (chosen === undefined) return item;
  const latest = await uow.load('staffMember', chosen.dealerId, chosen.id);
  await uow.save('staffMember', {
    ...latest,
    lastAssignedAt: uow.at,
    assignedCount: (latest.assignedCount ?? 0) + 1,
  });
  return assignItem(uow, ctx, kind, item, chosen, SYSTEM_ACTOR, how, `${how}: to ${chosen.name}`);
}

/** `engine.assign`. */
export async function assignCommand(
  uow: UnitOfWork,
  ctx: EngineContext,
  input: z.output<typeof assignInputSchema>,
): Promise<Item> {
  const item = await uow.load(input.item.kind, input.dealerId, input.item.id);
  checkVersion(input.item.kind, item, input.expectedVersion);
  let person: Assignee;
  if (typeof input.assignee === 'string') {
    const member = await uow.find('staffMember', input.dealerId, input.assignee);
    if (member === undefined) throw new NotFoundError('staffMember', input.assignee);
    person = member;
  } else person = input.assignee;
  const how = itemAssignee(input.item.kind, item).actorId === undefined ? 'manual' : 'reassign';
  return assignItem(uow, ctx, input.item.kind, item, person, input.actor, how, input.reason);
}

/** `engine.claim`: the actor takes an item of a role they hold. */
export async function claimCommand(
  uow: UnitOfWork,
  ctx: EngineContext,
  input: z.output<typeof claimInputSchema>,
): Promise<Item> {
  const item = await uow.load(input.item.kind, input.dealerId, input.item.id);
  checkVersion(input.item.kind, item, input.expectedVersion);
  const a = input.actor;
  if (a.kind !== 'person') {
    return assignItem(uow, ctx, input.item.kind, item, null, a, 'claim', input.reason);
  }
  const name = a.name ?? (await uow.find('staffMember', input.dealerId, a.id))?.name;
  if (name === undefined) {
    throw new ValidationError('claim input', [
      {
        path: ['actor', 'name'],
        message:
          'a claim is made under a real name: give actor.name, or register the person as staff',
        code: 'real_name_required',
      },
    ]);
  }
  return assignItem(
    uow,
    ctx,
    input.item.kind,
    item,
    { id: a.id, name, roles: [...a.roles] },
    a,
    'claim',
    input.reason,
  );
}
