import { describe, expect, it } from 'vitest';
import { applyTransition, opinionCaseMachine } from '../../src';
import { AT, agent, opinionCase, system } from '../fixtures';

const dept = { kind: 'person' as const, id: 'am', roles: ['afterSalesManager'] };

describe('opinion case machine', () => {
  it('runs recorded → form sent → handled → returned → second follow-up → closed', () => {
    let oc = opinionCase();
    for (const [command, actor] of [
      ['sendForm', agent],
      ['recordHandling', dept],
      ['returnForm', agent],
      ['recordSecondFollowUp', agent],
      ['close', agent],
    ] as const) {
      oc = applyTransition(opinionCaseMachine, oc, command, {}, { actor, at: AT }).next;
    }
    expect(oc.state).toBe('closed');
    expect(oc.history.map((h) => h.to)).toEqual([
      'formSent',
      'handled',
      'returned',
      'followedUp',
      'closed',
    ]);
  });

  it('takes the "not returned in time" branch from the system and informs the GM', () => {
    const { next, decision } = applyTransition(
      opinionCaseMachine,
      opinionCase({ state: 'formSent' }),
      'markNotReturned',
      {},
      { actor: system, at: AT },
    );
    expect(next.state).toBe('notReturnedInTime');
    expect(decision.effects).toContain('informGeneralManager');
    const late = applyTransition(
      opinionCaseMachine,
      next,
      'recordLateReason',
      {},
      { actor: agent, at: AT },
    ).next;
    expect(late.state).toBe('notReturnedInTime');
    expect(
      applyTransition(opinionCaseMachine, late, 'recordHandling', {}, { actor: dept, at: AT }).next
        .state,
    ).toBe('handled');
  });

  it('lets only the department record its handling', () => {
    expect(() =>
      applyTransition(
        opinionCaseMachine,
        opinionCase({ state: 'formSent' }),
        'recordHandling',
        {},
        { actor: agent, at: AT },
      ),
    ).toThrow(expect.objectContaining({ code: 'PERMISSION_DENIED' }));
  });
});
