import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Actor,
  ATTEMPT_OUTCOMES,
  applyTransition,
  complaintMachine,
  customerMachine,
  DealercareError,
  type MachineDefinition,
  opinionCaseMachine,
  visitMachine,
} from '../../src';
import {
  AT,
  agent,
  complaint,
  csManager,
  customer,
  gm,
  opinionCase,
  serviceManager,
  stranger,
  system,
  visit,
} from '../fixtures';

const actors: Actor[] = [
  agent,
  csManager,
  serviceManager,
  gm,
  stranger,
  system,
  { kind: 'person', id: 'am', roles: ['afterSalesManager', 'salesConsultant'] },
];
const REJECTIONS = ['TRANSITION_NOT_ALLOWED', 'PERMISSION_DENIED', 'REAL_NAME_REQUIRED'];

const inputArb = fc.record(
  {
    outcome: fc.constantFrom(...ATTEMPT_OUTCOMES),
    accepted: fc.boolean(),
    satisfied: fc.boolean(),
  },
  { requiredKeys: [] },
);

interface Case {
  readonly name: string;
  // biome-ignore lint/suspicious/noExplicitAny: the property runs every machine through one harness
  readonly machine: MachineDefinition<string, string, any, any>;
  readonly initial: () => { state: string; history: readonly unknown[] } & Record<string, unknown>;
  /** What the engine would do to the aggregate besides the state (attempts, tier). */
  readonly sideEffect?: (
    agg: Record<string, unknown>,
    command: string,
    input: Record<string, unknown>,
  ) => Record<string, unknown>;
}

const cases: Case[] = [
  {
    name: 'visit',
    machine: visitMachine,
    initial: () => visit({ state: 'scheduled' }),
    sideEffect: (v, command, input) =>
      command === 'recordAttempt'
        ? {
            ...v,
            attempts: [
              ...(v.attempts as unknown[]),
              { at: AT, by: { kind: 'person', id: 'a' }, outcome: input.outcome, channel: 'phone' },
            ],
          }
        : command === 'complete'
          ? {
              ...v,
              result: {
                satisfied: input.satisfied ?? null,
                at: AT,
                by: { kind: 'person', id: 'a' },
              },
            }
          : v,
  },
  {
    name: 'complaint',
    machine: complaintMachine,
    initial: () => complaint(),
    sideEffect: (c, command) =>
      command === 'escalate' ? { ...c, tier: (c.tier as number) + 1 } : c,
  },
  { name: 'opinion case', machine: opinionCaseMachine, initial: () => opinionCase() },
  { name: 'customer', machine: customerMachine, initial: () => customer() },
];

describe.each(cases)('$name machine invariants', ({ machine, initial, sideEffect }) => {
  const stepArb = fc.record({
    command: fc.constantFrom(...machine.commands),
    actor: fc.constantFrom(...actors),
    input: inputArb,
  });

  it('never leaves the table, keeps one history entry per accepted command, and a rejected command changes nothing', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 40 }), (steps) => {
        let agg = initial();
        let accepted = 0;
        for (const { command, actor, input } of steps) {
          const before = structuredClone(agg);
          try {
            const { next, decision } = applyTransition(machine, agg, command, input, {
              actor,
              at: AT,
            });
            // The move is one the table has.
            const row = machine.transitions.find(
              (r) =>
                r.command === command &&
                r.from.includes(decision.from) &&
                (r.to ?? decision.from) === decision.to,
            );
            expect(row).toBeDefined();
            expect(agg).toEqual(before);
            agg = (sideEffect ? sideEffect(next, command, input) : next) as typeof agg;
            accepted++;
          } catch (e) {
            expect(e).toBeInstanceOf(DealercareError);
            expect(REJECTIONS).toContain((e as DealercareError).code);
            expect(agg).toEqual(before);
          }
          expect(Object.keys(machine.states)).toContain(agg.state);
        }
        expect(agg.history).toHaveLength(accepted);
      }),
      { numRuns: 300 },
    );
  });

  it('has a consistent table: every state and command it names exists, and every state is reachable', () => {
    const states = Object.keys(machine.states);
    const reachable = new Set([machine.initial]);
    let grew = true;
    while (grew) {
      grew = false;
      for (const row of machine.transitions) {
        expect(machine.commands).toContain(row.command);
        for (const s of row.from) expect(states).toContain(s);
        if (row.to !== null) expect(states).toContain(row.to);
        if (row.guard !== undefined) expect(machine.guards[row.guard]).toBeTypeOf('function');
        if (row.to !== null && row.from.some((s) => reachable.has(s)) && !reachable.has(row.to)) {
          reachable.add(row.to);
          grew = true;
        }
      }
    }
    // Visits are created directly in `open` when their window is already open; otherwise all from the initial state.
    expect([...reachable].sort()).toEqual([...states].sort());
  });
});
