/**
 * `setupMachine` (issue 15, "Machines stay data, and typed": "a misspelled guard or effect fails
 * to compile instead of silently failing a transition"). Each negative case below is checked
 * twice: `// @ts-expect-error` makes `pnpm typecheck` (which covers `test/`) fail if the line
 * ever compiles, and the same call, run as JavaScript would run it, throws `VALIDATION_FAILED`
 * naming the path of the offending value.
 */
import fc from 'fast-check';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  applyTransition,
  complaintMachine,
  customerMachine,
  type DealercareError,
  decide,
  type EffectOf,
  type GuardOf,
  type HistoryEntry,
  type MachineDefinition,
  machineIssues,
  opinionCaseMachine,
  setupMachine,
  ValidationError,
  visitMachine,
} from '../../src';
import { AT, agent, system, visit } from '../fixtures';

type DoorState = 'shut' | 'open';
interface Door {
  readonly state: DoorState;
  readonly history: readonly HistoryEntry[];
  readonly locked: boolean;
}

const door = setupMachine({
  types: {} as { state: DoorState; command: 'open' | 'shut'; aggregate: Door; input: object },
  guards: { unlocked: (d) => !d.locked },
  effects: { log: 'Writes the opening to the log' },
});

/** Everything of the door's table but its rows. */
const TABLE = {
  id: 'door',
  initial: 'shut',
  states: { shut: { description: 'Shut' }, open: { description: 'Open' } },
  commands: ['open', 'shut'],
} as const;

const SHUT = {
  command: 'shut',
  from: ['open'],
  to: 'shut',
  actor: 'any',
  roles: [],
  description: 'Shut it',
} as const;

function thrown(fn: () => unknown): DealercareError {
  try {
    fn();
  } catch (e) {
    return e as DealercareError;
  }
  throw new Error('expected a throw');
}

function issuesOf(fn: () => unknown): ValidationError['issues'] {
  const e = thrown(fn);
  expect(e).toBeInstanceOf(ValidationError);
  expect(e.code).toBe('VALIDATION_FAILED');
  return (e as ValidationError).issues;
}

describe('setupMachine: names are checked against the setup', () => {
  it('builds a machine whose guards and effects are typed by name and work at run time', () => {
    const doorMachine = door.createMachine({
      ...TABLE,
      transitions: [
        {
          command: 'open',
          from: ['shut'],
          to: 'open',
          guard: 'unlocked',
          effects: ['log'],
          actor: 'any',
          roles: [],
          description: 'Open it',
        },
        SHUT,
      ],
    });
    expectTypeOf<GuardOf<typeof doorMachine>>().toEqualTypeOf<'unlocked'>();
    expectTypeOf<EffectOf<typeof doorMachine>>().toEqualTypeOf<'log'>();
    const shut: Door = { state: 'shut', history: [], locked: false };
    const { next, decision } = applyTransition(
      doorMachine,
      shut,
      'open',
      {},
      { actor: system, at: AT },
    );
    expect(next.state).toBe('open');
    expect(decision.effects).toEqual(['log']);
    expectTypeOf(decision.effects).toEqualTypeOf<readonly 'log'[]>();
    // The guard is the one declared in the setup: a locked door does not open.
    const locked = thrown(() => decide(doorMachine, { ...shut, locked: true }, 'open', {}, system));
    expect(locked.code).toBe('TRANSITION_NOT_ALLOWED');
    expect(locked.details.why).toBe('guard "unlocked" failed');
  });

  it('refuses a row naming a guard the setup does not declare (transitions[0].guard)', () => {
    const issues = issuesOf(() =>
      door.createMachine({
        ...TABLE,
        transitions: [
          {
            command: 'open',
            from: ['shut'],
            to: 'open',
            // @ts-expect-error: "unlokced" is not a declared guard
            guard: 'unlokced',
            actor: 'any',
            roles: [],
            description: 'Open it',
          },
          SHUT,
        ],
      }),
    );
    expect(issues).toContainEqual(
      expect.objectContaining({ path: ['transitions', 0, 'guard'], code: 'unknown_guard' }),
    );
    expect(issues[0]?.message).toContain('"unlokced"');
  });

  it('refuses a row naming an effect the setup does not declare (transitions[1].effects[0])', () => {
    const issues = issuesOf(() =>
      door.createMachine({
        ...TABLE,
        transitions: [
          {
            command: 'open',
            from: ['shut'],
            to: 'open',
            guard: 'unlocked',
            effects: ['log'],
            actor: 'any',
            roles: [],
            description: 'Open it',
          },
          // @ts-expect-error: "lgo" is not a declared effect
          { ...SHUT, effects: ['lgo'] },
        ],
      }),
    );
    expect(issues).toEqual([
      expect.objectContaining({ path: ['transitions', 1, 'effects', 0], code: 'unknown_effect' }),
    ]);
  });

  it('refuses states in `from` and `to` and commands that the table does not declare', () => {
    const issues = issuesOf(() =>
      door.createMachine({
        ...TABLE,
        transitions: [
          {
            command: 'open',
            // @ts-expect-error: "ajar" is not a state
            from: ['shut', 'ajar'],
            to: 'open',
            guard: 'unlocked',
            effects: ['log'],
            actor: 'any',
            roles: [],
            description: 'Open it',
          },
          {
            // @ts-expect-error: "slam" is not a command
            command: 'slam',
            from: ['open'],
            // @ts-expect-error: "shutt" is not a state
            to: 'shutt',
            actor: 'any',
            roles: [],
            description: 'Shut it',
          },
        ],
      }),
    );
    expect(issues.map((i) => [i.path, i.code])).toEqual([
      [['transitions', 0, 'from', 1], 'unknown_state'],
      [['transitions', 1, 'command'], 'unknown_command'],
      [['transitions', 1, 'to'], 'unknown_state'],
    ]);
  });

  it('refuses a declared guard or effect that no row uses: the maps cover exactly the names used', () => {
    const issues = issuesOf(() =>
      // @ts-expect-error: guard "unlocked" and effect "log" are declared but no row uses them
      door.createMachine({ ...TABLE, transitions: [{ ...SHUT, from: ['open', 'shut'] }] }),
    );
    expect(issues.map((i) => [i.path, i.code])).toEqual([
      [['guards', 'unlocked'], 'unused_guard'],
      [['effects', 'log'], 'unused_effect'],
    ]);
  });

  it('a machine without guards or effects declares none, and a row may name none', () => {
    const bare = setupMachine({
      types: {} as { state: DoorState; command: 'shut'; aggregate: Door; input: object },
    });
    const m = bare.createMachine({ ...TABLE, commands: ['shut'], transitions: [SHUT] });
    expectTypeOf<GuardOf<typeof m>>().toEqualTypeOf<never>();
    expect(m.guards).toEqual({});
    expect(m.effects).toEqual({});
    const issues = issuesOf(() =>
      bare.createMachine({
        ...TABLE,
        commands: ['shut'],
        // @ts-expect-error: a machine without guards accepts no guard name
        transitions: [{ ...SHUT, guard: 'unlocked' }],
      }),
    );
    expect(issues.map((i) => i.path)).toEqual([['transitions', 0, 'guard']]);
  });
});

describe('the shipped machines are built with setupMachine', () => {
  it('types their guard and effect names, so the engine cannot look up a misspelled one', () => {
    expectTypeOf<GuardOf<typeof visitMachine>>().toEqualTypeOf<
      | 'wrongNumber'
      | 'lastFailedAttempt'
      | 'failedAttemptLeft'
      | 'refused'
      | 'connected'
      | 'dissatisfied'
      | 'noUsablePhone'
      | 'windowNotOpen'
    >();
    expectTypeOf<EffectOf<typeof visitMachine>>().toEqualTypeOf<
      | 'markPhoneInvalid'
      | 'customerUnreachable'
      | 'scheduleRetry'
      | 'scoreSurvey'
      | 'followUpResult'
    >();
    expectTypeOf<GuardOf<typeof complaintMachine>>().toEqualTypeOf<
      'accepted' | 'notAccepted' | 'satisfied' | 'notSatisfied' | 'belowTopTier'
    >();
    expectTypeOf<GuardOf<typeof customerMachine>>().toEqualTypeOf<never>();
    const { decision } = applyTransition(
      visitMachine,
      visit(),
      'recordAttempt',
      { outcome: 'wrong-number' },
      { actor: agent, at: AT },
    );
    expect(decision.effects.includes('markPhoneInvalid')).toBe(true);
    // @ts-expect-error: "markPhoneInvlid" is not an effect of the visit machine
    expect(decision.effects.includes('markPhoneInvlid')).toBe(false);
  });

  it.each([
    visitMachine,
    complaintMachine,
    opinionCaseMachine,
    customerMachine,
  ] as MachineDefinition<string, string, unknown, unknown>[])(
    '$id: every name it uses is declared and every declared name is used',
    (m) => {
      expect(machineIssues(m)).toEqual([]);
    },
  );
});

/** What a JavaScript integrator (no compiler) would pass: the shipped tables, rows as given. */
type Untyped = Parameters<ReturnType<typeof setupMachine>['createMachine']>[0];
const SHIPPED = [visitMachine, complaintMachine, opinionCaseMachine, customerMachine].map(
  (m) => m as unknown as MachineDefinition<string, string, never, never>,
);

function rebuild(
  m: MachineDefinition<string, string, never, never>,
  transitions: MachineDefinition<string, string, never, never>['transitions'],
) {
  return setupMachine({
    types: {} as { state: string; command: string; aggregate: never; input: never },
    guards: m.guards,
    effects: m.effects,
  }).createMachine({ ...m, transitions } as unknown as Untyped);
}

describe('a misspelled name from JavaScript fails with its path, never silently', () => {
  const declared = (m: MachineDefinition<string, string, never, never>) => [
    ...Object.keys(m.guards),
    ...Object.keys(m.effects),
  ];
  // Property: renaming a guard or an effect in any row of any shipped machine to a name the
  // machine does not declare is refused, and the first issue points at exactly that value.
  it('rebuilding a shipped machine with one name changed is refused at that path', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SHIPPED),
        fc.nat(),
        fc.nat(),
        fc.string({ minLength: 1, maxLength: 20 }),
        (m, rowSeed, effectSeed, name) => {
          fc.pre(!declared(m).includes(name));
          const named = m.transitions
            .map((row, i) => ({ row, i }))
            .filter(({ row }) => row.guard !== undefined || (row.effects ?? []).length > 0);
          fc.pre(named.length > 0);
          const { row, i } = named[rowSeed % named.length] as (typeof named)[number];
          const effects = row.effects ?? [];
          const inEffects = row.guard === undefined || (effects.length > 0 && effectSeed % 2 === 0);
          const j = effectSeed % Math.max(effects.length, 1);
          const changed = inEffects
            ? { ...row, effects: effects.map((e, k) => (k === j ? name : e)) }
            : { ...row, guard: name };
          const rows = m.transitions.map((r, k) => (k === i ? changed : r));
          const issues = issuesOf(() => rebuild(m, rows));
          expect(issues[0]).toMatchObject({
            path: inEffects ? ['transitions', i, 'effects', j] : ['transitions', i, 'guard'],
            code: inEffects ? 'unknown_effect' : 'unknown_guard',
          });
        },
      ),
    );
  });

  it('rebuilding a shipped machine unchanged is accepted and decides as the original', () => {
    for (const m of SHIPPED) {
      expect(rebuild(m, m.transitions).transitions).toEqual(m.transitions);
    }
  });

  it('decide refuses a hand-assembled definition whose row names a missing guard, instead of treating it as failed', () => {
    // Before setupMachine, a missing guard counted as a failed guard: the transition silently
    // never happened. A definition not built by setupMachine still gets a coded error.
    const handMade: MachineDefinition<DoorState, 'open', Door, object> = {
      id: 'door',
      initial: 'shut',
      states: TABLE.states,
      commands: ['open'],
      transitions: [
        {
          command: 'open',
          from: ['shut'],
          to: 'open',
          guard: 'unlokced',
          actor: 'any',
          roles: [],
          description: 'Open it',
        },
      ],
      guards: { unlocked: (d) => !d.locked },
      effects: {},
    };
    const e = thrown(() =>
      decide(handMade, { state: 'shut', history: [], locked: false }, 'open', {}, system),
    );
    expect(e.code).toBe('VALIDATION_FAILED');
    expect((e as ValidationError).issues).toEqual([
      expect.objectContaining({ path: ['transitions', 0, 'guard'], code: 'unknown_guard' }),
    ]);
    expect(machineIssues(handMade).map((i) => i.path)).toEqual([
      ['transitions', 0, 'guard'],
      ['guards', 'unlocked'],
    ]);
  });
});
