/**
 * Timers survive failure: a timer whose action fails is kept and retried with backoff, then
 * dead-lettered (never deleted), and a timer moved by another process between tick's read and
 * its claim is not fired early and not lost.
 */
import { describe, expect, it } from 'vitest';
import {
  type Actor,
  createEngine,
  createFakeClock,
  type EngineEvent,
  type StorageAdapter,
  type StorageTransaction,
  type TimerRecord,
} from '../../src';
import { ADAPTERS } from '../adapters/adapters';
import { DEALER, onAdapter, repairOutsideSample } from './setup';

const admin: Actor = { kind: 'person', id: 'it-1', roles: ['csManager'] };

function engineOn(storage: StorageAdapter, backoff?: number[]) {
  const clock = createFakeClock('2026-03-02T09:00:00+08:00');
  let n = 0;
  const engine = createEngine({
    storage,
    clock,
    verifyReads: true,
    newId: () => `id-${++n}`,
    ...(backoff ? { timerRetry: { backoff } } : {}),
  });
  const seen: EngineEvent[] = [];
  engine.on('*', (_t, e) => seen.push(e));
  return { engine, clock, seen };
}

/** Writes a visit row the way a broken program or a bad restore could: its state is gone. */
async function corrupt(storage: StorageAdapter, visitId: string): Promise<() => Promise<void>> {
  const row = (await storage.transaction((tx) => tx.get('visit', DEALER, visitId)))!;
  const { state: _gone, ...broken } = row.data;
  await storage.transaction((tx) => tx.put({ ...row, data: broken }, row.version));
  return async () => {
    const now = (await storage.transaction((tx) => tx.get('visit', DEALER, visitId)))!;
    await storage.transaction((tx) =>
      tx.put({ ...now, data: { ...row.data, version: now.version + 1 } }, now.version),
    );
  };
}

/** A general repair on Mon 03-02: its visit opens on working day 3, Thu 03-05 08:30. */
const OPENS = new Date('2026-03-05T08:30:00+08:00');

for (const adapter of ADAPTERS) {
  describe(adapter.name, () => {
    const { freshStorage } = onAdapter(adapter);

    describe('a timer whose action fails', () => {
      it('is kept and retried after the backoff; once the row is repaired, the visit opens', async () => {
        const storage = freshStorage();
        const { engine, seen } = engineOn(storage);
        const { visitIds } = await engine.ingest(repairOutsideSample({ repairKind: 'general' }));
        const id = visitIds[0]!;
        const repairRow = await corrupt(storage, id);

        const first = await engine.tick(OPENS);
        expect(first.fired).toBe(0);
        expect(first.failed).toHaveLength(1);
        expect(first.failed[0]).toMatchObject({
          timerId: `visit:${id}:visit.open`,
          failures: 1,
          retryAt: '2026-03-05T00:31:00.000Z', // one minute later
          deadLettered: false,
        });
        const kept = await engine.pendingTimers(DEALER, { kind: 'visit', id });
        expect(kept.find((t) => t.name === 'visit.open')?.dueAt).toBe(OPENS.getTime() + 60_000);
        expect(seen.find((e) => e.type === 'timer.failed')?.data).toMatchObject({
          name: 'visit.open',
          failures: 1,
          error: { code: 'VALIDATION_FAILED' },
        });

        // not due again before the backoff
        expect((await engine.tick(new Date(OPENS.getTime() + 30_000))).failed).toHaveLength(0);
        await repairRow();
        const later = await engine.tick(new Date(OPENS.getTime() + 60_000));
        expect(later.fired).toBe(1);
        expect((await engine.getVisit(DEALER, id)).state).toBe('open');
      });

      it('is dead-lettered after its last try, listed, and can be revived or discarded', async () => {
        const storage = freshStorage();
        const { engine, seen } = engineOn(storage, [1_000, 1_000]);
        const [a, b] = await engine.ingestMany([
          repairOutsideSample({ repairKind: 'general' }),
          repairOutsideSample({
            sourceId: 'RO-2',
            repairOrderId: 'RO-2',
            repairKind: 'general',
            customer: { id: 'c3', name: '周八', phones: [{ number: '13900002222' }] },
            vehicle: { id: 'car3', vin: 'LGWEF4A59RH000003' },
          }),
        ]);
        const repairA = await corrupt(storage, a!.visitIds[0]!);
        await corrupt(storage, b!.visitIds[0]!);
        let t = OPENS.getTime();
        const results = [];
        for (let i = 0; i < 3; i++, t += 1_000) results.push(await engine.tick(new Date(t)));
        expect(results.map((r) => r.failed.map((f) => [f.failures, f.deadLettered]))).toEqual([
          [
            [1, false],
            [1, false],
          ],
          [
            [2, false],
            [2, false],
          ],
          [
            [3, true],
            [3, true],
          ],
        ]);
        // dead-lettered: no longer pending, nothing more to fire
        expect(await engine.pendingTimers(DEALER, { kind: 'visit', id: a!.visitIds[0]! })).toEqual(
          expect.not.arrayContaining([expect.objectContaining({ name: 'visit.open' })]),
        );
        expect((await engine.tick(new Date(t + 60_000))).failed).toHaveLength(0);
        const dead = await engine.listDeadTimers({ dealerId: DEALER });
        expect(dead.map((d) => [d.timer.name, d.failures, d.lastError.code])).toEqual([
          ['visit.open', 3, 'VALIDATION_FAILED'],
          ['visit.open', 3, 'VALIDATION_FAILED'],
        ]);
        expect(seen.filter((e) => e.type === 'timer.dead-lettered')).toHaveLength(2);

        await repairA();
        const revived = await engine.reviveDeadTimer({
          dealerId: DEALER,
          timerId: `visit:${a!.visitIds[0]}:visit.open`,
          actor: admin,
          reason: 'row restored from backup',
        });
        expect(revived.state).toBe('revived');
        expect((await engine.tick(new Date(t + 120_000))).fired).toBe(1);
        expect((await engine.getVisit(DEALER, a!.visitIds[0]!)).state).toBe('open');

        const discarded = await engine.discardDeadTimer({
          dealerId: DEALER,
          timerId: `visit:${b!.visitIds[0]}:visit.open`,
          actor: admin,
        });
        expect(discarded.history.map((h) => h.command)).toEqual(['deadLetter', 'discard']);
        expect(await engine.listDeadTimers({ dealerId: DEALER })).toEqual([]);
        await expect(
          engine.discardDeadTimer({
            dealerId: DEALER,
            timerId: `visit:${b!.visitIds[0]}:visit.open`,
            actor: admin,
          }),
        ).rejects.toMatchObject({ code: 'TRANSITION_NOT_ALLOWED' });
      });
    });

    describe('a timer moved between tick’s read and its claim', () => {
      it('is not fired at its old time, is not lost, and the claim is counted as lost', async () => {
        const inner = freshStorage();
        let moveOnce: TimerRecord | undefined;
        const MOVED = OPENS.getTime() + 3_600_000;
        // Another process reschedules the timer right after this tick read it as due.
        const storage: StorageAdapter = {
          name: 'racing',
          trusted: inner.trusted,
          close: () => inner.close(),
          async transaction(fn) {
            let swept: TimerRecord[] = [];
            const result = await inner.transaction((tx) =>
              fn(
                new Proxy(tx, {
                  get(target, key) {
                    if (key === 'dueTimers') {
                      return async (now: number, limit: number) => {
                        swept = await target.dueTimers(now, limit);
                        return swept;
                      };
                    }
                    const v = target[key as keyof StorageTransaction];
                    return typeof v === 'function' ? v.bind(target) : v;
                  },
                }),
              ),
            );
            const timer = swept.find((t) => t.name === 'visit.open');
            if (timer !== undefined && moveOnce === undefined) {
              moveOnce = timer;
              await inner.transaction((tx) => tx.putTimers([{ ...timer, dueAt: MOVED }]));
            }
            return result;
          },
        };
        const { engine } = engineOn(storage);
        const { visitIds } = await engine.ingest(repairOutsideSample({ repairKind: 'general' }));
        const r = await engine.tick(OPENS);
        expect(r).toMatchObject({ fired: 0, claimsLost: 1, failed: [] });
        expect((await engine.getVisit(DEALER, visitIds[0]!)).state).toBe('scheduled');
        const open = (await engine.pendingTimers(DEALER, { kind: 'visit', id: visitIds[0]! })).find(
          (t) => t.name === 'visit.open',
        );
        expect(open?.dueAt).toBe(MOVED);
        expect((await engine.tick(new Date(MOVED))).fired).toBe(1);
        expect((await engine.getVisit(DEALER, visitIds[0]!)).state).toBe('open');
      });
    });
  });
}
