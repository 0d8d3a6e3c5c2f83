import { type Issue, ValidationError } from '../errors';
import type { RoleId } from '../model/primitives';
import type { Guard, MachineDefinition, StateInfo, TransitionRow } from './machine-definition';

/**
 * The types a machine works on, given to {@link setupMachine} as a phantom value
 * (`types: {} as { state: VisitState; … }`), as XState's `setup({ types })` does: TypeScript
 * cannot infer these from the table and the guard and effect names at once.
 */
export interface MachineTypes {
  /** The union of state names. */
  readonly state: string;
  /** The union of command names. */
  readonly command: string;
  /** The aggregate the machine moves (what guards and `itemRoles` look at). */
  readonly aggregate: unknown;
  /** What a command's guards look at besides the aggregate. */
  readonly input: unknown;
}

/** What {@link setupMachine} takes: the types, the guard implementations and the effect names. */
export interface MachineImplementations<
  T extends MachineTypes,
  G extends string,
  E extends string,
> {
  /** Phantom value carrying the types: `{} as { state: …; command: …; aggregate: …; input: … }`. */
  readonly types: T;
  /**
   * The guards, by name: the only names a transition's `guard` may use. Each is a pure
   * predicate over the aggregate and the command's input.
   */
  readonly guards?: { readonly [K in G]: Guard<T['aggregate'], T['input']> };
  /**
   * The effects, by name, each with one line saying what the engine does when a transition
   * names it (generated into the docs): the only names a transition's `effects` may use.
   */
  readonly effects?: { readonly [K in E]: string };
}

/** The table part of a machine: everything but the guards and effects {@link setupMachine} took. */
export interface MachineConfig<S extends string, C extends string, A, R> {
  /** Stable id: names the machine in errors and in the pack's `permissions`. */
  readonly id: string;
  /** The state a new aggregate starts in. */
  readonly initial: S;
  /** Every state, exactly once. */
  readonly states: { readonly [K in S]: StateInfo };
  /** Every command. */
  readonly commands: readonly C[];
  /** The rows, tried in order (see {@link TransitionRow}). */
  readonly transitions: R;
  /** The item's own roles, for rows marked `itemRole`. */
  readonly itemRoles?: (aggregate: A) => readonly RoleId[];
}

/** The guard names a union of transition rows uses. */
export type GuardsUsed<Row> = Row extends { readonly guard: infer N extends string } ? N : never;

/** The effect names a union of transition rows uses. */
export type EffectsUsed<Row> = Row extends {
  readonly effects: readonly (infer N extends string)[];
}
  ? N
  : never;

/**
 * What `createMachine` adds to its parameter: nothing (`unknown`) when every declared guard and
 * effect is used by some row of `R`, else a required property `declaredButUnused` naming the
 * unused ones, so such a table does not compile and the error names them: the implementation
 * maps cover exactly the names the rows use.
 */
export type EveryNameUsed<R extends readonly unknown[], G extends string, E extends string> = [
  Exclude<G, GuardsUsed<R[number]>> | Exclude<E, EffectsUsed<R[number]>>,
] extends [never]
  ? unknown
  : {
      readonly declaredButUnused: {
        readonly guards: Exclude<G, GuardsUsed<R[number]>>;
        readonly effects: Exclude<E, EffectsUsed<R[number]>>;
      };
    };

/** What {@link setupMachine} returns: a builder of machines checked against its names. */
export interface MachineSetup<
  S extends string,
  C extends string,
  A,
  I,
  G extends string,
  E extends string,
> {
  /**
   * Builds the machine from its table. At compile time a row naming a guard, an effect, a state
   * or a command that the setup and table do not declare is an error, and so is a declared guard
   * or effect that no row uses. At run time (for JavaScript callers and casts) the same checks
   * throw `VALIDATION_FAILED` with the path of each offending value, e.g.
   * `transitions[3].guard`.
   */
  createMachine<const R extends readonly TransitionRow<S, C, G, E>[]>(
    config: MachineConfig<S, C, A, R> & EveryNameUsed<R, G, E>,
  ): MachineDefinition<S, C, A, I, G, E>;
}

/**
 * Declares a machine's types, guards and effects, then builds its table with `createMachine`,
 * modelled on XState's `setup({ types, guards, actions }).createMachine(…)`: every guard or
 * effect a transition names is checked against what was declared here, so a misspelled name
 * fails to compile instead of silently failing a transition.
 *
 * @example
 * ```ts
 * const doorMachine = setupMachine({
 *   types: {} as { state: 'shut' | 'open'; command: 'open' | 'shut'; aggregate: Door; input: {} },
 *   guards: { unlocked: (door) => !door.locked },
 *   effects: { log: 'Writes the opening to the log' },
 * }).createMachine({
 *   id: 'door',
 *   initial: 'shut',
 *   states: { shut: { description: 'Shut' }, open: { description: 'Open' } },
 *   commands: ['open', 'shut'],
 *   transitions: [
 *     { command: 'open', from: ['shut'], to: 'open', guard: 'unlocked', effects: ['log'],
 *       actor: 'any', roles: [], description: 'Open it' },
 *     { command: 'shut', from: ['open'], to: 'shut', actor: 'any', roles: [], description: 'Shut it' },
 *   ],
 * });
 * ```
 */
export function setupMachine<
  T extends MachineTypes,
  G extends string = never,
  E extends string = never,
>(
  implementations: MachineImplementations<T, G, E>,
): MachineSetup<T['state'], T['command'], T['aggregate'], T['input'], G, E> {
  const guards = (implementations.guards ?? {}) as {
    readonly [K in G]: Guard<T['aggregate'], T['input']>;
  };
  const effects = (implementations.effects ?? {}) as { readonly [K in E]: string };
  return {
    createMachine(config) {
      const machine: MachineDefinition<T['state'], T['command'], T['aggregate'], T['input'], G, E> =
        {
          id: config.id,
          initial: config.initial,
          states: config.states,
          commands: config.commands,
          transitions: config.transitions,
          guards,
          effects,
          ...(config.itemRoles !== undefined ? { itemRoles: config.itemRoles } : {}),
        };
      const issues = machineIssues(machine);
      if (issues.length > 0) throw new ValidationError(`machine "${String(config.id)}"`, issues);
      return machine;
    },
  };
}

const has = (o: object, key: string): boolean => Object.hasOwn(o, key);

/**
 * Every name a machine table uses that it does not declare, and every declared guard or effect
 * that no row uses, each with its path in the definition (`transitions[3].guard`). Empty for a
 * sound machine. {@link setupMachine} refuses a machine with any; exported for callers that
 * assemble a {@link MachineDefinition} themselves.
 */
export function machineIssues<S extends string, C extends string, A, I>(
  machine: MachineDefinition<S, C, A, I>,
): Issue[] {
  const issues: Issue[] = [];
  const stateNames = Object.keys(machine.states);
  const state = (s: unknown, path: Issue['path']): void => {
    if (typeof s !== 'string' || !has(machine.states, s)) {
      issues.push({
        path,
        code: 'unknown_state',
        message: `state "${String(s)}" is not one of the machine's states (${stateNames.join(', ')})`,
      });
    }
  };
  state(machine.initial, ['initial']);
  const usedGuards = new Set<string>();
  const usedEffects = new Set<string>();
  machine.transitions.forEach((row, i) => {
    if (!machine.commands.includes(row.command)) {
      issues.push({
        path: ['transitions', i, 'command'],
        code: 'unknown_command',
        message: `command "${String(row.command)}" is not in the machine's commands`,
      });
    }
    row.from.forEach((s, j) => {
      state(s, ['transitions', i, 'from', j]);
    });
    if (row.to !== null) state(row.to, ['transitions', i, 'to']);
    if (row.guard !== undefined) {
      usedGuards.add(row.guard);
      if (!has(machine.guards, row.guard)) {
        issues.push({
          path: ['transitions', i, 'guard'],
          code: 'unknown_guard',
          message: `guard "${String(row.guard)}" is not declared (declared: ${Object.keys(machine.guards).join(', ') || 'none'})`,
        });
      }
    }
    (row.effects ?? []).forEach((e, j) => {
      usedEffects.add(e);
      if (!has(machine.effects, e)) {
        issues.push({
          path: ['transitions', i, 'effects', j],
          code: 'unknown_effect',
          message: `effect "${String(e)}" is not declared (declared: ${Object.keys(machine.effects).join(', ') || 'none'})`,
        });
      }
    });
  });
  for (const g of Object.keys(machine.guards)) {
    if (!usedGuards.has(g)) {
      issues.push({
        path: ['guards', g],
        code: 'unused_guard',
        message: `guard "${g}" is declared but no transition uses it`,
      });
    }
  }
  for (const e of Object.keys(machine.effects)) {
    if (!usedEffects.has(e)) {
      issues.push({
        path: ['effects', e],
        code: 'unused_effect',
        message: `effect "${e}" is declared but no transition names it`,
      });
    }
  }
  return issues;
}
