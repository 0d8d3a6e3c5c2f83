import { z } from 'zod';
import { idSchema, roleIdSchema } from './primitives';
import { strictInput } from './strict-input';

/**
 * Who makes a change. A `person` acts under their own account (real-name rule, 实名制);
 * the `system` actor is the engine itself (timers, ingest) and is refused where a person
 * must act. Unknown keys are refused, as in every input.
 */
export const actorSchema = z.discriminatedUnion('kind', [
  strictInput({
    kind: z.literal('person'),
    id: idSchema,
    name: z.string().max(100).optional(),
    roles: z.array(roleIdSchema).max(32).readonly(),
  }),
  strictInput({ kind: z.literal('system'), id: z.literal('system') }),
]);
/** A person or the system. */
export type Actor = z.infer<typeof actorSchema>;

/** The system actor, used by ingest and timers. */
export const SYSTEM_ACTOR: Actor = Object.freeze({ kind: 'system', id: 'system' }) as Actor;

/** A short reference to an actor, as kept in history. */
export const actorRefSchema = z.object({
  kind: z.enum(['person', 'system']),
  id: idSchema,
});
/** A short reference to an actor. */
export type ActorRef = z.infer<typeof actorRefSchema>;

/** Reduces an actor to the reference kept in history. */
export function actorRef(actor: Actor): ActorRef {
  return { kind: actor.kind, id: actor.id };
}
