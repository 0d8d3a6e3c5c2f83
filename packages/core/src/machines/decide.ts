import { PermissionDeniedError, RealNameRequiredError, TransitionNotAllowedError } from '../errors';
import type { Actor } from '../model/actor';
import type { MachineDefinition, PermissionTable, TransitionRow } from './machine-definition';

/** The outcome of a command accepted by a machine. */
export interface Decision<S extends string, C extends string> {
  readonly from: S;
  readonly to: S;
  readonly row: TransitionRow<S, C>;
  readonly effects: readonly string[];
}

/** The roles allowed to issue `command` on `machine`, after configuration overrides. */
export function allowedRoles<S extends string, C extends string, A, I>(
  machine: MachineDefinition<S, C, A, I>,
  row: TransitionRow<S, C>,
  permissions?: PermissionTable,
): readonly string[] {
  return permissions?.[machine.id]?.[row.command] ?? row.roles;
}

/**
 * Decides a command against a machine table. Pure: throws `TRANSITION_NOT_ALLOWED` when no
 * row accepts it, `REAL_NAME_REQUIRED` when the system tries a person's transition, and
 * `PERMISSION_DENIED` when the person holds none of the allowed roles.
 */
export function decide<S extends string, C extends string, A extends { state: S }, I>(
  machine: MachineDefinition<S, C, A, I>,
  aggregate: A,
  command: C,
  input: I,
  actor: Actor,
  permissions?: PermissionTable,
): Decision<S, C> {
  const state = aggregate.state;
  let known = false;
  let guardFailed: string | undefined;
  for (const row of machine.transitions) {
    if (row.command !== command) continue;
    known = true;
    if (!row.from.includes(state)) continue;
    if (row.guard !== undefined) {
      const guard = machine.guards[row.guard];
      if (guard === undefined || !guard(aggregate, input)) {
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
export function commandsFrom<S extends string, C extends string, A, I>(
  machine: MachineDefinition<S, C, A, I>,
  state: S,
): C[] {
  const out: C[] = [];
  for (const row of machine.transitions) {
    if (row.from.includes(state) && !out.includes(row.command)) out.push(row.command);
  }
  return out;
}
