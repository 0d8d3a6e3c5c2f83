import { describe, expect, expectTypeOf, it } from 'vitest';
import type { EngineEvent, EngineEventData, Instant, VisitState } from '../../src';
import { ADAPTERS } from '../adapters/adapters';
import { delivery, onAdapter } from './setup';

for (const adapter of ADAPTERS) {
  describe(adapter.name, () => {
    const { setup } = onAdapter(adapter);

    describe('event data is typed per event type', () => {
      it('narrows data by type, for typed handlers and for `*` after a check on type', async () => {
        const { engine, clock } = setup();
        const overdue: EngineEvent<'visit.overdue'>[] = [];
        engine.on('visit.overdue', (e) => {
          expectTypeOf(e.data.dueAt).toEqualTypeOf<Instant>();
          expectTypeOf(e.data.state).toEqualTypeOf<VisitState>();
          overdue.push(e);
        });
        const scheduled: string[] = [];
        engine.on('*', (_type, e) => {
          if (e.type === 'visit.scheduled') {
            expectTypeOf(e.data).toEqualTypeOf<EngineEventData['visit.scheduled']>();
            scheduled.push(e.data.ruleId);
          }
        });
        await engine.ingest(delivery());
        clock.advance({ days: 30 });
        await engine.tick();
        expect(scheduled.length).toBeGreaterThan(0);
        expect(overdue.length).toBeGreaterThan(0);
        // What the types promise is what arrives.
        for (const e of overdue) {
          expect(Object.keys(e.data).sort()).toEqual(['assigneeRole', 'dueAt', 'state']);
          expect(Number.isNaN(Date.parse(e.data.dueAt))).toBe(false);
        }
      });
    });
  });
}
