import { describe, expect, it } from 'vitest';
import { applyTransition, type DealercareError, type Visit, visitMachine } from '../../src';
import { AT, agent, csManager, stranger, system, visit } from '../fixtures';

const ctx = (actor = agent) => ({ actor, at: AT });

function attempt(v: Visit, outcome: Visit['attempts'][number]['outcome'], actor = agent): Visit {
  const { next } = applyTransition(visitMachine, v, 'recordAttempt', { outcome }, ctx(actor));
  return {
    ...next,
    attempts: [
      ...v.attempts,
      { at: AT, by: { kind: 'person', id: actor.id }, outcome, channel: 'phone' },
    ],
  };
}

function thrown(fn: () => unknown): DealercareError {
  try {
    fn();
  } catch (e) {
    return e as DealercareError;
  }
  throw new Error('expected a throw');
}

describe('visit machine', () => {
  it('closes as unreachable after the second failed attempt (retry within 2 days, then close)', () => {
    const once = attempt(visit(), 'no-answer');
    expect(once.state).toBe('attempting');
    const twice = attempt(once, 'busy');
    expect(twice.state).toBe('unreachable');
    expect(twice.history.map((h) => [h.from, h.to])).toEqual([
      ['open', 'attempting'],
      ['attempting', 'unreachable'],
    ]);
  });

  it('asks for a retry, with the effect, after a failed attempt with attempts left', () => {
    const { decision } = applyTransition(
      visitMachine,
      visit(),
      'recordAttempt',
      { outcome: 'no-answer' },
      ctx(),
    );
    expect(decision.effects).toContain('scheduleRetry');
  });

  it('does not count call-back-later or connected as failed', () => {
    const v = attempt(attempt(attempt(visit(), 'call-back-later'), 'no-answer'), 'connected');
    expect(v.state).toBe('attempting');
  });

  it('blocks on a wrong number until the phone is corrected', () => {
    const blocked = attempt(visit(), 'wrong-number');
    expect(blocked.state).toBe('blocked');
    expect(thrown(() => attempt(blocked, 'no-answer')).code).toBe('TRANSITION_NOT_ALLOWED');
    const { next } = applyTransition(visitMachine, blocked, 'correctPhone', {}, ctx());
    expect(next.state).toBe('open');
  });

  it('blocks a new visit for a customer with no usable phone, as the system, and only then', () => {
    for (const state of ['scheduled', 'open'] as const) {
      const { next } = applyTransition(
        visitMachine,
        visit({ state }),
        'block',
        { usablePhones: 0 },
        ctx(system),
      );
      expect(next.state).toBe('blocked');
    }
    const guarded = thrown(() =>
      applyTransition(visitMachine, visit(), 'block', { usablePhones: 1 }, ctx(system)),
    );
    expect(guarded.details).toMatchObject({ why: 'guard "noUsablePhone" failed' });
    const started = attempt(visit(), 'no-answer');
    expect(
      thrown(() =>
        applyTransition(visitMachine, started, 'block', { usablePhones: 0 }, ctx(system)),
      ).code,
    ).toBe('TRANSITION_NOT_ALLOWED');
  });

  it('after a correction, goes back to scheduled while the window is not open, else to open', () => {
    const opensAt = Date.parse('2026-02-13T00:30:00.000Z');
    const blocked = visit({
      state: 'blocked',
      window: { opensAt: '2026-02-13T00:30:00.000Z', dueAt: '2026-02-17T09:30:00.000Z' },
    });
    const early = applyTransition(
      visitMachine,
      blocked,
      'correctPhone',
      { now: opensAt - 1 },
      ctx(),
    );
    expect(early.next.state).toBe('scheduled');
    const onTime = applyTransition(visitMachine, blocked, 'correctPhone', { now: opensAt }, ctx());
    expect(onTime.next.state).toBe('open');
    expect(
      thrown(() => applyTransition(visitMachine, blocked, 'correctPhone', { now: 0 }, ctx(system)))
        .code,
    ).toBe('REAL_NAME_REQUIRED');
  });

  it('cancels when the customer refuses', () => {
    expect(attempt(visit(), 'refused').state).toBe('cancelled');
  });

  it('completes only after a connected attempt', () => {
    const err = thrown(() => applyTransition(visitMachine, visit(), 'complete', {}, ctx()));
    expect(err.code).toBe('TRANSITION_NOT_ALLOWED');
    expect(err.details).toMatchObject({ machine: 'visit', state: 'open', command: 'complete' });
    const { next } = applyTransition(
      visitMachine,
      attempt(visit(), 'connected'),
      'complete',
      {},
      ctx(),
    );
    expect(next.state).toBe('completed');
  });

  it('refuses the system actor where a person must act (real-name rule)', () => {
    expect(thrown(() => attempt(visit(), 'no-answer', system)).code).toBe('REAL_NAME_REQUIRED');
  });

  it('refuses a person without an allowed role, and honours configured roles', () => {
    expect(thrown(() => attempt(visit(), 'no-answer', stranger)).code).toBe('PERMISSION_DENIED');
    const permissions = { visit: { recordAttempt: ['infoClerk'] } };
    const { next } = applyTransition(
      visitMachine,
      visit(),
      'recordAttempt',
      { outcome: 'busy' },
      { actor: stranger, at: AT, permissions },
    );
    expect(next.state).toBe('attempting');
    // configured roles replace the defaults: an agent may not work a visit of another role
    const managers = visit({ assignee: { role: 'stationManager' } });
    expect(
      thrown(() =>
        applyTransition(
          visitMachine,
          managers,
          'recordAttempt',
          { outcome: 'busy' },
          { actor: agent, at: AT, permissions },
        ),
      ).code,
    ).toBe('PERMISSION_DENIED');
    // … but whoever holds the visit's own role may (a special-repair visit for the station manager)
    const stationManager = { kind: 'person', id: 'zz-1', roles: ['stationManager'] } as const;
    expect(
      applyTransition(
        visitMachine,
        managers,
        'recordAttempt',
        { outcome: 'busy' },
        { actor: stationManager, at: AT, permissions },
      ).next.state,
    ).toBe('attempting');
  });

  it('marks "not picked up — do not visit" and resumes on pick-up', () => {
    const { next } = applyTransition(
      visitMachine,
      visit({ state: 'scheduled' }),
      'markDoNotVisit',
      {},
      ctx(system),
    );
    expect(next.state).toBe('doNotVisit');
    expect(thrown(() => attempt(next, 'connected')).code).toBe('TRANSITION_NOT_ALLOWED');
    expect(applyTransition(visitMachine, next, 'resume', {}, ctx(system)).next.state).toBe('open');
  });

  it('reopens a completed visit only when the customer was not satisfied', () => {
    const done = visit({
      state: 'completed',
      result: { satisfied: true, at: AT, by: { kind: 'person', id: 'a' } },
    });
    expect(thrown(() => applyTransition(visitMachine, done, 'reopen', {}, ctx())).code).toBe(
      'TRANSITION_NOT_ALLOWED',
    );
    const unhappy = { ...done, result: { ...done.result!, satisfied: false } };
    expect(applyTransition(visitMachine, unhappy, 'reopen', {}, ctx()).next.state).toBe('open');
  });

  it('lets only managers cancel', () => {
    expect(
      thrown(() => applyTransition(visitMachine, visit(), 'cancel', {}, ctx(agent))).code,
    ).toBe('PERMISSION_DENIED');
    expect(applyTransition(visitMachine, visit(), 'cancel', {}, ctx(csManager)).next.state).toBe(
      'cancelled',
    );
  });

  it('does not touch its input', () => {
    const v = visit();
    const copy = structuredClone(v);
    applyTransition(visitMachine, v, 'recordAttempt', { outcome: 'busy' }, ctx());
    expect(v).toEqual(copy);
  });
});
