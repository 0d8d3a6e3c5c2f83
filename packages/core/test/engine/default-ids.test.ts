import { describe, expect, it } from 'vitest';
import { createEngine, createFakeClock } from '../../src';
import { ADAPTERS } from '../adapters/adapters';
import { DEALER, delivery, onAdapter } from './setup';

for (const adapter of ADAPTERS) {
  describe(adapter.name, () => {
    const { freshStorage } = onAdapter(adapter);

    describe('default record ids', () => {
      it('are time-ordered UUIDs: each new record sorts after the ones made before it', async () => {
        const engine = createEngine({
          storage: freshStorage(),
          clock: createFakeClock('2026-03-02T09:00:00+08:00'),
        });
        const made: string[] = [];
        for (let i = 0; i < 50; i++) {
          const r = await engine.ingest(
            delivery({
              sourceId: `DEL-${i}`,
              customer: { id: `c${i}`, name: '张三', phones: [{ number: '13812345678' }] },
              vehicle: { id: `car${i}`, vin: `LGWEF4A59RH${String(100_000 + i)}`, model: 'H6' },
            }),
          );
          made.push(...r.visitIds);
        }
        expect(made.length).toBeGreaterThanOrEqual(50);
        for (const id of made) {
          expect(id).toMatch(
            /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
          );
        }
        expect([...made].sort()).toEqual(made);
        // So a list paged by id is in creation order.
        const listed = await engine.listVisits({ dealerId: DEALER, limit: 1000 });
        expect(listed.map((v) => v.id)).toEqual(made);
      });

      it('carry the time of the engine clock, not of the machine', async () => {
        const clock = createFakeClock('2026-03-02T09:00:00+08:00');
        const engine = createEngine({ storage: freshStorage(), clock });
        const stampOf = (id: string) => Number.parseInt(id.replaceAll('-', '').slice(0, 12), 16);
        const first = (await engine.ingest(delivery())).visitIds[0]!;
        expect(stampOf(first)).toBe(Date.parse('2026-03-02T01:00:00Z'));
        clock.advance({ hours: 30 });
        const later = (
          await engine.ingest(
            delivery({
              sourceId: 'DEL-2',
              customer: { id: 'c2', name: '李四', phones: [{ number: '13900001111' }] },
              vehicle: { id: 'car2', vin: 'LGWEF4A59RH000002', model: 'H6' },
            }),
          )
        ).visitIds[0]!;
        expect(stampOf(later)).toBe(Date.parse('2026-03-03T07:00:00Z'));
        expect(later > first).toBe(true);
      });
    });
  });
}
