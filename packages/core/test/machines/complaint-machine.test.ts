import { describe, expect, it } from 'vitest';
import { applyTransition, type Complaint, complaintMachine, type DealercareError } from '../../src';
import { AT, agent, complaint, csManager, gm, serviceManager, system } from '../fixtures';

function run(
  c: Complaint,
  steps: Array<[Parameters<typeof applyTransition>[2], object, typeof agent]>,
): Complaint {
  let cur = c;
  for (const [command, input, actor] of steps) {
    cur = applyTransition(complaintMachine, cur, command as never, input, { actor, at: AT }).next;
  }
  return cur;
}

describe('complaint machine', () => {
  it('runs the whole flow from receipt to close', () => {
    const done = run(complaint(), [
      ['classify', {}, csManager],
      ['startInvestigation', {}, serviceManager],
      ['proposeSolution', {}, serviceManager],
      ['recordCustomerDecision', { accepted: true }, serviceManager],
      ['startResolving', {}, serviceManager],
      ['resolve', {}, serviceManager],
      ['beginSatisfactionCheck', {}, system],
      ['recordSatisfaction', { satisfied: true }, agent],
    ]);
    expect(done.state).toBe('closed');
    expect(done.history).toHaveLength(8);
  });

  it('goes back to a new solution when the customer rejects, and reopens when not satisfied', () => {
    const rejected = run(complaint({ state: 'solutionProposed' }), [
      ['recordCustomerDecision', { accepted: false }, serviceManager],
    ]);
    expect(rejected.state).toBe('rejected');
    expect(run(rejected, [['proposeSolution', {}, serviceManager]]).state).toBe('solutionProposed');
    const unhappy = run(complaint({ state: 'satisfactionCheck' }), [
      ['recordSatisfaction', { satisfied: false }, agent],
    ]);
    expect(unhappy.state).toBe('reopened');
    expect(run(unhappy, [['startInvestigation', {}, serviceManager]]).state).toBe('investigating');
  });

  it('escalates in any open state without changing it, up to tier 3', () => {
    for (const state of ['received', 'investigating', 'rejected', 'satisfactionCheck'] as const) {
      const { next, decision } = applyTransition(
        complaintMachine,
        complaint({ state }),
        'escalate',
        {},
        { actor: system, at: AT },
      );
      expect(next.state).toBe(state);
      expect(decision.effects).toContain('raiseTier');
    }
    try {
      applyTransition(
        complaintMachine,
        complaint({ tier: 3 }),
        'escalate',
        {},
        { actor: gm, at: AT },
      );
      throw new Error('expected a throw');
    } catch (e) {
      expect((e as DealercareError).code).toBe('TRANSITION_NOT_ALLOWED');
    }
    expect(() =>
      applyTransition(
        complaintMachine,
        complaint({ state: 'closed' }),
        'escalate',
        {},
        { actor: gm, at: AT },
      ),
    ).toThrow(/not allowed in state "closed"/);
  });

  it('needs a person to investigate (real-name rule)', () => {
    expect(() =>
      run(complaint({ state: 'classified' }), [['startInvestigation', {}, system]]),
    ).toThrow(expect.objectContaining({ code: 'REAL_NAME_REQUIRED' }));
  });
});
