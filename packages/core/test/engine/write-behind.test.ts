import { describe, expect, it } from 'vitest';
import {
  type Customer,
  createEngine,
  createFakeClock,
  encodeRecord,
  type StorageAdapter,
  type StorageTransaction,
} from '../../src';
import { UnitOfWork } from '../../src/engine/unit-of-work';
import { ADAPTERS } from '../adapters/adapters';
import { DEALER, delivery, onAdapter, repair, WITHOUT_DUTIES } from './setup';

/** `inner`, counting every port call by method (and `put` by record). */
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
              const first = args[0] as { kind?: string; id?: string } | undefined;
              calls.push(prop === 'put' ? `put ${first?.kind}:${first?.id}` : String(prop));
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
    });
  });
}
