/**
 * The desk's reads: work lists sorted by due or opening time with stable cursors, badge counts,
 * search by phone / VIN / plate / name, and one customer's whole story — on every adapter.
 */
import { describe, expect, it } from 'vitest';
import type { Actor, DealercareError, Visit } from '../../src';
import { ADAPTERS } from '../adapters/adapters';
import { csManager, DEALER, delivery, onAdapter, repair } from './setup';

const dpo: Actor = { kind: 'person', id: 'cs-9', name: '周静', roles: ['csManager'] };

/** Deliveries spread over two weeks (a window each), and repairs of another visit type. */
async function seedDesk(engine: ReturnType<ReturnType<typeof onAdapter>['setup']>['engine']) {
  for (let i = 0; i < 9; i++) {
    const day = String(2 + i).padStart(2, '0');
    await engine.ingest(
      delivery({
        sourceId: `DEL-${i}`,
        occurredAt: `2026-03-${day}T${10 + (i % 3)}:00:00+08:00`,
        customer: {
          id: `c${i}`,
          name: i % 2 === 0 ? `王${i}` : `Li ${i}`,
          phones: [{ number: `1381234560${i}` }],
        },
        vehicle: { id: `car${i}`, vin: `LGWEF4A59RH00000${i}`, plate: `京A 1234${i}` },
      }),
    );
  }
  for (let i = 0; i < 3; i++) {
    await engine.ingest(
      repair({
        sourceId: `RO-${i}`,
        repairOrderId: `RO-${i}`,
        customer: { id: `r${i}`, name: `赵${i}`, phones: [{ number: `1390000111${i}` }] },
        vehicle: { id: `rcar${i}`, vin: `LGWEF4A59RH00010${i}` },
      }),
    );
  }
}

const failure = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e as DealercareError,
  );

for (const adapter of ADAPTERS) {
  describe(adapter.name, () => {
    const { setup } = onAdapter(adapter);

    describe('work lists', () => {
      it('page through open visits by due time: every one once, in (due, id) order', async () => {
        const { engine } = setup();
        await seedDesk(engine);
        const all = await engine.listVisits({ dealerId: DEALER, limit: 10_000 });
        const due = (v: Visit) => Date.parse(v.window.extendedDueAt ?? v.window.dueAt);
        const want = all
          .filter((v) => v.state === 'scheduled' || v.state === 'open')
          .sort((a, b) => due(a) - due(b) || (a.id < b.id ? -1 : 1))
          .map((v) => v.id);
        expect(want.length).toBeGreaterThan(5);
        const seen: string[] = [];
        let cursor: string | undefined;
        do {
          const page = await engine.workList({
            dealerId: DEALER,
            status: ['scheduled', 'open'],
            limit: 2,
            ...(cursor !== undefined ? { cursor } : {}),
          });
          expect(page.items.length).toBeLessThanOrEqual(2);
          seen.push(...page.items.map((v) => v.id));
          cursor = page.nextCursor;
        } while (cursor !== undefined);
        expect(seen).toEqual(want);
      });

      it('filter by type, agent and opening range; sort by opening time', async () => {
        const { engine } = setup();
        await seedDesk(engine);
        const all = await engine.listVisits({ dealerId: DEALER, limit: 10_000 });
        const types = [...new Set(all.map((v) => v.type))];
        expect(types.length).toBeGreaterThan(1);
        for (const type of types) {
          const page = await engine.workList({ dealerId: DEALER, type, limit: 500 });
          expect(page.items.map((v) => v.id).sort()).toEqual(
            all
              .filter((v) => v.type === type)
              .map((v) => v.id)
              .sort(),
          );
        }
        const opens = all.map((v) => Date.parse(v.window.opensAt)).sort((a, b) => a - b);
        const from = new Date(opens[2]!);
        const to = new Date(opens[opens.length - 3]!);
        const byOpening = await engine.workList({
          dealerId: DEALER,
          sort: 'opens',
          opensFrom: from,
          opensTo: to,
          limit: 500,
        });
        const got = byOpening.items.map((v) => Date.parse(v.window.opensAt));
        expect(got).toEqual([...got].sort((a, b) => a - b));
        expect(got.length).toBe(
          opens.filter((t) => t >= from.getTime() && t <= to.getTime()).length,
        );

        const first = all[0]!;
        await engine.assign({
          dealerId: DEALER,
          item: { kind: 'visit', id: first.id },
          assignee: { id: 'agent-li', name: '李娜', roles: ['followUpAgent'] },
          actor: csManager,
        });
        const mine = await engine.workList({ dealerId: DEALER, assigneeId: 'agent-li' });
        expect(mine.items.map((v) => v.id)).toEqual([first.id]);
        expect(mine.nextCursor).toBeUndefined();
      });

      it('counts per state under the same filters, for badges', async () => {
        const { engine } = setup();
        await seedDesk(engine);
        const all = await engine.listVisits({ dealerId: DEALER, limit: 10_000 });
        const count = (vs: Visit[]) => {
          const c: Record<string, number> = {};
          for (const v of vs) c[v.state] = (c[v.state] ?? 0) + 1;
          return c;
        };
        expect(await engine.countWork({ dealerId: DEALER })).toEqual(count(all));
        const type = all[0]!.type;
        expect(await engine.countWork({ dealerId: DEALER, type })).toEqual(
          count(all.filter((v) => v.type === type)),
        );
        expect(await engine.countWork({ dealerId: DEALER, kind: 'complaint' })).toEqual({});
      });

      it('complaints list by due time too', async () => {
        const { engine } = setup();
        await engine.ingest(delivery());
        for (const category of ['repairPrice', 'repairTechnique'] as const) {
          await engine.openComplaint({
            dealerId: DEALER,
            customerId: 'c1',
            source: 'inboundCall',
            description: `投诉 ${category}`,
            category,
            actor: csManager,
          });
        }
        const page = await engine.workList({ dealerId: DEALER, kind: 'complaint' });
        expect(page.items).toHaveLength(2);
        const dues = page.items.map((c) => Date.parse(c.sla.dueAt!));
        expect(dues).toEqual([...dues].sort((a, b) => a - b));
        const price = await engine.workList({
          dealerId: DEALER,
          kind: 'complaint',
          type: 'repairPrice',
        });
        expect(price.items.map((c) => c.category)).toEqual(['repairPrice']);
      });

      it('refuse a cursor of another sort, a forged cursor and unknown filters', async () => {
        const { engine } = setup();
        await seedDesk(engine);
        const page = await engine.workList({ dealerId: DEALER, limit: 1 });
        expect(page.nextCursor).toBeDefined();
        const wrongSort = await failure(
          engine.workList({ dealerId: DEALER, sort: 'opens', cursor: page.nextCursor! }),
        );
        expect(wrongSort?.code).toBe('VALIDATION_FAILED');
        expect(wrongSort?.details).toMatchObject({ issues: [{ path: ['cursor'] }] });
        const forged = await failure(engine.workList({ dealerId: DEALER, cursor: 'not-a-cursor' }));
        expect(forged?.code).toBe('VALIDATION_FAILED');
        const typo = await failure(
          engine.workList({ dealerId: DEALER, asigneeId: 'x' } as unknown as { dealerId: string }),
        );
        expect(typo?.code).toBe('VALIDATION_FAILED');
        expect(typo?.details).toMatchObject({ issues: [{ path: ['asigneeId'] }] });
        const tooBig = await failure(engine.workList({ dealerId: DEALER, limit: 501 }));
        expect(tooBig?.details).toMatchObject({ issues: [{ path: ['limit'] }] });
      });
    });

    describe('search', () => {
      it('finds a customer by phone in any spelling, with the vehicles', async () => {
        const { engine } = setup();
        await seedDesk(engine);
        for (const phone of ['13812345603', '+86 138 1234 5603', '138-1234-5603']) {
          const r = await engine.search({ dealerId: DEALER, phone });
          expect(r.customers.map((c) => c.id)).toEqual(['c3']);
          expect(r.vehicles.map((v) => v.id)).toEqual(['car3']);
        }
        expect(await engine.search({ dealerId: 'other', phone: '13812345603' })).toEqual({
          customers: [],
          vehicles: [],
        });
      });

      it('finds vehicles by VIN, its last six, or a plate prefix, with their owners', async () => {
        const { engine } = setup();
        await seedDesk(engine);
        const byVin = await engine.search({ dealerId: DEALER, vin: 'lgwef4a59rh000004' });
        expect(byVin.vehicles.map((v) => v.id)).toEqual(['car4']);
        expect(byVin.customers.map((c) => c.id)).toEqual(['c4']);
        const byTail = await engine.search({ dealerId: DEALER, vin: '000005' });
        expect(byTail.vehicles.map((v) => v.id)).toEqual(['car5']);
        const byVinPrefix = await engine.search({ dealerId: DEALER, vin: 'LGWEF4A59RH0001' });
        expect(byVinPrefix.vehicles.map((v) => v.id).sort()).toEqual(['rcar0', 'rcar1', 'rcar2']);
        const byPlate = await engine.search({ dealerId: DEALER, plate: '京a1234' });
        expect(byPlate.vehicles).toHaveLength(9);
        const onePlate = await engine.search({ dealerId: DEALER, plate: '京A·12347' });
        expect(onePlate.customers.map((c) => c.id)).toEqual(['c7']);
      });

      it('finds customers by the beginning of the name, case and width ignored', async () => {
        const { engine } = setup();
        await seedDesk(engine);
        const wang = await engine.search({ dealerId: DEALER, name: '王' });
        expect(wang.customers.map((c) => c.id).sort()).toEqual(['c0', 'c2', 'c4', 'c6', 'c8']);
        const li = await engine.search({ dealerId: DEALER, name: 'ＬＩ ' });
        expect(li.customers.map((c) => c.id).sort()).toEqual(['c1', 'c3', 'c5', 'c7']);
        const limited = await engine.search({ dealerId: DEALER, name: '王', limit: 2 });
        expect(limited.customers).toHaveLength(2);
      });

      it('follows a changed phone, and forgets an erased customer', async () => {
        const { engine } = setup();
        await seedDesk(engine);
        await engine.ingest({
          type: 'customer.changed',
          sourceId: 'CHG-1',
          dealerId: DEALER,
          occurredAt: '2026-03-20T09:00:00+08:00',
          customer: { id: 'c2', name: '王2', phones: [{ number: '13700000002' }] },
        });
        expect((await engine.search({ dealerId: DEALER, phone: '13812345602' })).customers).toEqual(
          [],
        );
        const moved = await engine.search({ dealerId: DEALER, phone: '13700000002' });
        expect(moved.customers.map((c) => c.id)).toEqual(['c2']);
        await engine.eraseCustomer({ dealerId: DEALER, customerId: 'c2', actor: dpo });
        expect((await engine.search({ dealerId: DEALER, phone: '13700000002' })).customers).toEqual(
          [],
        );
        expect(
          (await engine.search({ dealerId: DEALER, name: '王2' })).customers.map((c) => c.id),
        ).toEqual([]);
      });

      it('takes exactly one field', async () => {
        const { engine } = setup();
        const none = await failure(engine.search({ dealerId: DEALER }));
        expect(none?.code).toBe('VALIDATION_FAILED');
        const two = await failure(engine.search({ dealerId: DEALER, phone: '138', name: '王' }));
        expect(two?.code).toBe('VALIDATION_FAILED');
      });
    });

    describe('lookups and a customer’s timeline', () => {
      it('take one object; the two-string form still answers the same', async () => {
        const { engine } = setup();
        const { visitIds } = await engine.ingest(delivery());
        const id = visitIds[0]!;
        expect(await engine.getVisit({ dealerId: DEALER, id })).toEqual(
          await engine.getVisit(DEALER, id),
        );
        expect((await engine.getCustomer({ dealerId: DEALER, id: 'c1' })).name).toBe('张三');
        expect((await engine.getVehicle({ dealerId: DEALER, id: 'car1' })).vin).toBe(
          'LGWEF4A59RH000001',
        );
        const missing = await failure(engine.getVehicle({ dealerId: DEALER, id: 'nope' }));
        expect(missing?.code).toBe('NOT_FOUND');
        const typo = await failure(
          engine.getVisit({ dealerId: DEALER, ID: id } as unknown as {
            dealerId: string;
            id: string;
          }),
        );
        expect(typo?.code).toBe('VALIDATION_FAILED');
        expect(await engine.readEvents({ dealerId: DEALER, limit: 2 })).toEqual(
          await engine.readEvents(DEALER, { limit: 2 }),
        );
      });

      it('list customers a page at a time', async () => {
        const { engine } = setup();
        await seedDesk(engine);
        const first = await engine.listCustomers({ dealerId: DEALER, limit: 5 });
        const rest = await engine.listCustomers({
          dealerId: DEALER,
          afterId: first.at(-1)!.id,
          limit: 100,
        });
        const ids = [...first, ...rest].map((c) => c.id);
        expect(ids).toEqual([...ids].sort());
        expect(ids).toHaveLength(12);
      });

      it('tell a customer’s whole story in one call, oldest first', async () => {
        const { engine, clock } = setup();
        const { visitIds } = await engine.ingest(delivery());
        await engine.openComplaint({
          dealerId: DEALER,
          customerId: 'c1',
          source: 'inboundCall',
          description: '价格不透明',
          category: 'repairPrice',
          actor: csManager,
        });
        clock.advance({ days: 8 });
        await engine.tick();
        const t = await engine.customerTimeline({ dealerId: DEALER, customerId: 'c1' });
        expect(t.customer.id).toBe('c1');
        expect(t.vehicles.map((v) => v.id)).toEqual(['car1']);
        expect(t.visits.map((v) => v.id)).toEqual(visitIds);
        expect(t.complaints).toHaveLength(1);
        const kinds = new Set(t.entries.map((e) => e.subject.kind));
        expect([...kinds].sort()).toEqual(['complaint', 'customer', 'visit']);
        const times = t.entries.map((e) => Date.parse(e.entry.at));
        expect(times).toEqual([...times].sort((a, b) => a - b));
        const total =
          t.customer.history.length +
          t.visits.reduce((n, v) => n + v.history.length, 0) +
          t.complaints.reduce((n, c) => n + c.history.length, 0);
        expect(t.entries).toHaveLength(total);
        const missing = await failure(
          engine.customerTimeline({ dealerId: DEALER, customerId: 'nobody' }),
        );
        expect(missing?.code).toBe('NOT_FOUND');
      });
    });
  });
}
