import {
  PermissionDeniedError,
  RealNameRequiredError,
  TransitionNotAllowedError,
  ValidationError,
} from '../errors';
import type { Actor } from '../model/actor';
import type {
  Guard,
  MachineDefinition,
  PermissionTable,
  TransitionRow,
} from './machine-definition';
import type { setupMachine } from './machine-setup';

/**
 * The outcome of a command accepted by a machine. `effects` are typed by the machine's effect
 * names, so the engine's `effects.includes('…')` does not compile for a name the machine lacks.
 */
export interface Decision<
  S extends string,
  C extends string,
  G extends string = string,
  E extends string = string,
> {
  readonly from: S;
  readonly to: S;
  readonly row: TransitionRow<S, C, G, E>;
  readonly effects: readonly E[];
}

/** The roles allowed to issue `command` on `machine`, after configuration overrides. */
export function allowedRoles<
  S extends string,
  C extends string,
  A,
  I,
  G extends string,
  E extends string,
>(
  machine: MachineDefinition<S, C, A, I, G, E>,
  row: TransitionRow<S, C, G, E>,
  permissions?: PermissionTable,
): readonly string[] {
  return permissions?.[machine.id]?.[row.command] ?? row.roles;
}

/**
 * Decides a command against a machine table. Pure: throws `TRANSITION_NOT_ALLOWED` when no
 * row accepts it, `REAL_NAME_REQUIRED` when the system tries a person's transition, and
 * `PERMISSION_DENIED` when the person holds none of the allowed roles. A row naming a guard the
 * machine lacks (possible only in a definition not built by {@link setupMachine}) throws
 * `VALIDATION_FAILED` with the row's path: a misspelled guard never silently fails a transition.
 */
export function decide<
  S extends string,
  C extends string,
  A extends { state: S },
  I,
  G extends string,
  E extends string,
>(
  machine: MachineDefinition<S, C, A, I, G, E>,
  aggregate: A,
  command: C,
  input: I,
  actor: Actor,
  permissions?: PermissionTable,
): Decision<S, C, G, E> {
  const state = aggregate.state;
  let known = false;
  let guardFailed: string | undefined;
  for (const [index, row] of machine.transitions.entries()) {
    if (row.command !== command) continue;
    known = true;
    if (!row.from.includes(state)) continue;
    if (row.guard !== undefined) {
      const guard: Guard<A, I> | undefined = Object.hasOwn(machine.guards, row.guard)
        ? machine.guards[row.guard]
        : undefined;
      if (guard === undefined) {
        throw new ValidationError(`machine "${machine.id}"`, [
          {
            path: ['transitions', index, 'guard'],
            code: 'unknown_guard',
            message: `guard "${row.guard}" is not declared`,
          },
        ]);
      }
      if (!guard(aggregate, input)) {
        guardFailed = row.guard;
        continue;
      }
    }
    if (actor.kind === 'system') {
      if (row.actor === 'person') throw new RealNameRequiredError(machine.id, command);
    } else {
      const configured = allowedRoles(machine, row, permissions);
      const own = row.itemRole === true ? (machine.itemRoles?.(aggregate as never) ?? []) : [];
      const roles =
        own.length > 0
          ? [...configured, ...own.filter((r) => !configured.includes(r))]
          : configured;
      if (!actor.roles.some((r) => roles.includes(r))) {
        throw new PermissionDeniedError(machine.id, command, actor.id, roles);
      }
    }
    return { from: state, to: row.to ?? state, row, effects: row.effects ?? [] };
  }
  throw new TransitionNotAllowedError(
    machine.id,
    state,
    command,
    known ? (guardFailed ? `guard "${guardFailed}" failed` : undefined) : 'unknown command',
  );
}

/** Commands that some row accepts from `state` (guards not evaluated): for UIs and docs. */
export function commandsFrom<
  S extends string,
  C extends string,
  A,
  I,
  G extends string,
  E extends string,
>(machine: MachineDefinition<S, C, A, I, G, E>, state: S): C[] {
  const out: C[] = [];
  for (const row of machine.transitions) {
    if (row.from.includes(state) && !out.includes(row.command)) out.push(row.command);
  }
  return out;
}
