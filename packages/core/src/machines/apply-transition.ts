import type { Actor } from '../model/actor';
import { actorRef } from '../model/actor';
import type { HistoryEntry } from '../model/history';
import type { Instant } from '../model/primitives';
import { type Decision, decide } from './decide';
import type { MachineDefinition, PermissionTable } from './machine-definition';

/** Context of one transition: who, when, why. */
export interface TransitionContext {
  readonly actor: Actor;
  readonly at: Instant;
  readonly reason?: string;
  /** The rule or timer behind the transition, recorded in history. */
  readonly rule?: string;
  readonly permissions?: PermissionTable;
}

/** An aggregate a machine can move: it has a state and an append-only history. */
export interface MachineAggregate<S extends string> {
  readonly state: S;
  readonly history: readonly HistoryEntry[];
}

/**
 * Decides `command` and returns the moved aggregate (new object; the input is untouched) with
 * one history entry appended. Throws like {@link decide} and then changes nothing.
 */
export function applyTransition<
  S extends string,
  C extends string,
  A extends MachineAggregate<S>,
  I,
  G extends string,
  E extends string,
>(
  machine: MachineDefinition<S, C, A, I, G, E>,
  aggregate: A,
  command: C,
  input: I,
  ctx: TransitionContext,
): { readonly next: A; readonly decision: Decision<S, C, G, E> } {
  const decision = decide(machine, aggregate, command, input, ctx.actor, ctx.permissions);
  const entry: HistoryEntry = {
    at: ctx.at,
    actor: actorRef(ctx.actor),
    command,
    from: decision.from,
    to: decision.to,
    ...(ctx.reason !== undefined ? { reason: ctx.reason } : {}),
    ...(ctx.rule !== undefined ? { rule: ctx.rule } : {}),
  };
  const next = { ...aggregate, state: decision.to, history: [...aggregate.history, entry] };
  return { next, decision };
}
