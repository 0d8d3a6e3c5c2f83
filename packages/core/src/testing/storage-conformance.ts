import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFakeClock } from '../clock/fake-clock';
import { createEngine } from '../engine/create-engine';
import { DealercareError } from '../errors';
import type { DomainEvent } from '../model/domain-event';
import type {
  RecordQuery,
  StorageAdapter,
  StorageTransaction,
  StoredRecord,
  TimerRecord,
} from '../storage/storage-port';

/** Options of {@link testStorageAdapter}. */
export interface StorageAdapterSuiteOptions {
  /** Name shown in the test report. */
  readonly name: string;
  /** A fresh, empty adapter for each test. */
  readonly create: () => StorageAdapter | Promise<StorageAdapter>;
  /** Extra tests of the adapter's own, run inside the same `describe`. */
  readonly additionalTests?: (getAdapter: () => StorageAdapter) => void;
}

const rec = (over: Partial<StoredRecord> = {}): Omit<StoredRecord, 'version'> => ({
  kind: 'visit',
  id: 'v1',
  dealerId: 'd1',
  status: 'open',
  customerId: 'c1',
  assigneeRole: 'followUpAgent',
  dueAt: 1_000,
  data: { id: over.id ?? 'v1', note: '张三 — 满意度 ✓' },
  ...over,
});

const ev = (over: Partial<DomainEvent> = {}): DomainEvent => ({
  type: 'visit.scheduled',
  dealerId: 'd1',
  at: '2026-02-10T01:00:00.000Z',
  subject: { kind: 'visit', id: 'v1' },
  data: { n: 1 },
  ...over,
});

const timer = (over: Partial<TimerRecord> = {}): TimerRecord => ({
  id: 't1',
  dealerId: 'd1',
  subject: { kind: 'visit', id: 'v1' },
  name: 'visit.overdue',
  dueAt: 100,
  payload: { states: ['open'] },
  ...over,
});

class Boom extends Error {}

async function expectCode(p: Promise<unknown>, code: string): Promise<void> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DealercareError);
  expect((err as DealercareError).code).toBe(code);
}

/**
 * The storage-port conformance suite. Every adapter — ours and third parties' — runs it
 * unchanged:
 *
 * @example
 * ```ts
 * import { testStorageAdapter } from '@dealercare/core/testing';
 * import { myAdapter } from '../src';
 * testStorageAdapter({ name: 'my-adapter', create: () => myAdapter({ url: process.env.DB_URL }) });
 * ```
 */
export function testStorageAdapter(options: StorageAdapterSuiteOptions): void {
  describe(`storage adapter conformance: ${options.name}`, () => {
    let adapter: StorageAdapter;
    beforeEach(async () => {
      adapter = await options.create();
    });
    afterEach(async () => {
      await adapter.close();
    });
    const tx = <T>(fn: (t: StorageTransaction) => Promise<T>): Promise<T> =>
      adapter.transaction(fn);

    describe('records', () => {
      it('keeps what it stored: changing the object written, or a row or timer read, changes nothing stored', async () => {
        const data = { n: 1, list: [1, 2], nested: { s: 'a' } };
        await tx((t) => t.put(rec({ data }), 0));
        const t1 = timer();
        await tx((t) => t.putTimers([t1]));
        data.n = 2;
        data.list.push(3);
        data.nested.s = 'b';
        (t1.payload as { states: string[] }).states.push('changed');
        // A row read may be the adapter's own immutable object (writing to it throws a
        // TypeError) or a copy (writing to it does nothing to storage); never storage itself.
        const change = (fn: () => void) => {
          try {
            fn();
          } catch (error) {
            expect(error).toBeInstanceOf(TypeError);
          }
        };
        const row = await tx((t) => t.get('visit', 'd1', 'v1'));
        change(() => {
          (row!.data as { n: number }).n = 3;
        });
        change(() => (row!.data as { list: number[] }).list.push(4));
        const [listed] = await tx((t) => t.query({ dealerId: 'd1', kind: 'visit' }));
        change(() => {
          (listed!.data as { nested: { s: string } }).nested.s = 'c';
        });
        const [due] = await tx((t) => t.dueTimers(Number.MAX_SAFE_INTEGER, 10));
        change(() => (due!.payload as { states: string[] }).states.push('read'));
        expect((await tx((t) => t.get('visit', 'd1', 'v1')))!.data).toEqual({
          n: 1,
          list: [1, 2],
          nested: { s: 'a' },
        });
        expect((await tx((t) => t.timersOf('d1', t1.subject)))[0]!.payload).toEqual(
          timer().payload,
        );
      });

      it('creates at version 1 and reads back the same JSON and columns', async () => {
        const stored = await tx((t) => t.put(rec(), 0));
        expect(stored.version).toBe(1);
        const got = await tx((t) => t.get('visit', 'd1', 'v1'));
        expect(got).toEqual({ ...rec(), version: 1 });
      });

      it('replaces only at the expected version and counts up', async () => {
        await tx((t) => t.put(rec(), 0));
        const v2 = await tx((t) => t.put(rec({ status: 'attempting' }), 1));
        expect(v2.version).toBe(2);
        expect((await tx((t) => t.get('visit', 'd1', 'v1')))?.status).toBe('attempting');
      });

      it('rejects a stale write with VERSION_CONFLICT and keeps the stored record', async () => {
        await tx((t) => t.put(rec(), 0));
        await tx((t) => t.put(rec({ status: 'attempting' }), 1));
        await expectCode(
          tx((t) => t.put(rec({ status: 'cancelled' }), 1)),
          'VERSION_CONFLICT',
        );
        await expectCode(
          tx((t) => t.put(rec({ status: 'cancelled' }), 0)),
          'VERSION_CONFLICT',
        );
        const got = await tx((t) => t.get('visit', 'd1', 'v1'));
        expect(got?.status).toBe('attempting');
        expect(got?.version).toBe(2);
      });

      it('rejects an update of a record that does not exist', async () => {
        await expectCode(
          tx((t) => t.put(rec(), 3)),
          'VERSION_CONFLICT',
        );
        expect(await tx((t) => t.get('visit', 'd1', 'v1'))).toBeUndefined();
      });

      it('lets exactly one of two concurrent writers at the same version win', async () => {
        await tx((t) => t.put(rec(), 0));
        const write = (status: string) =>
          adapter.transaction(async (t) => {
            const cur = await t.get('visit', 'd1', 'v1');
            return t.put(rec({ status }), cur!.version);
          });
        const results = await Promise.allSettled([write('a'), write('b')]);
        // Serialising adapters let both succeed one after the other (each re-reads); none may lose an update.
        const ok = results.filter((r) => r.status === 'fulfilled');
        const final = await tx((t) => t.get('visit', 'd1', 'v1'));
        expect(final?.version).toBe(1 + ok.length);
        for (const r of results) {
          if (r.status === 'rejected')
            expect((r.reason as DealercareError).code).toBe('VERSION_CONFLICT');
        }
      });

      it('keeps dealers apart: same id, other dealer, is another record', async () => {
        await tx((t) => t.put(rec(), 0));
        expect(await tx((t) => t.get('visit', 'd2', 'v1'))).toBeUndefined();
        await tx((t) => t.put(rec({ dealerId: 'd2', status: 'completed' }), 0));
        expect((await tx((t) => t.get('visit', 'd1', 'v1')))?.status).toBe('open');
        expect((await tx((t) => t.get('visit', 'd2', 'v1')))?.status).toBe('completed');
        const d1 = await tx((t) => t.query({ dealerId: 'd1', kind: 'visit' }));
        expect(d1.map((r) => r.dealerId)).toEqual(['d1']);
      });

      it('keeps kinds apart: same id, other kind, is another record', async () => {
        await tx((t) => t.put(rec(), 0));
        expect(await tx((t) => t.get('complaint', 'd1', 'v1'))).toBeUndefined();
      });

      it('queries by status, customer, assignee, due time, ordered by id with keyset paging', async () => {
        await tx(async (t) => {
          await t.put(rec({ id: 'v3', status: 'open', dueAt: 300, customerId: 'c2' }), 0);
          await t.put(rec({ id: 'v1', status: 'open', dueAt: 100 }), 0);
          await t.put(rec({ id: 'v2', status: 'completed', dueAt: 200, assigneeId: 'a1' }), 0);
          await t.put(
            rec({ id: 'v4', status: 'attempting', dueAt: undefined, assigneeRole: 'csManager' }),
            0,
          );
          await t.put(rec({ id: 'c1', kind: 'complaint', status: 'open' }), 0);
        });
        const ids = async (q: Omit<RecordQuery, 'dealerId' | 'kind'>) =>
          (await tx((t) => t.query({ dealerId: 'd1', kind: 'visit', ...q }))).map((r) => r.id);
        expect(await ids({})).toEqual(['v1', 'v2', 'v3', 'v4']);
        expect(await ids({ status: 'open' })).toEqual(['v1', 'v3']);
        expect(await ids({ status: ['completed', 'attempting'] })).toEqual(['v2', 'v4']);
        expect(await ids({ customerId: 'c2' })).toEqual(['v3']);
        expect(await ids({ assigneeId: 'a1' })).toEqual(['v2']);
        expect(await ids({ assigneeRole: 'csManager' })).toEqual(['v4']);
        expect(await ids({ dueBefore: 200 })).toEqual(['v1', 'v2']);
        expect(await ids({ limit: 2 })).toEqual(['v1', 'v2']);
        expect(await ids({ afterId: 'v2', limit: 1 })).toEqual(['v3']);
        expect(await ids({ status: 'open', dueBefore: 99 })).toEqual([]);
      });

      it("queries see the transaction's own writes, and rows added since the last query", async () => {
        await tx(async (t) => {
          await t.put(rec({ id: 'v1', status: 'open' }), 0);
          await t.put(rec({ id: 'v3', status: 'open' }), 0);
        });
        const ids = async (q: Omit<RecordQuery, 'dealerId' | 'kind'>) =>
          (await tx((t) => t.query({ dealerId: 'd1', kind: 'visit', ...q }))).map((r) => r.id);
        expect(await ids({ afterId: 'v1' })).toEqual(['v3']);
        await tx((t) => t.put(rec({ id: 'v2', status: 'open' }), 0));
        expect(await ids({ afterId: 'v1' })).toEqual(['v2', 'v3']);
        await tx(async (t) => {
          await t.put(rec({ id: 'v1', status: 'closed' }), 1);
          await t.put(rec({ id: 'v0', status: 'open' }), 0);
          const open = await t.query({ dealerId: 'd1', kind: 'visit', status: 'open' });
          expect(open.map((r) => r.id)).toEqual(['v0', 'v2', 'v3']);
          const closed = await t.query({ dealerId: 'd1', kind: 'visit', status: 'closed' });
          expect(closed.map((r) => r.id)).toEqual(['v1']);
        });
        const rows = async (q: Omit<RecordQuery, 'dealerId' | 'kind'>) =>
          (await tx((t) => t.query({ dealerId: 'd1', kind: 'visit', ...q }))).map((r) => [
            r.id,
            r.version,
            r.status,
          ]);
        expect(await rows({})).toEqual([
          ['v0', 1, 'open'],
          ['v1', 2, 'closed'],
          ['v2', 1, 'open'],
          ['v3', 1, 'open'],
        ]);
        // A new version of a row already listed (no new id) is what the next query returns.
        await tx((t) => t.put(rec({ id: 'v2', status: 'closed' }), 1));
        expect(await rows({ afterId: 'v1', limit: 1 })).toEqual([['v2', 2, 'closed']]);
        expect(await rows({ status: 'closed' })).toEqual([
          ['v1', 2, 'closed'],
          ['v2', 2, 'closed'],
        ]);
        expect(await ids({ limit: 0 })).toEqual([]);
      });
    });

    describe('transactions', () => {
      it('roll back every kind of write when the callback throws', async () => {
        await tx((t) => t.put(rec(), 0));
        await expect(
          adapter.transaction(async (t) => {
            await t.put(rec({ status: 'cancelled' }), 1);
            await t.put(rec({ id: 'v9' }), 0);
            await t.appendEvents([ev()]);
            await t.putTimers([timer()]);
            await t.claimKey('d1', 'k1');
            throw new Boom('fail');
          }),
        ).rejects.toBeInstanceOf(Boom);
        const after = await tx(async (t) => ({
          v1: await t.get('visit', 'd1', 'v1'),
          v9: await t.get('visit', 'd1', 'v9'),
          events: await t.readEvents({ dealerId: 'd1' }),
          timers: await t.dueTimers(Number.MAX_SAFE_INTEGER, 10),
          keyIsNew: await t.claimKey('d1', 'k1'),
        }));
        expect(after.v1?.status).toBe('open');
        expect(after.v1?.version).toBe(1);
        expect(after.v9).toBeUndefined();
        expect(after.events).toEqual([]);
        expect(after.timers).toEqual([]);
        expect(after.keyIsNew).toBe(true);
      });

      it('roll back a claimed timer and a cancelled timer', async () => {
        await tx((t) => t.putTimers([timer(), timer({ id: 't2' })]));
        await expect(
          adapter.transaction(async (t) => {
            expect(await t.claimTimer('t1', 100)).toBe(true);
            await t.cancelTimers('d1', { kind: 'visit', id: 'v1' });
            throw new Boom('crash before commit');
          }),
        ).rejects.toBeInstanceOf(Boom);
        const due = await tx((t) => t.dueTimers(1_000, 10));
        expect(due.map((t) => t.id)).toEqual(['t1', 't2']);
      });

      it('see their own writes before commit', async () => {
        const seen = await tx(async (t) => {
          await t.put(rec(), 0);
          await t.putTimers([timer()]);
          await t.appendEvents([ev()]);
          return {
            rec: await t.get('visit', 'd1', 'v1'),
            q: await t.query({ dealerId: 'd1', kind: 'visit' }),
            timers: await t.timersOf('d1', { kind: 'visit', id: 'v1' }),
            due: await t.dueTimers(100, 10),
            events: await t.readEvents({ dealerId: 'd1' }),
          };
        });
        expect(seen.rec?.version).toBe(1);
        expect(seen.q).toHaveLength(1);
        expect(seen.timers.map((t) => t.id)).toEqual(['t1']);
        expect(seen.due.map((t) => t.id)).toEqual(['t1']);
        expect(seen.events).toHaveLength(1);
      });

      it('return the callback result', async () => {
        expect(await adapter.transaction(async () => 42)).toBe(42);
      });
    });

    describe('event log', () => {
      it('assigns increasing sequence numbers and reads in order after a sequence', async () => {
        const a = await tx((t) => t.appendEvents([ev({ data: { n: 1 } }), ev({ data: { n: 2 } })]));
        const b = await tx((t) => t.appendEvents([ev({ data: { n: 3 } })]));
        const seqs = [...a, ...b].map((e) => e.seq!);
        expect(seqs.every((s, i) => i === 0 || s > seqs[i - 1]!)).toBe(true);
        const all = await tx((t) => t.readEvents({ dealerId: 'd1' }));
        expect(all.map((e) => e.data.n)).toEqual([1, 2, 3]);
        const after = await tx((t) => t.readEvents({ dealerId: 'd1', afterSeq: seqs[0]! }));
        expect(after.map((e) => e.data.n)).toEqual([2, 3]);
        const limited = await tx((t) => t.readEvents({ dealerId: 'd1', limit: 1 }));
        expect(limited.map((e) => e.data.n)).toEqual([1]);
      });

      it('is scoped by dealer and filters by subject', async () => {
        await tx((t) =>
          t.appendEvents([
            ev(),
            ev({ dealerId: 'd2' }),
            ev({ subject: { kind: 'visit', id: 'v2' } }),
          ]),
        );
        expect(await tx((t) => t.readEvents({ dealerId: 'd2' }))).toHaveLength(1);
        const v2 = await tx((t) =>
          t.readEvents({ dealerId: 'd1', subject: { kind: 'visit', id: 'v2' } }),
        );
        expect(v2.map((e) => e.subject.id)).toEqual(['v2']);
      });

      it('rewrites one subject of one dealer, keeping sequence and order', async () => {
        await tx((t) =>
          t.appendEvents([
            ev({ data: { name: '张三' } }),
            ev({ dealerId: 'd2', data: { name: '张三' } }),
            ev({ subject: { kind: 'visit', id: 'v2' }, data: { name: '李四' } }),
          ]),
        );
        const before = await tx((t) => t.readEvents({ dealerId: 'd1' }));
        const n = await tx((t) =>
          t.rewriteEvents('d1', { kind: 'visit', id: 'v1' }, (e) => ({
            ...e,
            data: { name: null },
          })),
        );
        expect(n).toBe(1);
        const after = await tx((t) => t.readEvents({ dealerId: 'd1' }));
        expect(after.map((e) => e.seq)).toEqual(before.map((e) => e.seq));
        expect(after.map((e) => e.data.name)).toEqual([null, '李四']);
        expect((await tx((t) => t.readEvents({ dealerId: 'd2' })))[0]?.data.name).toBe('张三');
      });
    });

    describe('timers', () => {
      it('returns due timers across dealers in (dueAt, id) order, up to a limit, never early', async () => {
        await tx((t) =>
          t.putTimers([
            timer({ id: 'b', dueAt: 200 }),
            timer({ id: 'a', dueAt: 200, dealerId: 'd2' }),
            timer({ id: 'c', dueAt: 100 }),
            timer({ id: 'later', dueAt: 201 }),
          ]),
        );
        expect((await tx((t) => t.dueTimers(200, 10))).map((t) => t.id)).toEqual(['c', 'a', 'b']);
        expect((await tx((t) => t.dueTimers(200, 2))).map((t) => t.id)).toEqual(['c', 'a']);
        expect((await tx((t) => t.dueTimers(99, 10))).map((t) => t.id)).toEqual([]);
        const round = (await tx((t) => t.dueTimers(100, 10)))[0];
        expect(round).toEqual(timer({ id: 'c', dueAt: 100 }));
      });

      it('replaces a timer with the same id (rescheduling does not duplicate)', async () => {
        await tx((t) => t.putTimers([timer({ dueAt: 100 })]));
        await tx((t) => t.putTimers([timer({ dueAt: 500 })]));
        expect(await tx((t) => t.dueTimers(499, 10))).toEqual([]);
        expect((await tx((t) => t.dueTimers(500, 10))).map((t) => t.dueAt)).toEqual([500]);
      });

      it('claims a timer once', async () => {
        await tx((t) => t.putTimers([timer()]));
        expect(await tx((t) => t.claimTimer('t1', 100))).toBe(true);
        expect(await tx((t) => t.claimTimer('t1', 100))).toBe(false);
        expect(await tx((t) => t.claimTimer('never', 100))).toBe(false);
        expect(await tx((t) => t.dueTimers(1_000, 10))).toEqual([]);
      });

      it('claims a timer only at the due time the sweep read: a moved timer stays', async () => {
        await tx((t) => t.putTimers([timer({ dueAt: 100 })]));
        const [seen] = await tx((t) => t.dueTimers(1_000, 10));
        // another process reschedules it between the sweep and the claim
        await tx((t) => t.putTimers([timer({ dueAt: 900 })]));
        expect(await tx((t) => t.claimTimer(seen!.id, seen!.dueAt))).toBe(false);
        expect(await tx((t) => t.dueTimers(500, 10))).toEqual([]);
        expect((await tx((t) => t.dueTimers(1_000, 10))).map((t) => t.dueAt)).toEqual([900]);
        expect(await tx((t) => t.claimTimer('t1', 900))).toBe(true);
        // and within one transaction: a timer put again at another time is not the one read
        await tx((t) => t.putTimers([timer({ dueAt: 100 })]));
        expect(
          await tx(async (t) => {
            await t.putTimers([timer({ dueAt: 200 })]);
            return t.claimTimer('t1', 100);
          }),
        ).toBe(false);
      });

      it('cancels and lists the timers of one subject of one dealer only', async () => {
        await tx((t) =>
          t.putTimers([
            timer({ id: 'x1', dueAt: 300 }),
            timer({ id: 'x2', dueAt: 100 }),
            timer({ id: 'y', subject: { kind: 'visit', id: 'v2' } }),
            timer({ id: 'z', dealerId: 'd2' }),
          ]),
        );
        const of = await tx((t) => t.timersOf('d1', { kind: 'visit', id: 'v1' }));
        expect(of.map((t) => t.id)).toEqual(['x2', 'x1']);
        expect(await tx((t) => t.cancelTimers('d1', { kind: 'visit', id: 'v1' }))).toBe(2);
        expect((await tx((t) => t.dueTimers(1_000, 10))).map((t) => t.id).sort()).toEqual([
          'y',
          'z',
        ]);
      });
    });

    describe('timers moving between subjects', () => {
      it('lists and cancels a timer put again under another subject only with its new subject', async () => {
        const v1 = { kind: 'visit', id: 'v1' } as const;
        const v2 = { kind: 'visit', id: 'v2' } as const;
        await tx((t) => t.putTimers([timer({ id: 'moved', subject: v1 })]));
        // Within one transaction, and after it committed.
        await tx(async (t) => {
          await t.putTimers([timer({ id: 'moved', subject: v2 })]);
          expect(await t.timersOf('d1', v1)).toEqual([]);
          expect((await t.timersOf('d1', v2)).map((x) => x.id)).toEqual(['moved']);
          expect(await t.cancelTimers('d1', v1)).toBe(0);
        });
        expect(await tx((t) => t.timersOf('d1', v1))).toEqual([]);
        expect(await tx((t) => t.cancelTimers('d1', v1))).toBe(0);
        expect((await tx((t) => t.timersOf('d1', v2))).map((x) => x.subject)).toEqual([v2]);
      });
    });

    describe('idempotency keys', () => {
      it('are new once per dealer', async () => {
        expect(await tx((t) => t.claimKey('d1', 'dms:1'))).toBe(true);
        expect(await tx((t) => t.claimKey('d1', 'dms:1'))).toBe(false);
        expect(await tx((t) => t.claimKey('d2', 'dms:1'))).toBe(true);
      });

      it('tell a re-delivered payload from the same one by its fingerprint (claimSource)', async () => {
        expect(await tx((t) => t.claimSource('d1', 'dms:1', 'a'))).toBe('new');
        expect(await tx((t) => t.claimSource('d1', 'dms:1', 'a'))).toBe('same');
        expect(await tx((t) => t.claimSource('d2', 'dms:1', 'b'))).toBe('new');
        expect(await tx((t) => t.claimSource('d1', 'dms:1', 'b'))).toBe('changed');
        expect(await tx((t) => t.claimSource('d1', 'dms:1', 'b'))).toBe('same');
        // the original re-sent after its correction is an old message, not a new correction
        expect(await tx((t) => t.claimSource('d1', 'dms:1', 'a'))).toBe('same');
        // the newest fingerprints are kept
        for (let i = 0; i < 20; i++) {
          expect(await tx((t) => t.claimSource('d1', 'dms:9', `f${i}`))).toBe(
            i === 0 ? 'new' : 'changed',
          );
        }
        expect(await tx((t) => t.claimSource('d1', 'dms:9', 'f19'))).toBe('same');
        expect(await tx((t) => t.claimSource('d1', 'dms:9', 'f5'))).toBe('same');
        // shared with claimKey: a key recorded without a fingerprint is always the same
        expect(await tx((t) => t.claimKey('d1', 'dms:1'))).toBe(false);
        expect(await tx((t) => t.claimKey('d1', 'dms:2'))).toBe(true);
        expect(await tx((t) => t.claimSource('d1', 'dms:2', 'a'))).toBe('same');
        // and rolled back with the transaction
        await expect(
          adapter.transaction(async (t) => {
            expect(await t.claimSource('d1', 'dms:1', 'c')).toBe('changed');
            expect(await t.claimSource('d1', 'dms:3', 'c')).toBe('new');
            throw new Boom('rollback');
          }),
        ).rejects.toBeInstanceOf(Boom);
        expect(await tx((t) => t.claimSource('d1', 'dms:1', 'c'))).toBe('changed');
        expect(await tx((t) => t.claimSource('d1', 'dms:3', 'c'))).toBe('new');
      });
    });

    describe('engine on this adapter', () => {
      it("erases a customer's personal data from records, history and the event log, keeping counts", async () => {
        const clock = createFakeClock('2026-03-02T09:00:00+08:00');
        const engine = createEngine({ storage: adapter, clock });
        const agent = { kind: 'person', id: 'agent-1', roles: ['followUpAgent'] } as const;
        const { visitIds } = await engine.ingest({
          type: 'repair.settled',
          sourceId: 'RO-1',
          dealerId: 'd1',
          occurredAt: '2026-03-02T09:00:00+08:00',
          customer: {
            id: 'c1',
            name: '张三',
            phones: [{ number: '13812345678' }],
            address: '北京市朝阳区',
          },
          vehicle: { id: 'car1', vin: 'LGWEF4A59RH000001', plate: '京A12345' },
          repairOrderId: 'RO-1',
          repairKind: 'special',
        });
        const visitId = visitIds[0]!;
        await engine.recordAttempt({
          dealerId: 'd1',
          visitId,
          actor: agent,
          outcome: 'connected',
          note: '张三说下午再打',
        });
        await engine.completeVisit({
          dealerId: 'd1',
          visitId,
          actor: agent,
          answers: { repairQuality: 4, suggestions: '张三希望免费洗车' },
          note: '张三 13812345678 不满意',
        });
        await engine.ingest({
          type: 'complaint.received',
          sourceId: 'CMP-1',
          dealerId: 'd1',
          occurredAt: '2026-03-02T10:00:00+08:00',
          customer: { id: 'c1', name: '张三', phones: [{ number: '13812345678' }] },
          source: 'inboundCall',
          description: '张三投诉异响',
        });
        const receipt = await engine.eraseCustomer('d1', 'c1', {
          kind: 'person',
          id: 'cs-1',
          roles: ['csManager'],
        });
        expect(receipt).toMatchObject({
          customerId: 'c1',
          erasedBy: 'cs-1',
          visits: 1,
          opinionCases: 1,
          complaints: 1,
          vehicles: 1,
        });

        const dump = JSON.stringify(
          await adapter.transaction(async (t) => [
            ...(await t.query({ dealerId: 'd1', kind: 'customer' })),
            ...(await t.query({ dealerId: 'd1', kind: 'vehicle' })),
            ...(await t.query({ dealerId: 'd1', kind: 'visit' })),
            ...(await t.query({ dealerId: 'd1', kind: 'opinionCase' })),
            ...(await t.query({ dealerId: 'd1', kind: 'complaint' })),
            ...(await t.readEvents({ dealerId: 'd1', limit: 10_000 })),
          ]),
        );
        for (const personal of ['张三', '13812345678', '北京市', '京A12345', '免费洗车', '异响']) {
          expect(dump).not.toContain(personal);
        }
        const v = await engine.getVisit('d1', visitId);
        expect(v.response?.score.index).toBe(40); // scores and states stay for reports
        expect(v.response?.answers.repairQuality).toBe(4);
        const c = await engine.getCustomer('d1', 'c1');
        expect(c.erasedAt).toBeDefined();
        expect(c.history.at(-1)).toMatchObject({ command: 'erase', actor: { id: 'cs-1' } });
        await expectCode(
          engine.eraseCustomer('d1', 'c1', { kind: 'system', id: 'system' }),
          'REAL_NAME_REQUIRED',
        );
        await expectCode(engine.eraseCustomer('d1', 'c1', agent), 'PERMISSION_DENIED');
        await expectCode(
          engine.eraseCustomer('d2', 'c1', { kind: 'person', id: 'cs-1', roles: ['csManager'] }),
          'NOT_FOUND',
        );
      });
    });

    options.additionalTests?.(() => adapter);
  });
}
