import { z } from 'zod';
import { NotFoundError, TransitionNotAllowedError } from '../errors';
import { actorRef, actorSchema } from '../model/actor';
import type { DeadTimer } from '../model/dead-timer';
import { idSchema, toInstant } from '../model/primitives';
import type { JsonObject } from '../storage/storage-port';
import type { UnitOfWork } from './unit-of-work';

/** Input of `engine.listDeadTimers`. */
export const deadTimerQuerySchema = z.strictObject({
  dealerId: idSchema,
  /** Default `dead`: the ones waiting for a person. */
  status: z.enum(['dead', 'revived', 'discarded']).default('dead'),
  afterId: idSchema.optional(),
  limit: z.number().int().min(0).max(10_000).optional(),
});
/** Input of `engine.listDeadTimers`. */
export type DeadTimerQuery = z.input<typeof deadTimerQuerySchema>;

/** Input of `engine.reviveDeadTimer` and `engine.discardDeadTimer`. */
export const deadTimerCommandSchema = z.strictObject({
  dealerId: idSchema,
  timerId: idSchema,
  actor: actorSchema,
  reason: z.string().max(2000).optional(),
});
/** Input of `engine.reviveDeadTimer` and `engine.discardDeadTimer`. */
export type DeadTimerCommand = z.input<typeof deadTimerCommandSchema>;

async function loadDead(
  uow: UnitOfWork,
  input: z.output<typeof deadTimerCommandSchema>,
  command: string,
): Promise<DeadTimer> {
  const dead = await uow.find('deadTimer', input.dealerId, input.timerId);
  if (dead === undefined) throw new NotFoundError('deadTimer', input.timerId);
  if (dead.state !== 'dead') {
    throw new TransitionNotAllowedError(
      'deadTimer',
      dead.state,
      command,
      'not on the dead-letter list',
    );
  }
  return dead;
}

/**
 * Puts a dead-lettered timer back, due at once (its failure count starts again), once its cause
 * is repaired; the next `tick` fires it.
 */
export async function reviveDeadTimer(
  uow: UnitOfWork,
  input: z.output<typeof deadTimerCommandSchema>,
): Promise<DeadTimer> {
  const dead = await loadDead(uow, input, 'revive');
  const { timer } = dead;
  uow.putTimers([
    {
      id: timer.id,
      dealerId: timer.dealerId,
      subject: timer.subject,
      name: timer.name,
      dueAt: Math.min(timer.dueAt, uow.now),
      payload: timer.payload as JsonObject,
    },
  ]);
  const saved = await uow.save('deadTimer', {
    ...dead,
    state: 'revived',
    history: [
      ...dead.history,
      uow.fact({
        actor: actorRef(input.actor),
        command: 'revive',
        from: 'dead',
        to: 'revived',
        ...(input.reason !== undefined ? { reason: input.reason } : {}),
      }),
    ],
  });
  uow.emit('timer.revived', dead.dealerId, timer.subject, { timerId: timer.id, name: timer.name });
  return saved;
}

/** Takes a timer off the dead-letter list for good: it will not fire. */
export async function discardDeadTimer(
  uow: UnitOfWork,
  input: z.output<typeof deadTimerCommandSchema>,
): Promise<DeadTimer> {
  const dead = await loadDead(uow, input, 'discard');
  const saved = await uow.save('deadTimer', {
    ...dead,
    state: 'discarded',
    history: [
      ...dead.history,
      uow.fact({
        actor: actorRef(input.actor),
        command: 'discard',
        from: 'dead',
        to: 'discarded',
        ...(input.reason !== undefined ? { reason: input.reason } : {}),
      }),
    ],
  });
  uow.emit('timer.discarded', dead.dealerId, dead.timer.subject, {
    timerId: dead.timer.id,
    name: dead.timer.name,
    dueAt: toInstant(dead.timer.dueAt),
  });
  return saved;
}
