import { describe, expect, it } from 'vitest';
import {
  createEngine,
  createFakeClock,
  type StorageAdapter,
  type ValidationError,
} from '../../src';
import { ADAPTERS } from '../adapters/adapters';
import { DEALER, delivery, onAdapter } from './setup';

/** `inner`, not vouching for its rows (as memory does), like a file another program can edit. */
function untrusted(inner: StorageAdapter): StorageAdapter {
  return {
    name: 'untrusted',
    transaction: (fn) => inner.transaction(fn),
    close: () => inner.close(),
  };
}

/**
 * `inner`, vouching for its rows as memory does: the engine shares them instead of validating
 * them. Every adapter here hands out rows no one else holds (memory's are frozen; SQLite's and
 * PostgreSQL's are parsed afresh on each read), so the promise holds.
 */
function trusted(inner: StorageAdapter): StorageAdapter {
  return {
    name: 'trusted',
    trusted: true,
    transaction: (fn) => inner.transaction(fn),
    close: () => inner.close(),
  };
}

async function corruptVisit(storage: StorageAdapter, visitId: string): Promise<void> {
  await storage.transaction(async (tx) => {
    const row = (await tx.get('visit', DEALER, visitId))!;
    await tx.put({ ...row, data: { ...row.data, state: 'no-such-state' } }, row.version);
  });
}

for (const adapter of ADAPTERS) {
  describe(adapter.name, () => {
    const { setup, freshStorage } = onAdapter(adapter);

    describe('reading stored records', () => {
      it('hands callers their own copy when rows come from trusted (frozen, shared) storage', async () => {
        const { engine } = setup(undefined, { storage: trusted(freshStorage()) });
        const { visitIds } = await engine.ingest(delivery());
        const visitId = visitIds[0]!;
        const got = await engine.getVisit(DEALER, visitId);
        got.history.push({ ...got.history[0]!, command: 'tampered' });
        got.window.dueAt = '2000-01-01T00:00:00.000Z';
        const [listed] = await engine.listVisits({ dealerId: DEALER });
        listed!.attempts.push({ ...listed!.attempts[0]!, at: 'x' } as never);
        const again = await engine.getVisit(DEALER, visitId);
        expect(again.history.map((h) => h.command)).not.toContain('tampered');
        expect(again.window.dueAt).not.toBe('2000-01-01T00:00:00.000Z');
        expect(again.attempts).toHaveLength(0);
        const timers = await engine.pendingTimers(DEALER, { kind: 'visit', id: visitId });
        expect(timers.length).toBeGreaterThan(0);
        (timers[0] as { dueAt: number }).dueAt = 0;
        const timersAgain = await engine.pendingTimers(DEALER, { kind: 'visit', id: visitId });
        expect(timersAgain[0]!.dueAt).not.toBe(0);
      });

      it('validates every row read from an adapter that is not trusted: a corrupt row is VALIDATION_FAILED, naming it', async () => {
        const storage = untrusted(freshStorage());
        const engine = createEngine({
          storage,
          clock: createFakeClock('2026-03-02T09:00:00+08:00'),
        });
        const { visitIds } = await engine.ingest(delivery());
        await corruptVisit(storage, visitIds[0]!);
        const err = (await engine
          .getVisit(DEALER, visitIds[0]!)
          .catch((e: unknown) => e)) as ValidationError;
        expect(err.code).toBe('VALIDATION_FAILED');
        expect(err.message).toContain(`stored visit "${visitIds[0]}"`);
        expect(err.issues.some((i) => i.path.join('.') === 'state')).toBe(true);
      });

      it('verifyReads: true validates even trusted storage; verifyReads: false takes rows as stored', async () => {
        const storage = trusted(freshStorage());
        const clock = createFakeClock('2026-03-02T09:00:00+08:00');
        const checking = createEngine({ storage, clock, verifyReads: true });
        const { visitIds } = await checking.ingest(delivery());
        await corruptVisit(storage, visitIds[0]!);
        await expect(checking.getVisit(DEALER, visitIds[0]!)).rejects.toMatchObject({
          code: 'VALIDATION_FAILED',
        });
        // The same visit, read without and with validation, is the same aggregate.
        const untrustedStorage = untrusted(freshStorage());
        const trusting = createEngine({ storage: untrustedStorage, clock, verifyReads: false });
        const verifying = createEngine({ storage: untrustedStorage, clock });
        const r = await trusting.ingest(delivery());
        expect(await trusting.getVisit(DEALER, r.visitIds[0]!)).toEqual(
          await verifying.getVisit(DEALER, r.visitIds[0]!),
        );
        const asStored = createEngine({ storage, clock, verifyReads: false });
        expect((await asStored.getVisit(DEALER, visitIds[0]!)).state).toBe('no-such-state');
      });
    });

    describe('list queries', () => {
      it('reject a bad page size or filter with VALIDATION_FAILED naming it, and page by whole rows', async () => {
        const { engine } = setup();
        await engine.ingest(delivery());
        await engine.ingest(
          delivery({ sourceId: 'DMS-DEL-2', vehicle: { id: 'car2', vin: 'LGWEF4A59RH000002' } }),
        );
        for (const [query, path] of [
          [{ dealerId: DEALER, limit: 2.5 }, 'limit'],
          [{ dealerId: DEALER, limit: Number.NaN }, 'limit'],
          [{ dealerId: DEALER, limit: -1 }, 'limit'],
          [{ dealerId: DEALER, dueBefore: new Date('nope') }, 'dueBefore'],
          [{ dealerId: '' }, 'dealerId'],
        ] as const) {
          const err = (await engine.listVisits(query).catch((e: unknown) => e)) as ValidationError;
          expect(err.code).toBe('VALIDATION_FAILED');
          expect(err.issues.map((i) => i.path.join('.'))).toContain(path);
        }
        const all = await engine.listVisits({ dealerId: DEALER });
        expect(all.length).toBeGreaterThan(1);
        expect(await engine.listVisits({ dealerId: DEALER, limit: 1 })).toHaveLength(1);
        expect(await engine.listVisits({ dealerId: DEALER, limit: 0 })).toHaveLength(0);
      });
    });
  });
}
