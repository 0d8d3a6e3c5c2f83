import type { RoleId } from '../model/primitives';
import type { setupMachine } from './machine-setup';

/**
 * One row of a machine table: in which states a command is accepted, where it leads, who may
 * issue it and what the engine must do afterwards. Rows are tried in order; the first whose
 * `from` contains the state and whose guard passes wins (XState's guarded transitions).
 */
export interface TransitionRow<
  S extends string,
  C extends string,
  G extends string = string,
  E extends string = string,
> {
  readonly command: C;
  readonly from: readonly S[];
  /** Target state; `null` keeps the state (a recorded fact such as an escalation). */
  readonly to: S | null;
  /** Name of a guard in the machine's `guards` (checked by {@link setupMachine}). */
  readonly guard?: G;
  /**
   * `person`: must be made by a named person (real-name rule) holding one of `roles`.
   * `any`: the system actor may also make it (timers, ingest); persons still need a role.
   */
  readonly actor: 'person' | 'any';
  /** Roles allowed by default (DOMAIN.md §1); a rule pack may override per command. */
  readonly roles: readonly RoleId[];
  /**
   * Whoever holds the item's own role ({@link MachineDefinition.itemRoles}: the role a visit is
   * assigned to, a complaint's owner role) may issue it too, whatever `roles` says: a
   * special-repair visit assigned to the station manager is the station manager's to work.
   */
  readonly itemRole?: boolean;
  /**
   * Named effects the engine carries out after the transition (schedule, notify, …): names in
   * the machine's `effects` (checked by {@link setupMachine}).
   */
  readonly effects?: readonly E[];
  /** One line for the generated docs. */
  readonly description: string;
}

/** A state of a machine, for docs and invariants. */
export interface StateInfo {
  readonly description: string;
  /** No command leads out of a terminal state except those the table lists explicitly. */
  readonly terminal?: boolean;
}

/** A guard: a pure predicate over the aggregate and the command's input. */
export type Guard<A, I> = (aggregate: A, input: I) => boolean;

/**
 * A state machine as data: states, transitions, named guards and named effects. Build one with
 * {@link setupMachine}, which checks every name a row uses against the declared ones; `G` and `E`
 * are then the unions of guard and effect names (`string` for a machine of unknown names).
 */
export interface MachineDefinition<
  S extends string,
  C extends string,
  A,
  I,
  G extends string = string,
  E extends string = string,
> {
  readonly id: string;
  readonly initial: S;
  readonly states: { readonly [K in S]: StateInfo };
  readonly commands: readonly C[];
  readonly transitions: readonly TransitionRow<S, C, G, E>[];
  /** The guards by name: the implementations of the names rows use in `guard`. */
  readonly guards: { readonly [K in G]: Guard<A, I> };
  /** The effects by name, each with one line saying what the engine does for it. */
  readonly effects: { readonly [K in E]: string };
  /** The item's own roles, for rows marked `itemRole`. */
  readonly itemRoles?: (aggregate: A) => readonly RoleId[];
}

/** The guard names of a machine built by {@link setupMachine}: `GuardOf<typeof visitMachine>`. */
export type GuardOf<M> = M extends { readonly guards: infer X } ? keyof X & string : never;

/** The effect names of a machine built by {@link setupMachine}: `EffectOf<typeof visitMachine>`. */
export type EffectOf<M> = M extends { readonly effects: infer X } ? keyof X & string : never;

/** Per-command role overrides from configuration: `{ visit: { complete: ['followUpAgent'] } }`. */
export type PermissionTable = Readonly<Record<string, Readonly<Record<string, readonly RoleId[]>>>>;
