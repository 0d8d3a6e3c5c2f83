import { describe, expect, it } from 'vitest';
import { defaultRulePack } from '../../src';
import {
  complaintAwaitingCustomer,
  csManager,
  customerDecides,
  DEALER,
  delivery,
  setup,
} from './setup';

const bj = (local: string) => new Date(`${local}+08:00`);

describe('engine.recomputeDeadlines', () => {
  it('moves open complaints to the new rules, keeps paused time, replans the ladder, and is idempotent', async () => {
    const { engine, clock, types } = setup('2026-03-02T09:00:00+08:00');
    await engine.ingest(delivery());
    const plain = await engine.openComplaint({
      dealerId: DEALER,
      actor: csManager,
      customerId: 'c1',
      source: 'onSite',
      description: '洗车不干净',
    });
    const pausedId = await complaintAwaitingCustomer(engine);
    clock.set(bj('2026-03-03T09:00:00')); // paused 7.5 working hours
    await customerDecides(engine, pausedId, false);
    const before = await engine.getComplaint(DEALER, pausedId);
    expect(before.sla.pausedWorkingMinutes).toBe(450);
    expect(before.sla.dueAt).toBe('2026-03-05T09:30:00.000Z');
    expect((await engine.getComplaint(DEALER, plain.id)).sla.dueAt).toBe(
      '2026-03-04T09:30:00.000Z',
    );

    engine.setRules({
      ...defaultRulePack,
      id: 'faster',
      complaints: { ...defaultRulePack.complaints, resolveWithin: { workingDays: 1 } },
    });
    const result = await engine.recomputeDeadlines(DEALER);
    expect(result).toEqual({ examined: 2, changed: 2 });

    // 1 working day from Mon 09:00: end of work Tue 03-03 17:30
    const a = await engine.getComplaint(DEALER, plain.id);
    expect(a.sla.dueAt).toBe('2026-03-03T09:30:00.000Z');
    expect(a.history.at(-1)).toMatchObject({ command: 'recompute', rule: 'recompute:faster' });
    const tier2 = (await engine.pendingTimers(DEALER, { kind: 'complaint', id: plain.id })).find(
      (t) => t.name === 'complaint.ladder.tier-2',
    );
    expect(tier2?.dueAt).toBe(Date.parse('2026-03-03T09:30:00.000Z'));
    // …plus the 7.5 working hours it spent paused: Wed 03-04 17:30
    const b = await engine.getComplaint(DEALER, pausedId);
    expect(b.sla.dueAt).toBe('2026-03-04T09:30:00.000Z');
    expect(b.sla.pausedWorkingMinutes).toBe(450);
    expect(types().filter((t) => t === 'complaint.deadline-recomputed')).toHaveLength(2);

    expect(await engine.recomputeDeadlines(DEALER)).toEqual({ examined: 2, changed: 0 });
    expect((await engine.getComplaint(DEALER, plain.id)).version).toBe(a.version);
  });

  it('rejects a bad dealer id', async () => {
    const { engine } = setup();
    await expect(engine.recomputeDeadlines('')).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
  });
});
