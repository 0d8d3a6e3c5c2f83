import { describe, expect, it } from 'vitest';
import { defaultRulePack, loadRulePack, SHIPPED_PACKS } from '../../src';
import { ADAPTERS } from '../adapters/adapters';
import {
  complaintAwaitingCustomer,
  csManager,
  customerDecides,
  DEALER,
  DELIVERY_VISIT_TYPES,
  delivery,
  onAdapter,
  repairOutsideSample,
} from './setup';

const bj = (local: string) => new Date(`${local}+08:00`);

for (const adapter of ADAPTERS) {
  describe(adapter.name, () => {
    const { setup } = onAdapter(adapter);

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
        expect(result.complaints).toEqual({ examined: 2, changed: 2 });
        // The delivery's visits (first-level and the duties of 001/003): same rules, unchanged.
        expect(result.visits).toEqual({ examined: DELIVERY_VISIT_TYPES.length, changed: 0 });

        // 1 working day from Mon 09:00: end of work Tue 03-03 17:30
        const a = await engine.getComplaint(DEALER, plain.id);
        expect(a.sla.dueAt).toBe('2026-03-03T09:30:00.000Z');
        expect(a.history.at(-1)).toMatchObject({ command: 'recompute', rule: 'recompute:faster' });
        const tier2 = (
          await engine.pendingTimers(DEALER, { kind: 'complaint', id: plain.id })
        ).find((t) => t.name === 'complaint.ladder.tier-2');
        expect(tier2?.dueAt).toBe(Date.parse('2026-03-03T09:30:00.000Z'));
        // …plus the 7.5 working hours it spent paused: Wed 03-04 17:30
        const b = await engine.getComplaint(DEALER, pausedId);
        expect(b.sla.dueAt).toBe('2026-03-04T09:30:00.000Z');
        expect(b.sla.pausedWorkingMinutes).toBe(450);
        expect(types().filter((t) => t === 'complaint.deadline-recomputed')).toHaveLength(2);

        expect((await engine.recomputeDeadlines(DEALER)).changed).toBe(0);
        expect((await engine.getComplaint(DEALER, plain.id)).version).toBe(a.version);
      });

      it('moves pending visit windows to a changed rule, from the event they were anchored to', async () => {
        const gw = loadRulePack(SHIPPED_PACKS['great-wall']);
        const { engine, clock, types } = setup('2026-03-02T10:00:00+08:00', { rules: gw });
        const general = await engine.ingest(
          repairOutsideSample({ repairKind: 'general', occurredAt: '2026-03-02T10:00:00+08:00' }),
        );
        const id = general.visitIds[0]!;
        const before = await engine.getVisit(DEALER, id);
        expect([before.window.opensAt, before.window.dueAt]).toEqual([
          bj('2026-03-05T08:30:00').toISOString(), // working day 3
          bj('2026-03-09T17:30:00').toISOString(), // working day 5
        ]);
        clock.set(bj('2026-03-03T09:00:00')); // a day later the dealer moves to day 2–4
        engine.setRules(
          loadRulePack({
            id: 'earlier',
            version: '1',
            extends: 'great-wall',
            visits: [
              {
                id: 'post-repair-general',
                visit: { window: { fromWorkingDay: 2, toWorkingDay: 4 } },
              },
            ],
          }),
        );
        const result = await engine.recomputeDeadlines(DEALER);
        // The post-repair visit moves; the dormancy duty the repair armed [001] is examined too.
        expect(result.visits).toEqual({ examined: 2, changed: 1 });
        const after = await engine.getVisit(DEALER, id);
        // still from Monday 10:00, not from the moment of the recompute
        expect([after.window.opensAt, after.window.dueAt]).toEqual([
          bj('2026-03-04T08:30:00').toISOString(),
          bj('2026-03-06T17:30:00').toISOString(),
        ]);
        expect(after.history.at(-1)).toMatchObject({
          command: 'recompute',
          rule: 'recompute:earlier',
        });
        const timers = await engine.pendingTimers(DEALER, { kind: 'visit', id });
        expect(timers.find((t) => t.name === 'visit.open')?.dueAt).toBe(
          bj('2026-03-04T08:30:00').getTime(),
        );
        expect(timers.find((t) => t.name === 'visit.overdue')?.dueAt).toBe(
          bj('2026-03-06T17:30:00').getTime(),
        );
        expect(types()).toContain('visit.window-recomputed');
        expect((await engine.recomputeDeadlines(DEALER)).changed).toBe(0);
      });

      it('rejects a bad dealer id', async () => {
        const { engine } = setup();
        await expect(engine.recomputeDeadlines('')).rejects.toMatchObject({
          code: 'VALIDATION_FAILED',
        });
      });
    });

    describe('recomputeDeadlines, rules that change timers but not deadlines', () => {
      it('replans a ladder changed under the same deadline: removed steps no longer fire', async () => {
        const { engine, clock } = setup('2026-03-02T09:00:00+08:00');
        await engine.ingest(delivery());
        const c = await engine.openComplaint({
          dealerId: DEALER,
          actor: csManager,
          customerId: 'c1',
          source: 'onSite',
          description: '洗车不干净',
        });
        engine.setRules({
          ...defaultRulePack,
          id: 'one-step',
          complaints: {
            ...defaultRulePack.complaints,
            ladder: [
              {
                id: 'tier-2',
                at: { after: { workingHours: 1 } },
                action: { kind: 'escalate', tier: 2 },
              },
            ],
          },
        });
        const r = await engine.recomputeDeadlines(DEALER);
        expect(r.complaints).toEqual({ examined: 1, changed: 1 });
        const timers = await engine.pendingTimers(DEALER, { kind: 'complaint', id: c.id });
        // due Wed 03-04 17:30; one working hour after: Thu 03-05 09:30
        expect(timers.map((t) => [t.name, t.dueAt])).toEqual([
          ['complaint.ladder.tier-2', bj('2026-03-05T09:30:00').getTime()],
        ]);
        expect((await engine.recomputeDeadlines(DEALER)).changed).toBe(0);
        clock.set(bj('2026-03-31T00:00:00'));
        await engine.tick();
        const after = await engine.getComplaint(DEALER, c.id);
        expect(after.tier).toBe(2); // the old tier-3 step is gone
        expect(after.sla.firedSteps).toEqual(['tier-2']);
      });

      it('moves only the due time of a visit that is already open', async () => {
        const gw = loadRulePack(SHIPPED_PACKS['great-wall']);
        const { engine } = setup('2026-03-02T10:00:00+08:00', { rules: gw });
        const { visitIds } = await engine.ingest(
          delivery({ occurredAt: '2026-03-02T10:00:00+08:00' }),
        );
        const before = await engine.getVisit(DEALER, visitIds[0]!);
        expect(before.state).toBe('open');
        engine.setRules(
          loadRulePack({
            id: 'later',
            version: '1',
            extends: 'great-wall',
            visits: [
              {
                id: 'first-level-after-delivery',
                visit: { window: { workingDays: 5 } },
              },
            ],
          }),
        );
        expect((await engine.recomputeDeadlines(DEALER)).visits.changed).toBe(1);
        const after = await engine.getVisit(DEALER, visitIds[0]!);
        expect(after.state).toBe('open');
        expect(after.window.opensAt).toBe(before.window.opensAt);
        expect(after.window.dueAt).toBe(bj('2026-03-09T17:30:00').toISOString()); // working day 5
        const timers = await engine.pendingTimers(DEALER, { kind: 'visit', id: after.id });
        expect(timers.some((t) => t.name === 'visit.open')).toBe(false);
      });
    });

    describe('events', () => {
      it('carry their own data: a listener cannot change the rule pack through them', async () => {
        const { engine } = setup();
        await engine.ingest(delivery());
        engine.on('complaint.received', (e) => {
          (e.data.notify as string[]).push('nobody');
        });
        const open = () =>
          engine.openComplaint({
            dealerId: DEALER,
            actor: csManager,
            customerId: 'c1',
            source: 'onSite',
            description: '等待太久',
          });
        await open();
        const second = await open();
        // the second complaint's event was built from the pack after the listener ran on the first
        const events = await engine.readEvents(DEALER);
        expect(
          events.find((e) => e.type === 'complaint.received' && e.subject.id === second.id)?.data
            .notify,
        ).toEqual(defaultRulePack.complaints.tiers['1']);
      });
    });
  });
}
