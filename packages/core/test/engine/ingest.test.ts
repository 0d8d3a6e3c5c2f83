import { describe, expect, it } from 'vitest';
import type { DealercareError, DmsEventInput, ValidationError } from '../../src';
import { ADAPTERS } from '../adapters/adapters';
import { DEALER, delivery, onAdapter, repair } from './setup';

for (const adapter of ADAPTERS) {
  describe(adapter.name, () => {
    const { setup } = onAdapter(adapter);

    describe('ingest', () => {
      it('is idempotent on the source id: a re-delivery schedules nothing and announces nothing', async () => {
        const { engine, seen } = setup();
        const first = await engine.ingest(delivery());
        const count = seen.length;
        // the same payload, keys in another order and with its defaults spelled out
        const { customer, ...rest } = delivery() as Extract<
          DmsEventInput,
          { type: 'vehicle.delivered' }
        >;
        const again = await engine.ingest({
          customer: { ...customer, doNotContact: false },
          ...rest,
        });
        expect(again).toEqual({
          sourceId: 'DMS-DEL-1',
          status: 'duplicate',
          visitIds: [],
          complaintIds: [],
        });
        expect(seen).toHaveLength(count);
        expect(await engine.listVisits({ dealerId: DEALER })).toHaveLength(first.visitIds.length);
      });

      it('rejects an invalid event with every problem and writes nothing', async () => {
        const { engine, seen } = setup();
        const bad = {
          ...delivery(),
          customer: { id: 'c1', name: '', phones: [{ number: 'call me' }] },
          vehicle: { id: 'car', vin: 'IOQ' },
        };
        const err = (await engine.ingest(bad as never).catch((e: unknown) => e)) as ValidationError;
        expect(err.code).toBe('VALIDATION_FAILED');
        expect(err.issues.map((i) => i.path.join('.'))).toEqual(
          expect.arrayContaining(['customer.name', 'customer.phones.0.number', 'vehicle.vin']),
        );
        expect(seen).toEqual([]);
        expect(await engine.readEvents(DEALER)).toEqual([]);
      });

      it('ingests a batch all or nothing, validating every event first', async () => {
        const { engine } = setup();
        const err = (await engine
          .ingestMany([
            delivery(),
            repair(),
            { ...repair({ sourceId: 'X' }), repairKind: 'magic' } as never,
          ])
          .catch((e: unknown) => e)) as ValidationError;
        expect(err.issues[0]?.path.slice(0, 2)).toEqual([2, 'repairKind']);
        expect(await engine.readEvents(DEALER)).toEqual([]);
        const ok = await engine.ingestMany([delivery(), repair()]);
        expect(ok.map((r) => r.status)).toEqual(['ingested', 'ingested']);
      });

      it('creates a "do not visit" visit when the car was not picked up, and resumes it on pick-up', async () => {
        const { engine } = setup();
        const { visitIds } = await engine.ingest(
          repair({ repairKind: 'general', pickedUp: false }),
        );
        expect((await engine.getVisit(DEALER, visitIds[0]!)).state).toBe('doNotVisit');
        await engine.ingest({
          type: 'vehicle.picked-up',
          sourceId: 'P1',
          dealerId: DEALER,
          occurredAt: '2026-03-03T09:00:00+08:00',
          vehicleId: 'car2',
        });
        const v = await engine.getVisit(DEALER, visitIds[0]!);
        expect(v.state).not.toBe('doNotVisit');
        expect(v.history.map((h) => h.command)).toEqual(['schedule', 'markDoNotVisit', 'resume']);
      });

      it('schedules no visit for a do-not-contact customer', async () => {
        const { engine } = setup();
        const r = await engine.ingest(
          delivery({ customer: { id: 'c9', name: '王五', doNotContact: true } }),
        );
        expect(r.visitIds).toEqual([]);
      });

      it("keeps dealers apart: another dealer's visit is NOT_FOUND", async () => {
        const { engine } = setup();
        const { visitIds } = await engine.ingest(delivery());
        const err = (await engine
          .getVisit('other-dealer', visitIds[0]!)
          .catch((e: unknown) => e)) as DealercareError;
        expect(err.code).toBe('NOT_FOUND');
        expect(await engine.listVisits({ dealerId: 'other-dealer' })).toEqual([]);
      });
    });
  });
}
