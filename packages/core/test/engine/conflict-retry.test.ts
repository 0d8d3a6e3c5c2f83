import { describe, expect, it } from 'vitest';
import {
  createEngine,
  createFakeClock,
  type StorageAdapter,
  type StorageTransaction,
  VersionConflictError,
} from '../../src';
import { ADAPTERS } from '../adapters/adapters';
import { agent, DEALER, DELIVERY_VISIT_TYPES, delivery, onAdapter } from './setup';

/** `inner`, whose first `conflicts` writes of `kind` lose a race with another process. */
function racingStorage(
  inner: StorageAdapter,
  conflicts: number,
  kind = 'customer',
): { storage: StorageAdapter; lost: () => number; armed: { on: boolean } } {
  const armed = { on: true };
  let lost = 0;
  const racing = (tx: StorageTransaction): StorageTransaction =>
    new Proxy(tx, {
      get(target, key) {
        if (key === 'put') {
          return async (record: Parameters<StorageTransaction['put']>[0], expected: number) => {
            if (armed.on && record.kind === kind && lost < conflicts) {
              lost++;
              throw new VersionConflictError(kind, record.id, expected, expected + 1);
            }
            return target.put(record, expected);
          };
        }
        if (key === 'putMany') {
          return async (writes: Parameters<StorageTransaction['putMany']>[0]) => {
            const first = writes.find((w) => w.record.kind === kind);
            if (armed.on && first !== undefined && lost < conflicts) {
              lost++;
              throw new VersionConflictError(
                kind,
                first.record.id,
                first.expectedVersion,
                first.expectedVersion + 1,
              );
            }
            return target.putMany(writes);
          };
        }
        const value = target[key as keyof StorageTransaction];
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  const storage: StorageAdapter = {
    name: 'racing',
    transaction: (fn) => inner.transaction((tx) => fn(racing(tx))),
    close: () => inner.close(),
  };
  return { storage, lost: () => lost, armed };
}

for (const adapter of ADAPTERS) {
  describe(adapter.name, () => {
    const { freshStorage } = onAdapter(adapter);

    describe('VERSION_CONFLICT retries', () => {
      it('ingest retries a lost race and does the work once', async () => {
        const { storage, lost } = racingStorage(freshStorage(), 2);
        const engine = createEngine({
          storage,
          clock: createFakeClock('2026-03-02T09:00:00+08:00'),
        });
        const r = await engine.ingest(delivery());
        expect(lost()).toBe(2);
        expect(r.status).toBe('ingested');
        // The work once: each visit of a delivery once, whatever the retries.
        expect(r.visitIds).toHaveLength(DELIVERY_VISIT_TYPES.length);
        expect(await engine.listVisits({ dealerId: DEALER })).toHaveLength(
          DELIVERY_VISIT_TYPES.length,
        );
        expect((await engine.ingest(delivery())).status).toBe('duplicate');
      });

      it('gives up after 3 tries with the conflict', async () => {
        const { storage, lost } = racingStorage(freshStorage(), 10);
        const engine = createEngine({
          storage,
          clock: createFakeClock('2026-03-02T09:00:00+08:00'),
        });
        await expect(engine.ingest(delivery())).rejects.toMatchObject({ code: 'VERSION_CONFLICT' });
        expect(lost()).toBe(3);
        expect(await engine.listVisits({ dealerId: DEALER })).toEqual([]);
      });

      it("never retries a command that carries the caller's expectedVersion", async () => {
        const { storage, lost, armed } = racingStorage(freshStorage(), 1, 'visit');
        armed.on = false;
        const engine = createEngine({
          storage,
          clock: createFakeClock('2026-03-02T09:00:00+08:00'),
        });
        const { visitIds } = await engine.ingest(delivery());
        const visitId = visitIds[0]!;
        const v = await engine.getVisit(DEALER, visitId);
        armed.on = true; // another process writes the visit between our read and our write, once
        await expect(
          engine.recordAttempt({
            dealerId: DEALER,
            visitId,
            actor: agent,
            outcome: 'no-answer',
            expectedVersion: v.version,
          }),
        ).rejects.toMatchObject({ code: 'VERSION_CONFLICT' });
        expect(lost()).toBe(1); // a retry would have gone through on the second try
        expect((await engine.getVisit(DEALER, visitId)).attempts).toEqual([]);
      });
    });
  });
}
