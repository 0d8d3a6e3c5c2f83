import { z } from 'zod';
import { actorRef, actorSchema, SYSTEM_ACTOR } from '../model/actor';
import { idSchema, instantInputSchema, toEpoch } from '../model/primitives';
import { OPEN_ITEM_POLICIES, type OpenItemPolicy, type RulesVersion } from '../model/rules-version';
import { type CompiledRulePack, compileRulePack } from '../rules/compile-rule-pack';
import type { TimerRecord } from '../storage/storage-port';
import { ASSIGNABLE_KINDS, type AssignableKind, OPEN_STATES } from './assignment';
import { recomputeComplaint } from './complaint-flow';
import { type EngineContext, makeTimer } from './engine-context';
import { recomputeOpinionCase } from './opinion-flow';
import { decodeRecord } from './record-codec';
import type { UnitOfWork } from './unit-of-work';
import { recomputeVisit } from './visit-flow';

const policy = z.enum(OPEN_ITEM_POLICIES);

/** Input of `engine.scheduleRules`. */
export const scheduleRulesInputSchema = z.strictObject({
  dealerId: idSchema,
  /** The new pack (JSON or compiled); validated now, so a bad pack is refused at once. */
  pack: z.unknown(),
  /** When it takes effect (a past or present instant: at the next `tick`). */
  effectiveFrom: instantInputSchema,
  /**
   * What happens to the open items of each kind when it takes effect: `pinned` — they keep the
   * timings of the version they were made under; `recompute` (default) — windows, deadlines and
   * ladders are recomputed under the new pack, as `recomputeDeadlines` does.
   */
  openItems: z
    .strictObject({ visit: policy, complaint: policy, opinionCase: policy })
    .partial()
    .default({}),
  actor: actorSchema,
  reason: z.string().max(2000).optional(),
});
/** Input of `engine.scheduleRules`. */
export type ScheduleRulesInput = z.input<typeof scheduleRulesInputSchema>;

/** Input of `engine.listRulesVersions`. */
export const rulesVersionQuerySchema = z.strictObject({ dealerId: idSchema });
/** Input of `engine.listRulesVersions`. */
export type RulesVersionQuery = z.input<typeof rulesVersionQuerySchema>;

/** Items of each kind a switch looks at per transaction. */
const PAGE = 256;

type Counts = { examined: number; changed: number; pinned: number };

/** Stores a pack version and the durable timer that switches to it at `effectiveFrom`. */
export async function scheduleRules(
  uow: UnitOfWork,
  input: z.output<typeof scheduleRulesInputSchema>,
): Promise<RulesVersion> {
  const p = input.pack;
  const compiled =
    typeof p === 'object' && p !== null && 'matchVisitRules' in p && 'pack' in p
      ? (p as CompiledRulePack)
      : compileRulePack(p);
  const id = `${input.effectiveFrom}:${compiled.hash}`;
  const openItems = {
    visit: input.openItems.visit ?? 'recompute',
    complaint: input.openItems.complaint ?? 'recompute',
    opinionCase: input.openItems.opinionCase ?? 'recompute',
  } satisfies Record<AssignableKind, OpenItemPolicy>;
  await uow.touch(input.dealerId);
  const known = await uow.find('rulesVersion', input.dealerId, id);
  const version: RulesVersion = {
    id,
    dealerId: input.dealerId,
    hash: compiled.hash,
    packId: compiled.pack.id,
    packVersion: compiled.pack.version,
    pack: compiled.pack as unknown as Record<string, unknown>,
    effectiveFrom: input.effectiveFrom,
    openItems,
    state: 'scheduled',
    scheduledBy: actorRef(input.actor),
    version: known?.version ?? 0,
    history: [
      ...(known?.history ?? []),
      uow.fact({
        actor: actorRef(input.actor),
        command: 'schedule',
        from: known?.state ?? null,
        to: 'scheduled',
        ...(input.reason !== undefined ? { reason: input.reason } : {}),
      }),
    ],
    createdAt: known?.createdAt ?? uow.at,
    updatedAt: uow.at,
  };
  const saved = await uow.save('rulesVersion', version);
  const ref = { kind: 'rulesVersion' as const, id };
  await uow.replaceTimers(input.dealerId, ref, [
    makeTimer(input.dealerId, ref, 'rules.switch', toEpoch(input.effectiveFrom), ['scheduled']),
  ]);
  uow.emit('rules.scheduled', input.dealerId, ref, {
    packId: saved.packId,
    packVersion: saved.packVersion,
    hash: saved.hash,
    effectiveFrom: saved.effectiveFrom,
    openItems,
  });
  return saved;
}

/** The timer that works through one kind's open items, a page at a time. */
function recomputeTimer(
  v: RulesVersion,
  at: number,
  kind: AssignableKind,
  afterId: string | null,
  counts: Record<AssignableKind, Counts>,
): TimerRecord {
  return makeTimer(
    v.dealerId,
    { kind: 'rulesVersion', id: v.id },
    'rules.recompute',
    at,
    ['switching'],
    { kind, afterId, counts: counts as unknown as { [k: string]: { [k: string]: number } } },
  );
}

const zero = (): Record<AssignableKind, Counts> => ({
  visit: { examined: 0, changed: 0, pinned: 0 },
  complaint: { examined: 0, changed: 0, pinned: 0 },
  opinionCase: { examined: 0, changed: 0, pinned: 0 },
});

/**
 * A version's time came (timer `rules.switch`): it is in force from now on for everything new.
 * The version in force before it is recorded (pinned items keep it) and superseded, and the
 * open items are worked through by `rules.recompute` timers, a page per transaction.
 */
export async function switchRules(
  uow: UnitOfWork,
  ctx: EngineContext,
  v: RulesVersion,
): Promise<void> {
  await ctx.rules.refresh(uow, v.dealerId);
  const before = ctx.rules.current(v.dealerId, toEpoch(v.effectiveFrom) - 1);
  for (const row of await uow.query({
    dealerId: v.dealerId,
    kind: 'rulesVersion',
    status: 'active',
    limit: 10_000,
  })) {
    const old = await uow.load('rulesVersion', v.dealerId, row.id);
    if (old.id === v.id) continue;
    await uow.save('rulesVersion', {
      ...old,
      state: 'superseded',
      history: [...old.history, fact(uow, 'supersede', old.state, 'superseded', v.id)],
    });
  }
  const switching = await uow.save('rulesVersion', {
    ...v,
    state: 'switching',
    previous: { hash: before.hash, pack: before.pack as unknown as Record<string, unknown> },
    history: [...v.history, fact(uow, 'switch', v.state, 'switching', `replaces ${before.hash}`)],
  });
  uow.afterCommit(() => ctx.rules.invalidate(v.dealerId));
  uow.putTimers([recomputeTimer(switching, uow.now, 'visit', null, zero())]);
}

function fact(uow: UnitOfWork, command: string, from: string, to: string, reason: string) {
  return uow.fact({ actor: actorRef(SYSTEM_ACTOR), command, from, to, reason });
}

/**
 * One page of a switch's open items (timer `rules.recompute`): items of a `recompute` kind take
 * the new version and are recomputed under it; items of a `pinned` kind keep (or, made before
 * versions were recorded, are given) the previous version. The last page marks the version
 * active and announces `rules.switched` with the counts.
 */
export async function recomputeForSwitch(
  uow: UnitOfWork,
  ctx: EngineContext,
  v: RulesVersion,
  timer: TimerRecord,
): Promise<void> {
  const p = timer.payload as unknown as {
    kind: AssignableKind;
    afterId: string | null;
    counts: Record<AssignableKind, Counts>;
  };
  await ctx.rules.refresh(uow, v.dealerId);
  const counts = structuredClone(p.counts);
  const kind = p.kind;
  const reason = `rules:${v.packId}@${v.packVersion}`;
  const rows = await uow.query({
    dealerId: v.dealerId,
    kind,
    status: [...OPEN_STATES[kind]],
    limit: PAGE,
    ...(p.afterId !== null ? { afterId: p.afterId } : {}),
  });
  for (const row of rows) {
    counts[kind].examined++;
    const item = decodeRecord(kind, row, { verify: uow.verifyReads });
    if (v.openItems[kind] === 'pinned') {
      counts[kind].pinned++;
      if (item.rulesVersion === undefined && v.previous !== undefined) {
        await uow.save(kind, { ...item, rulesVersion: v.previous.hash } as never);
      }
      continue;
    }
    const moved = { ...item, rulesVersion: v.hash };
    const saved = item.rulesVersion === v.hash ? item : await uow.save(kind, moved as never);
    const changed =
      kind === 'visit'
        ? await recomputeVisit(uow, ctx, saved as never, reason)
        : kind === 'complaint'
          ? await recomputeComplaint(uow, ctx, saved as never, reason)
          : await recomputeOpinionCase(uow, ctx, saved as never, reason);
    if (changed) counts[kind].changed++;
  }
  if (rows.length === PAGE) {
    uow.putTimers([recomputeTimer(v, uow.now, kind, rows.at(-1)!.id, counts)]);
    return;
  }
  const next = ASSIGNABLE_KINDS[ASSIGNABLE_KINDS.indexOf(kind) + 1];
  if (next !== undefined) {
    uow.putTimers([recomputeTimer(v, uow.now, next, null, counts)]);
    return;
  }
  const active = await uow.save('rulesVersion', {
    ...v,
    state: 'active',
    history: [...v.history, fact(uow, 'activate', 'switching', 'active', 'open items done')],
  });
  uow.afterCommit(() => ctx.rules.invalidate(v.dealerId));
  uow.emit(
    'rules.switched',
    v.dealerId,
    { kind: 'rulesVersion', id: v.id },
    {
      packId: active.packId,
      packVersion: active.packVersion,
      hash: active.hash,
      previousHash: active.previous?.hash ?? null,
      effectiveFrom: active.effectiveFrom,
      visits: counts.visit,
      complaints: counts.complaint,
      opinionCases: counts.opinionCase,
    },
  );
}
