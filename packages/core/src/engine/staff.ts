import { z } from 'zod';
import { actorRef, actorSchema } from '../model/actor';
import { idSchema, roleIdSchema } from '../model/primitives';
import { STAFF_STATES, type StaffMember } from '../model/staff-member';
import {
  ASSIGNABLE_KINDS,
  type AssignableKind,
  type Assignee,
  assigneeSchema,
  assignItem,
  autoAssign,
  OPEN_STATES,
} from './assignment';
import type { EngineContext } from './engine-context';
import type { RunUnit } from './recompute';
import { decodeRecord } from './record-codec';
import type { UnitOfWork } from './unit-of-work';

/** Input of `engine.putStaffMember`. */
export const putStaffMemberInputSchema = z.strictObject({
  dealerId: idSchema,
  member: z.strictObject({
    id: idSchema,
    name: z.string().trim().min(1).max(100),
    roles: z.array(roleIdSchema).min(1).max(32),
    /** Default: `onDuty` for a new member, unchanged for a known one. */
    state: z.enum(STAFF_STATES).optional(),
  }),
  actor: actorSchema,
  reason: z.string().max(2000).optional(),
});
/** Input of `engine.putStaffMember`. */
export type PutStaffMemberInput = z.input<typeof putStaffMemberInputSchema>;

/** Input of `engine.listStaff`. */
export const staffQuerySchema = z.strictObject({
  dealerId: idSchema,
  state: z.enum(STAFF_STATES).optional(),
  role: roleIdSchema.optional(),
});
/** Input of `engine.listStaff`. */
export type StaffQuery = z.input<typeof staffQuerySchema>;

/** Input of `engine.reassignOpenWork`. */
export const reassignOpenWorkInputSchema = z.strictObject({
  dealerId: idSchema,
  /** Whose open items move (leave, resignation). */
  fromPersonId: idSchema,
  /**
   * To whom: a person, a staff id, or (absent) each item by the pack's assignment rules among
   * the others on duty — back to its role when that finds nobody.
   */
  to: z.union([idSchema, assigneeSchema]).optional(),
  actor: actorSchema,
  reason: z.string().max(2000).optional(),
});
/** Input of `engine.reassignOpenWork`. */
export type ReassignOpenWorkInput = z.input<typeof reassignOpenWorkInputSchema>;

/** What `engine.reassignOpenWork` did, per kind. */
export type ReassignResult = { readonly [K in AssignableKind]: number } & {
  /** Items that went back to their role because nobody else could take them. */
  readonly backToRole: number;
};

/** Creates or updates a staff member (on history; announced as `staff.updated`). */
export async function putStaffMember(
  uow: UnitOfWork,
  input: z.output<typeof putStaffMemberInputSchema>,
): Promise<StaffMember> {
  const known = await uow.find('staffMember', input.dealerId, input.member.id);
  const state = input.member.state ?? known?.state ?? 'onDuty';
  const entry = uow.fact({
    actor: actorRef(input.actor),
    command: known === undefined ? 'create' : 'update',
    from: known?.state ?? null,
    to: state,
    ...(input.reason !== undefined ? { reason: input.reason } : {}),
  });
  const member: StaffMember = {
    ...(known ?? { version: 0, createdAt: uow.at, history: [] }),
    id: input.member.id,
    dealerId: input.dealerId,
    name: input.member.name,
    roles: [...input.member.roles],
    state,
    history: [...(known?.history ?? []), entry],
    updatedAt: uow.at,
  } as StaffMember;
  const saved = await uow.save('staffMember', member);
  uow.emit(
    'staff.updated',
    saved.dealerId,
    { kind: 'staffMember', id: saved.id },
    {
      name: saved.name,
      roles: saved.roles,
      state: saved.state,
      previousState: known?.state ?? null,
    },
  );
  return saved;
}

/**
 * Moves every open item of one person to someone else (a given person, or by the pack's
 * assignment rules among the others on duty, or back to its role), a page per transaction,
 * each move on the item's history and announced.
 */
export async function reassignOpenWork(
  run: RunUnit,
  ctx: EngineContext,
  input: z.output<typeof reassignOpenWorkInputSchema>,
): Promise<ReassignResult> {
  const counts = { visit: 0, complaint: 0, opinionCase: 0, backToRole: 0 };
  for (const kind of ASSIGNABLE_KINDS) {
    for (;;) {
      const moved = await run(async (uow) => {
        let to: Assignee | undefined;
        if (typeof input.to === 'string') {
          to = await uow.load('staffMember', input.dealerId, input.to);
        } else to = input.to;
        const rows = await uow.query({
          dealerId: input.dealerId,
          kind,
          assigneeId: input.fromPersonId,
          status: [...OPEN_STATES[kind]],
          limit: 100,
        });
        for (const row of rows) {
          const item = decodeRecord(kind, row, { verify: uow.verifyReads });
          const reason = input.reason ?? `open work of ${input.fromPersonId} reassigned`;
          if (to !== undefined) {
            await assignItem(uow, ctx, kind, item, to, input.actor, 'reassign', reason);
            continue;
          }
          // Back to the role first, then the pack's rules among whoever else is on duty.
          const released = await assignItem(
            uow,
            ctx,
            kind,
            item,
            null,
            input.actor,
            'unassign',
            reason,
          );
          const next = await autoAssign(uow, ctx, kind, released);
          if (next === released) counts.backToRole++;
        }
        return rows.length;
      });
      counts[kind] += moved;
      if (moved < 100) break;
    }
  }
  return counts;
}

/** The staff of a dealer (optionally only one state or role), by id. */
export async function listStaff(
  run: RunUnit,
  q: z.output<typeof staffQuerySchema>,
): Promise<StaffMember[]> {
  return run(async (uow) => {
    const rows = await uow.query({
      dealerId: q.dealerId,
      kind: 'staffMember',
      ...(q.state !== undefined ? { status: q.state } : {}),
      limit: 10_000,
    });
    return rows
      .map((r) => decodeRecord('staffMember', r, { verify: uow.verifyReads }))
      .filter((m) => q.role === undefined || m.roles.includes(q.role));
  });
}
