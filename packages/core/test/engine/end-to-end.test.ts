import { describe, expect, it } from 'vitest';
import { ADAPTERS } from '../adapters/adapters';
import {
  afterSales,
  agent,
  DEALER,
  DELIVERY_VISIT_TYPES,
  delivery,
  onAdapter,
  repair,
} from './setup';

for (const adapter of ADAPTERS) {
  describe(adapter.name, () => {
    const { setup } = onAdapter(adapter);

    describe('end to end', () => {
      it('delivery → first-level visit → two failed attempts → unreachable', async () => {
        const { engine, clock, types } = setup();
        const r = await engine.ingest(delivery());
        // The first-level visit first, then the duties of 001/003 (see DELIVERY_VISIT_TYPES).
        expect(r.status).toBe('ingested');
        expect(r.visitIds).toHaveLength(DELIVERY_VISIT_TYPES.length);
        const visitId = r.visitIds[0]!;
        const v = await engine.getVisit(DEALER, visitId);
        expect(v).toMatchObject({
          type: 'firstLevel',
          state: 'open',
          surveyId: 'ssi',
          assignee: { role: 'followUpAgent' },
        });

        const first = await engine.recordAttempt({
          dealerId: DEALER,
          visitId,
          actor: agent,
          outcome: 'no-answer',
        });
        expect(first.state).toBe('attempting');
        expect(first.retryDueAt).toBe('2026-03-04T01:00:00.000Z'); // retry within 2 days of the failed call
        clock.advance({ days: 1 });
        const second = await engine.recordAttempt({
          dealerId: DEALER,
          visitId,
          actor: agent,
          outcome: 'switched-off',
        });
        expect(second.state).toBe('unreachable');
        expect(second.attempts.map((a) => a.outcome)).toEqual(['no-answer', 'switched-off']);
        expect((await engine.getCustomer(DEALER, 'c1')).state).toBe('unreachable');
        expect(await engine.pendingTimers(DEALER, { kind: 'visit', id: visitId })).toEqual([]);
        expect(types()).toEqual(
          expect.arrayContaining(['visit.scheduled', 'visit.attempted', 'visit.unreachable']),
        );
      });

      it('repair → post-repair visit → completed with a low score → opinion case opened', async () => {
        const { engine, clock, seen } = setup();
        const { visitIds } = await engine.ingest(repair());
        const visitId = visitIds[0]!;
        await engine.recordAttempt({
          dealerId: DEALER,
          visitId,
          actor: agent,
          outcome: 'connected',
        });
        clock.advance({ minutes: 5 });
        const done = await engine.completeVisit({
          dealerId: DEALER,
          visitId,
          actor: agent,
          // The post-repair short form: the repair's effect and the complaint handling [002].
          answers: { repairQuality: 5, complaintHandling: 8 },
        });
        expect(done.state).toBe('completed');
        expect(done.response?.score).toMatchObject({
          lowItems: ['repairQuality'],
        });
        expect(done.result?.satisfied).toBe(false);
        const cases = await engine.listOpinionCases({ dealerId: DEALER });
        expect(cases).toHaveLength(1);
        expect(cases[0]).toMatchObject({
          visitId,
          state: 'recorded',
          responsibleRole: 'afterSalesManager',
          department: 'afterSales',
        });
        // Call at 09:05 in the morning → the form is due before lunch (12:00 Beijing).
        expect(cases[0]!.due.formSentBy).toBe('2026-03-02T04:00:00.000Z');
        expect(seen.find((e) => e.type === 'visit.completed')?.data).toMatchObject({
          satisfied: false,
        });
        expect(seen.map((e) => e.type)).toContain('opinion.recorded');
        void afterSales;
      });
    });
  });
}
