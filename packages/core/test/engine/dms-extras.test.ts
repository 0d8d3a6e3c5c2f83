import { describe, expect, it } from 'vitest';
import {
  type DealercareError,
  defaultRulePack,
  EXTRAS_LIMITS,
  type StorageAdapter,
  ValidationError,
} from '../../src';
import { ADAPTERS } from '../adapters/adapters';
import { csManager, DEALER, DELIVERY_VISIT_TYPES, delivery, onAdapter } from './setup';

async function stored(storage: StorageAdapter, kind: 'vehicle' | 'customer', id: string) {
  return storage.transaction(async (tx) => (await tx.get(kind, DEALER, id))?.data);
}

async function failure(p: Promise<unknown>): Promise<ValidationError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  if (!(e instanceof ValidationError)) {
    throw new Error(`expected VALIDATION_FAILED, got ${(e as DealercareError)?.code ?? 'success'}`);
  }
  return e;
}

for (const adapter of ADAPTERS) {
  describe(adapter.name, () => {
    const { setup, freshStorage } = onAdapter(adapter);

    describe('DMS extras', () => {
      it('are kept with what they describe: profiles on their records, the event on what it creates', async () => {
        const storage = freshStorage();
        const { engine } = setup(undefined, { storage });
        const eventExtras = {
          dmsOrderNo: 'SO-2026-0042',
          lines: [{ sku: 'A1', qty: 2 }],
          note: null,
        };
        const { visitIds } = await engine.ingest(
          delivery({
            extras: eventExtras,
            customer: {
              id: 'c1',
              name: '张三',
              phones: [{ number: '13812345678' }],
              extras: { memberLevel: 'gold', wechat: { openId: 'o-123' } },
            },
            vehicle: {
              id: 'car1',
              vin: 'LGWEF4A59RH000001',
              extras: { colour: '白', trim: 'Max' },
            },
          }),
        );
        expect((await engine.getVisit(DEALER, visitIds[0]!)).dmsExtras).toEqual(eventExtras);
        expect((await engine.getCustomer(DEALER, 'c1')).extras).toEqual({
          memberLevel: 'gold',
          wechat: { openId: 'o-123' },
        });
        expect((await stored(storage, 'vehicle', 'car1'))?.extras).toEqual({
          colour: '白',
          trim: 'Max',
        });

        const complaint = await engine.ingest({
          type: 'complaint.received',
          sourceId: 'DMS-CPL-1',
          dealerId: DEALER,
          occurredAt: '2026-03-02T10:00:00+08:00',
          customer: { id: 'c1', name: '张三', phones: [{ number: '13812345678' }] },
          source: 'inboundCall',
          description: '异响',
          extras: { ticket: 'T-9' },
        });
        expect((await engine.getComplaint(DEALER, complaint.complaintIds[0]!)).dmsExtras).toEqual({
          ticket: 'T-9',
        });
        // A complaint opened by hand has none.
        const byHand = await engine.openComplaint({
          dealerId: DEALER,
          actor: csManager,
          customerId: 'c1',
          source: 'onSite',
          description: '等待',
        });
        expect(byHand.dmsExtras).toBeUndefined();
      });

      it('are copied: the caller may change its object afterwards', async () => {
        const { engine } = setup();
        const extras = { list: [1, 2] };
        const { visitIds } = await engine.ingest(delivery({ extras }));
        extras.list.push(3);
        expect((await engine.getVisit(DEALER, visitIds[0]!)).dmsExtras).toEqual({ list: [1, 2] });
      });

      it('are refused when they are not a bounded plain JSON object, with the path', async () => {
        const storage = freshStorage();
        const { engine } = setup(undefined, { storage });
        let deep: Record<string, unknown> = { leaf: 1 };
        for (let i = 0; i < EXTRAS_LIMITS.maxDepth + 1; i++) deep = { d: deep };
        const cases: [unknown, (string | number)[]][] = [
          [JSON.parse('{"a": 1, "__proto__": {"polluted": true}}'), ['extras', '__proto__']],
          [{ nested: { constructor: { prototype: 1 } } }, ['extras', 'nested', 'constructor']],
          [[1, 2], ['extras']],
          ['text', ['extras']],
          [{ when: new Date(0) }, ['extras', 'when']],
          [{ n: Number.NaN }, ['extras', 'n']],
          [{ big: 'x'.repeat(EXTRAS_LIMITS.maxChars) }, ['extras', 'big']],
          [
            Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`, 'x'.repeat(200)])),
            ['extras'],
          ],
        ];
        for (const [extras, path] of cases) {
          const e = await failure(engine.ingest(delivery({ extras } as never)));
          expect(e.issues.map((i) => i.path)[0]).toEqual(path);
        }
        const e = await failure(engine.ingest(delivery({ extras: deep } as never)));
        expect(e.issues[0]!.message).toMatch(/deeper than/);
        const onCustomer = await failure(
          engine.ingest(delivery({ customer: { id: 'c1', name: '张三', extras: [] } } as never)),
        );
        expect(onCustomer.issues.map((i) => i.path)).toEqual([['customer', 'extras']]);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        expect(await engine.readEvents(DEALER)).toEqual([]);
      });

      it('are never seen by rule conditions', async () => {
        const pack = structuredClone(defaultRulePack) as unknown as {
          visits: { id: string; on: string; when?: unknown; visit: { type: string } }[];
        };
        const firstLevel = pack.visits.find((v) => v.id === 'first-level-after-delivery')!;
        // A pack that tries to read extras: the condition sees none, so it can never match on them.
        pack.visits.push({
          ...structuredClone(firstLevel),
          id: 'vip-call',
          when: {
            any: [
              { fact: 'event', path: 'extras.vip', operator: 'equal', value: true },
              { fact: 'customer', path: 'extras.vip', operator: 'equal', value: true },
              { fact: 'vehicle', path: 'extras.vip', operator: 'equal', value: true },
            ],
          },
          visit: { ...firstLevel.visit, type: 'vipCall' },
        });
        const { engine } = setup(undefined, { rules: pack });
        const { visitIds } = await engine.ingest(
          delivery({
            extras: { vip: true },
            customer: {
              id: 'c1',
              name: '张三',
              phones: [{ number: '13812345678' }],
              extras: { vip: true },
            },
            vehicle: { id: 'car1', vin: 'LGWEF4A59RH000001', extras: { vip: true } },
          }),
        );
        const types = await Promise.all(
          visitIds.map(async (id) => (await engine.getVisit(DEALER, id)).type),
        );
        // The default pack's own visits of a delivery, and no vipCall.
        expect(types).toEqual([...DELIVERY_VISIT_TYPES]);
      });
    });
  });
}
