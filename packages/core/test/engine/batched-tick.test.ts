/**
 * `tick` claims a batch of due timers with one `claimTimers` and reads their subjects with
 * `getMany`: no claim and no read per timer on the way in.
 */
import { describe, expect, it } from 'vitest';
import type { StorageAdapter, StorageTransaction } from '../../src';
import { ADAPTERS } from '../adapters/adapters';
import { agent, DEALER, delivery, onAdapter } from './setup';

/** `inner`, recording the port calls of each transaction by method name. */
function recordingStorage(inner: StorageAdapter) {
  const transactions: string[][] = [];
  const storage: StorageAdapter = {
    name: 'recording',
    trusted: inner.trusted,
    close: () => inner.close(),
    transaction: (fn) =>
      inner.transaction((tx) => {
        const calls: string[] = [];
        transactions.push(calls);
        return fn(
          new Proxy(tx, {
            get(target, prop: keyof StorageTransaction) {
              const method = target[prop] as (...args: unknown[]) => unknown;
              return (...args: unknown[]) => {
                calls.push(String(prop));
                return method.apply(target, args);
              };
            },
          }),
        );
      }),
  };
  return { storage, transactions };
}

const bj = (local: string) => new Date(`${local}+08:00`);

for (const adapter of ADAPTERS) {
  describe(adapter.name, () => {
    const { setup, freshStorage } = onAdapter(adapter);

    describe('batched tick', () => {
      it('claims the due timers in one call and reads their subjects with getMany', async () => {
        const { storage, transactions } = recordingStorage(freshStorage());
        const { engine } = setup(undefined, { storage });
        const { visitIds } = await engine.ingest(delivery());
        const first = visitIds[0]!;
        await engine.recordAttempt({
          dealerId: DEALER,
          visitId: first,
          actor: agent,
          outcome: 'connected',
        });
        await engine.completeVisit({
          dealerId: DEALER,
          visitId: first,
          actor: agent,
          answers: { reception: 9 },
        });
        // The scheduled visits whose window opens by the tick (the duties of the default pack
        // wait for weeks or months and do not fire yet).
        const at = bj('2026-03-09T08:30:00');
        const pending = (await engine.listVisits({ dealerId: DEALER, status: 'scheduled' })).filter(
          (v) => Date.parse(v.window.opensAt) <= at.getTime(),
        ).length;
        expect(pending).toBeGreaterThan(0);

        const before = transactions.length;
        const r = await engine.tick(at);
        expect(r.fired).toBe(pending);
        const firing = transactions.slice(before).filter((calls) => calls.includes('claimTimers'));
        expect(firing).toHaveLength(1);
        const calls = firing[0]!;
        expect(calls.filter((c) => c === 'claimTimers')).toHaveLength(1);
        expect(calls).toContain('getMany');
        expect(calls).not.toContain('claimTimer');
        expect(calls.indexOf('getMany')).toBeLessThan(calls.indexOf('cancelTimers'));
        expect(calls.filter((c) => c === 'get')).toEqual([]);
      });
    });
  });
}
