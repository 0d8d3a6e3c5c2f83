import { describe, expect, it } from 'vitest';
import {
  type Customer,
  createEngine,
  createFakeClock,
  decodeRecord,
  encodeRecord,
  type RecordWrite,
  type StorageAdapter,
  type StorageTransaction,
} from '../../src';
import { UnitOfWork } from '../../src/engine/unit-of-work';
import { ADAPTERS } from '../adapters/adapters';
import { DEALER, delivery, onAdapter, repair, WITHOUT_DUTIES } from './setup';

/** `inner`, counting every port call by method (and each record `put` or `putMany` writes). */
function countingStorage(inner: StorageAdapter) {
  const calls: string[] = [];
  const storage: StorageAdapter = {
    name: 'counting',
    trusted: inner.trusted,
    close: () => inner.close(),
    transaction: (fn) =>
      inner.transaction((tx) => {
        const counted = new Proxy(tx, {
          get(target, prop: keyof StorageTransaction) {
            const method = target[prop] as (...args: unknown[]) => unknown;
            return (...args: unknown[]) => {
              if (prop === 'put') {
                const record = args[0] as { kind: string; id: string };
                calls.push(`put ${record.kind}:${record.id}`);
              } else if (prop === 'putMany') {
                const writes = args[0] as RecordWrite[];
                for (const { record } of writes) calls.push(`put ${record.kind}:${record.id}`);
              } else calls.push(String(prop));
              return method.apply(target, args);
            };
          },
        });
        return fn(counted);
      }),
  };
  return { storage, calls };
}

function engineOn(storage: StorageAdapter) {
  let n = 0;
  return createEngine({
    storage,
    clock: createFakeClock('2026-03-02T09:00:00+08:00'),
    // Without the duties of 001/003: the writes counted are those of the first-level visit.
    rules: WITHOUT_DUTIES,
    newId: () => `id-${++n}`,
  });
}

for (const adapter of ADAPTERS) {
  describe(adapter.name, () => {
    const { freshStorage } = onAdapter(adapter);

    describe('write-behind unit of work', () => {
      it('writes a record changed twice in one transaction once, at its version + 1', async () => {
        const { storage, calls } = countingStorage(freshStorage());
        const engine = engineOn(storage);
        const { visitIds } = await engine.ingest(delivery());
        // Created, then made an owner: both steps on its history, one write, version 1.
        const customer = await engine.getCustomer(DEALER, 'c1');
        expect(customer.version).toBe(1);
        expect(customer.history.map((h) => h.command)).toEqual(['create', 'becomeOwner']);
        const puts = calls.filter((c) => c.startsWith('put '));
        expect(puts).toEqual(['put customer:c1', 'put vehicle:car1', `put visit:${visitIds[0]}`]);
        // The new visit's timers are put without a delete first (it cannot have any yet).
        expect(calls).not.toContain('cancelTimers');
        expect(calls).toContain('putTimers');
        expect(await engine.pendingTimers(DEALER, { kind: 'visit', id: visitIds[0]! })).not.toEqual(
          [],
        );
      });

      it('lets a later query of the same transaction see what it saved', async () => {
        const { storage } = countingStorage(freshStorage());
        const engine = engineOn(storage);
        // One batch: the repair makes a "do not visit" visit, the pick-up queries for it and resumes it.
        const [settled] = await engine.ingestMany([
          repair({ repairKind: 'general', pickedUp: false }),
          {
            type: 'vehicle.picked-up',
            sourceId: 'P1',
            dealerId: DEALER,
            occurredAt: '2026-03-03T09:00:00+08:00',
            vehicleId: 'car2',
          },
        ]);
        const visit = await engine.getVisit(DEALER, settled!.visitIds[0]!);
        expect(visit.history.map((h) => h.command)).toEqual([
          'schedule',
          'markDoNotVisit',
          'resume',
        ]);
        // The query wrote the visit back (version 1), so the resume is a second write.
        expect(visit.version).toBe(2);
      });

      it("puts a transaction's timers in one call, and writes them before timers are read or removed", async () => {
        const storage = freshStorage();
        const { storage: counted, calls } = countingStorage(storage);
        // With the duties: each delivery makes five visits, each with its timers.
        const engine = createEngine({
          storage: counted,
          clock: createFakeClock('2026-03-02T09:00:00+08:00'),
        });
        const results = await engine.ingestMany([
          delivery(),
          delivery({
            sourceId: 'DMS-DEL-2',
            customer: { id: 'c2', name: '李四', phones: [{ number: '13900139000' }] },
            vehicle: { id: 'car2', vin: 'LGWEF4A59RH000002' },
          }),
        ]);
        const visitIds = results.flatMap((r) => r.visitIds);
        expect(visitIds.length).toBeGreaterThanOrEqual(10);
        expect(calls.filter((c) => c === 'putTimers')).toHaveLength(1);
        for (const id of visitIds) {
          expect(await engine.pendingTimers(DEALER, { kind: 'visit', id })).not.toEqual([]);
        }
        // Within one transaction: a timer put and then cancelled, or put and then claimed, is
        // written first, so storage answers as if each call had gone through at once.
        const timer = (id: string, subjectId: string) => ({
          id,
          dealerId: DEALER,
          subject: { kind: 'visit' as const, id: subjectId },
          name: 'visit.overdue',
          dueAt: 1_000,
          payload: {},
        });
        await storage.transaction(async (tx) => {
          const uow = new UnitOfWork(tx, 0, '2026-03-02T01:00:00.000Z');
          uow.putTimers([timer('t-cancelled', 'v-a'), timer('t-claimed', 'v-b')]);
          await uow.cancelTimers(DEALER, { kind: 'visit', id: 'v-a' });
          expect(await uow.claimTimer('t-claimed', 1_000)).toBe(true);
          uow.putTimers([timer('t-kept', 'v-c')]);
          expect(
            await uow.timersDiffer(DEALER, { kind: 'visit', id: 'v-c' }, [timer('t-kept', 'v-c')]),
          ).toBe(false);
          uow.putTimers([timer('t-at-end', 'v-d')]);
          await uow.flush();
        });
        const pending = await storage.transaction((tx) => tx.dueTimers(1_000, 10));
        expect(pending.map((t) => t.id).sort()).toEqual(['t-at-end', 't-kept']);
      });

      it('refuses a stale aggregate at once, and a concurrent change when it writes', async () => {
        const storage = freshStorage();
        const engine = engineOn(storage);
        await engine.ingest(delivery());
        await storage.transaction(async (tx) => {
          const uow = new UnitOfWork(tx, 0, '2026-03-02T01:00:00.000Z', false);
          const read = await uow.load('customer', DEALER, 'c1');
          const saved = await uow.save('customer', { ...read, name: '张三丰' });
          expect(saved.version).toBe(read.version + 1);
          // Saving the version it was read at again, after a newer one: stale.
          await expect(uow.save('customer', { ...read, name: '张四' })).rejects.toMatchObject({
            code: 'VERSION_CONFLICT',
          });
          // The latest one saves again without a second version step.
          expect((await uow.save('customer', { ...saved, name: '张五' })).version).toBe(
            saved.version,
          );
        });
        await expect(
          storage.transaction(async (tx) => {
            const uow = new UnitOfWork(tx, 0, '2026-03-02T01:00:00.000Z', false);
            const read: Customer = await uow.load('customer', DEALER, 'c1');
            await uow.save('customer', { ...read, name: '赵六' });
            // Someone else writes the customer before this transaction writes back.
            await tx.put(encodeRecord('customer', { ...read, name: '钱七' }), read.version);
            await uow.flush();
          }),
        ).rejects.toMatchObject({ code: 'VERSION_CONFLICT' });
        expect((await engine.getCustomer(DEALER, 'c1')).name).toBe('张三');
      });

      it("answers a customer's visits as a write-back and a query would, without writing", async () => {
        const storage = freshStorage();
        // With the duties: a delivery leaves four pending duty visits for its customer.
        const engine = createEngine({
          storage,
          clock: createFakeClock('2026-03-02T09:00:00+08:00'),
        });
        await engine.ingestMany([
          delivery(),
          delivery({
            sourceId: 'DMS-DEL-2',
            vehicle: { id: 'car2', vin: 'LGWEF4A59RH000002', model: 'Haval H6' },
          }),
          delivery({
            sourceId: 'DMS-DEL-3',
            customer: { id: 'c2', name: '李四', phones: [{ number: '13912345678' }] },
            vehicle: { id: 'car3', vin: 'LGWEF4A59RH000003', model: 'Haval H6' },
          }),
        ]);
        const states = ['scheduled', 'open', 'attempting', 'blocked'] as const;
        const queried = async (uow: UnitOfWork, customerId: string) =>
          (await uow.query({ dealerId: DEALER, kind: 'visit', customerId, status: [...states] }))
            .map((r) => decodeRecord('visit', r))
            .map((v) => `${v.id}@${v.version}:${v.state}`);
        const answered = async (uow: UnitOfWork, customerId: string) =>
          (await uow.customerVisits(DEALER, customerId, states)).map(
            (v) => `${v.id}@${v.version}:${v.state}`,
          );
        await storage.transaction(async (tx) => {
          const uow = new UnitOfWork(tx, 0, '2026-03-02T01:00:00.000Z');
          const before = await answered(uow, 'c1');
          expect(before.length).toBeGreaterThanOrEqual(6);
          expect(before).toEqual(await queried(uow, 'c1'));
          const [first, second, third] = await uow.customerVisits(DEALER, 'c1', states);
          // Closed, moved to another customer, and a new one: none written yet.
          await uow.save('visit', { ...first!, state: 'cancelled' });
          await uow.save('visit', {
            ...second!,
            subject: { ...second!.subject, customerId: 'c2' },
          });
          await uow.save('visit', { ...third!, id: 'a-new-visit', version: 0 });
          const c1 = await answered(uow, 'c1');
          const c2 = await answered(uow, 'c2');
          expect(c1.filter((v) => v.startsWith(`${first!.id}@`))).toEqual([]);
          expect(c1.filter((v) => v.startsWith(`${second!.id}@`))).toEqual([]);
          expect(c1).toContain(`a-new-visit@1:${third!.state}`);
          expect(c2).toContain(`${second!.id}@${second!.version + 1}:${second!.state}`);
          // The query writes back first; the answers were already the same.
          expect(c1).toEqual(await queried(uow, 'c1'));
          expect(c2).toEqual(await queried(uow, 'c2'));
          expect(await answered(uow, 'c1')).toEqual(c1);
        });
        // Saved before the transaction's first question: answered from the identity map too.
        await storage.transaction(async (tx) => {
          const uow = new UnitOfWork(tx, 0, '2026-03-02T01:00:00.000Z');
          const [one] = await queried(uow, 'c1');
          const visit = await uow.load('visit', DEALER, one!.split('@')[0]!);
          const subject = { ...visit.subject, customerId: 'c3' };
          await uow.save('visit', { ...visit, subject });
          await uow.save('visit', { ...visit, subject, id: 'another-new-visit', version: 0 });
          const c3 = await answered(uow, 'c3');
          expect(c3).toEqual(
            [
              `${visit.id}@${visit.version + 1}:${visit.state}`,
              `another-new-visit@1:${visit.state}`,
            ].sort(),
          );
          expect(c3).toEqual(await queried(uow, 'c3'));
        });
      });
    });
  });
}
