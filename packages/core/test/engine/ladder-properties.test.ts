/**
 * Escalation ladders on random ladders and random tick schedules: every step fires exactly once,
 * in the order `planLadder` gives (time, then position), however the ticks fall.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  chinaCalendar,
  defaultRulePack,
  type LadderAction,
  type LadderStep,
  type Offset,
  planLadder,
} from '../../src';
import { ADAPTERS } from '../adapters/adapters';
import { DEALER, onAdapter } from './setup';

const duration = fc.oneof(
  fc.integer({ min: 1, max: 40 }).map((workingHours) => ({ workingHours })),
  fc.integer({ min: 1, max: 72 }).map((hours) => ({ hours })),
);
const offset: fc.Arbitrary<Offset> = fc.oneof(
  fc.constant('due' as const),
  duration.map((before) => ({ before })),
  duration.map((after) => ({ after })),
);
const action: fc.Arbitrary<LadderAction> = fc.oneof(
  fc.constant<LadderAction>({ kind: 'warn' }),
  fc.constantFrom(2, 3).map((tier): LadderAction => ({ kind: 'escalate', tier })),
  fc.constant<LadderAction>({ kind: 'notify', roles: ['generalManager'] }),
);
const ladderArb = fc
  .array(fc.record({ at: offset, action }), { minLength: 1, maxLength: 6 })
  .map((steps): LadderStep[] => steps.map((s, i) => ({ id: `s${i}`, ...s })));

for (const adapter of ADAPTERS) {
  describe(adapter.name, () => {
    const { setup, runs } = onAdapter(adapter);

    describe('complaint ladders (property)', () => {
      it('fire every step once, in planned order, whatever the tick schedule', async () => {
        const cal = chinaCalendar();
        await fc.assert(
          fc.asyncProperty(
            ladderArb,
            fc.array(fc.integer({ min: 0, max: 20 * 24 * 60 }), { maxLength: 8 }),
            async (ladder, tickMinutes) => {
              const { engine, clock } = setup('2026-03-02T09:00:00+08:00', {
                rules: {
                  ...defaultRulePack,
                  id: 'random-ladder',
                  complaints: { ...defaultRulePack.complaints, ladder },
                },
              });
              const { complaintIds } = await engine.ingest({
                type: 'complaint.received',
                sourceId: 'CMP-P',
                dealerId: DEALER,
                occurredAt: '2026-03-02T09:00:00+08:00',
                customer: { id: 'c9', name: '李四' },
                source: 'inboundCall',
                category: 'repairTechnique',
                description: '等待时间太长',
              });
              const id = complaintIds[0]!;
              const opened = await engine.getComplaint(DEALER, id);
              const planned = planLadder(ladder, Date.parse(opened.sla.dueAt), cal);
              const t0 = clock.now().getTime();
              for (const m of [...tickMinutes].sort((a, b) => a - b)) {
                clock.set(new Date(t0 + m * 60_000));
                await engine.tick();
                const now = clock.now().getTime();
                const c = await engine.getComplaint(DEALER, id);
                // exactly the steps due by now have fired, in order
                expect(c.sla.firedSteps).toEqual(
                  planned.filter((s) => s.at <= now).map((s) => s.stepId),
                );
              }
              clock.set(new Date(Date.parse('2026-12-01T00:00:00Z')));
              await engine.tick();
              expect((await engine.tick()).fired).toBe(0);
              const done = await engine.getComplaint(DEALER, id);
              expect(done.sla.firedSteps).toEqual(planned.map((s) => s.stepId));
            },
          ),
          { numRuns: runs(40) },
        );
      });
    });
  });
}
