import { memoryStorage } from '@dealercare/storage-memory';
import { describe, expect, it } from 'vitest';
import {
  createEngine,
  createFakeClock,
  type StorageAdapter,
  type StorageTransaction,
  VersionConflictError,
} from '../../src';
import { agent, DEALER, delivery } from './setup';

/** A memory store whose first `conflicts` writes of `kind` lose a race with another process. */
function racingStorage(
  conflicts: number,
  kind = 'customer',
): { storage: StorageAdapter; lost: () => number; armed: { on: boolean } } {
  const armed = { on: true };
  const inner = memoryStorage();
  let lost = 0;
  const storage: StorageAdapter = {
    name: 'racing',
    transaction: (fn) =>
      inner.transaction((tx: StorageTransaction) =>
        fn({
          ...tx,
          get: tx.get.bind(tx),
          query: tx.query.bind(tx),
          appendEvents: tx.appendEvents.bind(tx),
          readEvents: tx.readEvents.bind(tx),
          rewriteEvents: tx.rewriteEvents.bind(tx),
          putTimers: tx.putTimers.bind(tx),
          cancelTimers: tx.cancelTimers.bind(tx),
          timersOf: tx.timersOf.bind(tx),
          dueTimers: tx.dueTimers.bind(tx),
          claimTimer: tx.claimTimer.bind(tx),
          claimKey: tx.claimKey.bind(tx),
          claimSource: tx.claimSource.bind(tx),
          put: async (record, expected) => {
            if (armed.on && record.kind === kind && lost < conflicts) {
              lost++;
              throw new VersionConflictError(kind, record.id, expected, expected + 1);
            }
            return tx.put(record, expected);
          },
        }),
      ),
    close: () => inner.close(),
  };
  return { storage, lost: () => lost, armed };
}

describe('VERSION_CONFLICT retries', () => {
  it('ingest retries a lost race and does the work once', async () => {
    const { storage, lost } = racingStorage(2);
    const engine = createEngine({ storage, clock: createFakeClock('2026-03-02T09:00:00+08:00') });
    const r = await engine.ingest(delivery());
    expect(lost()).toBe(2);
    expect(r.status).toBe('ingested');
    expect(r.visitIds).toHaveLength(1);
    expect(await engine.listVisits({ dealerId: DEALER })).toHaveLength(1);
    expect((await engine.ingest(delivery())).status).toBe('duplicate');
  });

  it('gives up after 3 tries with the conflict', async () => {
    const { storage, lost } = racingStorage(10);
    const engine = createEngine({ storage, clock: createFakeClock('2026-03-02T09:00:00+08:00') });
    await expect(engine.ingest(delivery())).rejects.toMatchObject({ code: 'VERSION_CONFLICT' });
    expect(lost()).toBe(3);
    expect(await engine.listVisits({ dealerId: DEALER })).toEqual([]);
  });

  it("never retries a command that carries the caller's expectedVersion", async () => {
    const { storage, lost, armed } = racingStorage(1, 'visit');
    armed.on = false;
    const engine = createEngine({ storage, clock: createFakeClock('2026-03-02T09:00:00+08:00') });
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
