import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ADAPTERS } from '../adapters/adapters';
import {
  agent,
  complaintAwaitingCustomer,
  csManager,
  customerDecides,
  DEALER,
  delivery,
  onAdapter,
  repair,
  repairOutsideSample,
  WITHOUT_DUTIES,
} from './setup';

const bj = (local: string) => new Date(`${local}+08:00`);

for (const adapter of ADAPTERS) {
  describe(adapter.name, () => {
    const { setup, runs } = onAdapter(adapter);

    describe('tick', () => {
      it('opens a scheduled window, warns, records the breach, and fires nothing twice', async () => {
        // Without the duties: this counts the timers of the first- and second-level visits.
        const { engine, clock, types } = setup(undefined, { rules: WITHOUT_DUTIES });
        const { visitIds } = await engine.ingest(delivery());
        const first = visitIds[0]!;
        await engine.recordAttempt({
          dealerId: DEALER,
          visitId: first,
          actor: agent,
          outcome: 'connected',
        });
        await engine.completeVisit({
          dealerId: DEALER,
          visitId: first,
          actor: agent,
          answers: { reception: 9 },
        });
        const second = (await engine.listVisits({ dealerId: DEALER, status: 'scheduled' }))[0]!;

        clock.set(bj('2026-03-09T08:29:00'));
        expect((await engine.tick()).fired).toBe(0);
        clock.set(bj('2026-03-09T08:30:00'));
        expect(await engine.tick()).toMatchObject({ fired: 1, discarded: 0 });
        expect((await engine.getVisit(DEALER, second.id)).state).toBe('open');
        expect((await engine.tick()).fired).toBe(0);

        clock.set(bj('2026-03-12T17:30:00'));
        const r = await engine.tick();
        expect(r.fired).toBe(1); // the overdue breach (the due-soon warning belongs to first-level only)
        const v = await engine.getVisit(DEALER, second.id);
        expect(v.history.at(-1)).toMatchObject({
          command: 'breach',
          rule: 'timer:visit.overdue',
          from: 'open',
          to: 'open',
        });
        expect(types()).toEqual(expect.arrayContaining(['visit.opened', 'visit.overdue']));
        expect((await engine.tick(bj('2026-04-01T00:00:00'))).fired).toBe(0);
      });

      it('announces a breach once, also when the visit changes after it (its timers are rebuilt)', async () => {
        const { engine, clock, types } = setup();
        const { visitIds } = await engine.ingest(delivery());
        // due at the end of the third working day after Mon 03-02: Thu 03-05 17:30
        clock.set(bj('2026-03-06T09:00:00'));
        await engine.tick();
        expect(types().filter((t) => t === 'visit.overdue')).toHaveLength(1);
        await engine.recordAttempt({
          dealerId: DEALER,
          visitId: visitIds[0]!,
          actor: agent,
          outcome: 'no-answer',
        });
        clock.set(bj('2026-03-06T09:05:00'));
        await engine.tick();
        expect(types().filter((t) => t === 'visit.overdue')).toHaveLength(1);
        const v = await engine.getVisit(DEALER, visitIds[0]!);
        expect(v.history.filter((h) => h.command === 'breach')).toHaveLength(1);
        expect(v.firedTimers).toContain(`visit.overdue@${Date.parse('2026-03-05T09:30:00.000Z')}`);
      });

      it('discards a timer whose visit already moved on', async () => {
        const { engine, clock } = setup();
        // window opens on working day 3
        const { visitIds } = await engine.ingest(repairOutsideSample({ repairKind: 'general' }));
        const visitId = visitIds[0]!;
        expect((await engine.getVisit(DEALER, visitId)).state).toBe('scheduled');
        await engine.moveVisit({ dealerId: DEALER, visitId, actor: csManager, command: 'cancel' });
        clock.set(bj('2026-03-20T09:00:00'));
        expect(await engine.tick()).toMatchObject({ fired: 0 });
        expect((await engine.getVisit(DEALER, visitId)).state).toBe('cancelled');
      });

      it('runs the complaint ladder: warning, tier 2 at the deadline, tier 3 after it', async () => {
        const { engine, clock, seen } = setup('2026-03-02T09:00:00+08:00');
        const { complaintIds } = await engine.ingest({
          type: 'complaint.received',
          sourceId: 'CMP-1',
          dealerId: DEALER,
          occurredAt: '2026-03-02T09:00:00+08:00',
          customer: { id: 'c5', name: '周杰' },
          source: 'onSite',
          category: 'repairTechnique',
          description: '异响未修好',
        });
        const id = complaintIds[0]!;
        const c = await engine.getComplaint(DEALER, id);
        expect(c.owner.role).toBe('technicalDirector');
        // resolve within 2 working days: end of work Wed 03-04 17:30 Beijing.
        expect(c.sla.dueAt).toBe('2026-03-04T09:30:00.000Z');
        const timers = await engine.pendingTimers(DEALER, { kind: 'complaint', id });
        expect(timers.map((t) => t.name)).toEqual([
          'complaint.feedback-due', // 24 hours after routing [003]
          'complaint.ladder.warn',
          'complaint.ladder.tier-2',
          'complaint.ladder.tier-3',
        ]);

        clock.set(bj('2026-03-04T17:30:00'));
        await engine.tick();
        expect((await engine.getComplaint(DEALER, id)).tier).toBe(2);
        clock.set(bj('2026-03-31T00:00:00'));
        await engine.tick();
        const final = await engine.getComplaint(DEALER, id);
        expect(final.tier).toBe(3);
        expect(final.sla.firedSteps).toEqual(['warn', 'tier-2', 'tier-3']);
        expect(final.history.filter((h) => h.command === 'escalate').map((h) => h.rule)).toEqual([
          'timer:complaint.ladder.tier-2',
          'timer:complaint.ladder.tier-3',
        ]);
        const escalations = seen.filter((e) => e.type === 'complaint.escalated');
        expect(escalations.map((e) => e.data.tier)).toEqual([2, 3]);
        expect(escalations[1]?.data.notify).toEqual(['csManager', 'generalManager']);
        expect(seen.some((e) => e.type === 'complaint.due-soon')).toBe(true);
        expect((await engine.tick()).fired).toBe(0);
      });

      it('stops the complaint clock while waiting for the customer and moves the deadline by the paused working time', async () => {
        const { engine, clock } = setup('2026-03-02T09:00:00+08:00');
        await engine.ingest(delivery());
        const id = await complaintAwaitingCustomer(engine);
        const paused = await engine.getComplaint(DEALER, id);
        expect(paused.sla.pausedAt).toBe(new Date(bj('2026-03-02T09:00:00')).toISOString());
        // No ladder while paused; the feedback to customer service [003] does not pause.
        expect(
          (await engine.pendingTimers(DEALER, { kind: 'complaint', id })).map((t) => t.name),
        ).toEqual(['complaint.feedback-due']);
        // The customer answers the next morning at 09:00: paused 09:00–12:00, 13:30–17:30, 08:30–09:00 = 7.5 working hours.
        clock.set(bj('2026-03-03T09:00:00'));
        const resumed = await customerDecides(engine, id, true);
        expect(resumed.sla.pausedAt).toBeUndefined();
        expect(resumed.sla.pausedWorkingMinutes).toBe(450);
        expect(resumed.sla.dueAt).toBe('2026-03-05T09:30:00.000Z');
      });

      it('a pause that spans no working time leaves the deadline exactly where it was', async () => {
        // Due at a period end (Wed 17:30): a zero-minute pause must not push it to Thu 08:30.
        const { engine, clock } = setup('2026-03-02T09:00:00+08:00');
        await engine.ingest(delivery());
        clock.set(bj('2026-03-02T18:00:00'));
        const id = await complaintAwaitingCustomer(engine);
        const before = await engine.getComplaint(DEALER, id);
        clock.set(bj('2026-03-02T21:00:00'));
        const after = await customerDecides(engine, id, false);
        expect(after.sla.pausedWorkingMinutes).toBe(0);
        expect(after.sla.dueAt).toBe(before.sla.dueAt);
      });

      it('reports the opinion form not returned in time to the general manager', async () => {
        const { engine, clock, seen } = setup();
        const { visitIds } = await engine.ingest(repair());
        const visitId = visitIds[0]!;
        await engine.recordAttempt({
          dealerId: DEALER,
          visitId,
          actor: agent,
          outcome: 'connected',
        });
        await engine.completeVisit({
          dealerId: DEALER,
          visitId,
          actor: agent,
          answers: { repairQuality: 3 },
        });
        const [oc] = await engine.listOpinionCases({ dealerId: DEALER });
        await engine.moveOpinionCase({
          dealerId: DEALER,
          caseId: oc!.id,
          actor: agent,
          command: 'sendForm',
        });
        clock.advance({ hours: 24 });
        await engine.tick();
        const late = await engine.getOpinionCase(DEALER, oc!.id);
        expect(late.state).toBe('notReturnedInTime');
        expect(seen.find((e) => e.type === 'opinion.form-overdue')?.data.notify).toEqual([
          'generalManager',
        ]);
      });

      it('fires nothing new on a second tick at any instant (property)', async () => {
        await fc.assert(
          fc.asyncProperty(
            fc.integer({ min: 0, max: 30 * 24 * 60 }),
            fc.integer({ min: 0, max: 30 * 24 * 60 }),
            async (m1, m2) => {
              const { engine } = setup();
              await engine.ingestMany([
                delivery(),
                repair(),
                repair({ sourceId: 'R2', repairKind: 'general', repairOrderId: 'RO-2' }),
              ]);
              const t0 = bj('2026-03-02T09:00:00').getTime();
              const a = new Date(t0 + Math.min(m1, m2) * 60_000);
              const b = new Date(t0 + Math.max(m1, m2) * 60_000);
              await engine.tick(b);
              const again = await engine.tick(b);
              expect(again.fired + again.discarded).toBe(0);
              expect((await engine.tick(a)).fired).toBe(0);
            },
          ),
          { numRuns: runs(25) },
        );
      });
    });
  });
}
