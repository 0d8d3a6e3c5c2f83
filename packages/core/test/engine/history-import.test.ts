/**
 * A dealer's first day: years of past DMS events imported without scheduling visits long past,
 * the recent ones ingested as usual — on every adapter.
 */
import { describe, expect, it } from 'vitest';
import type { DealercareError, DmsEventInput } from '../../src';
import { ADAPTERS } from '../adapters/adapters';
import { DEALER, delivery, onAdapter, repair } from './setup';

/** A customer's history: a delivery two years ago, a repair a year ago, a repair 10 days ago. */
function history(i: number): DmsEventInput[] {
  const customer = (name: string) => ({
    id: `c${i}`,
    name,
    phones: [{ number: `1381234${String(i).padStart(4, '0')}` }],
  });
  const vehicle = { id: `car${i}`, vin: `LGWEF4A59RH${String(i).padStart(6, '0')}` };
  return [
    delivery({
      sourceId: `DEL-${i}`,
      occurredAt: '2024-03-01T10:00:00+08:00',
      customer: customer(`旧名${i}`),
      vehicle,
    }),
    repair({
      sourceId: `RO-${i}-1`,
      repairOrderId: `RO-${i}-1`,
      repairKind: 'general',
      occurredAt: '2025-03-03T10:00:00+08:00',
      customer: customer(`客户${i}`),
      vehicle,
    }),
    repair({
      sourceId: `RO-${i}-2`,
      repairOrderId: `RO-${i}-2`,
      repairKind: 'general',
      occurredAt: '2026-02-20T10:00:00+08:00',
      customer: customer(`客户${i}`),
      vehicle,
    }),
  ];
}

for (const adapter of ADAPTERS) {
  describe(adapter.name, () => {
    const { setup } = onAdapter(adapter);

    it('updates customers and vehicles from the past, schedules only what is recent', async () => {
      const { engine } = setup('2026-03-02T09:00:00+08:00');
      // Newest first, as a DMS export may come: the import orders them.
      const events = [1, 2, 3].flatMap(history).reverse();
      const r = await engine.importHistory(events, { batchSize: 4 });
      expect(r).toMatchObject({ imported: 6, ingested: 3, duplicates: 0 });
      expect(r.scheduleFrom).toBe(new Date('2026-01-31T01:00:00.000Z').toISOString());
      const visits = await engine.listVisits({ dealerId: DEALER, limit: 1000 });
      expect(visits.map((v) => v.id).sort()).toEqual([...r.visitIds].sort());
      // Only the recent repairs' visits: every one made from a 2026-02-20 order.
      expect(new Set(visits.map((v) => v.subject.repairOrderId))).toEqual(
        new Set(['RO-1-2', 'RO-2-2', 'RO-3-2']),
      );
      const c1 = await engine.getCustomer({ dealerId: DEALER, id: 'c1' });
      expect(c1.name).toBe('客户1'); // the later profile, though it came first in the input
      expect(c1.history.length).toBeGreaterThan(0);
      const car = await engine.getVehicle({ dealerId: DEALER, id: 'car1' });
      expect(car.deliveryDate).toBe('2024-03-01');
    });

    it('is idempotent: a second run changes nothing', async () => {
      const { engine, seen } = setup('2026-03-02T09:00:00+08:00');
      const events = [1, 2].flatMap(history);
      await engine.importHistory(events);
      const before = seen.length;
      const again = await engine.importHistory(events);
      expect(again).toMatchObject({ imported: 0, ingested: 0, duplicates: 6, visitIds: [] });
      expect(seen.length).toBe(before);
    });

    it('an explicit cutoff schedules from there; a bad event writes nothing', async () => {
      const { engine } = setup('2026-03-02T09:00:00+08:00');
      const all = await engine.importHistory(history(1), {
        scheduleFrom: new Date('2020-01-01T00:00:00+08:00'),
      });
      expect(all.imported).toBe(0);
      expect(all.ingested).toBe(3);

      const bad = [...history(2), { ...history(3)[0]!, occurredAt: 'last year' }];
      const failure = (await engine.importHistory(bad).then(
        () => undefined,
        (e: unknown) => e,
      )) as DealercareError;
      expect(failure.code).toBe('VALIDATION_FAILED');
      expect(failure.details).toMatchObject({ issues: [{ path: [3, 'occurredAt'] }] });
      expect(await engine.listCustomers({ dealerId: DEALER })).toHaveLength(1);
      const badOption = (await engine.importHistory([], { batchSize: 0 }).then(
        () => undefined,
        (e: unknown) => e,
      )) as DealercareError;
      expect(badOption.details).toMatchObject({ issues: [{ path: ['batchSize'] }] });
    });
  });
}
