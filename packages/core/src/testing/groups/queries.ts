import type { RecordQuery } from '../../storage/storage-port';
import { rec, type SuiteContext } from './suite-context';

/** Group `queries`: `query`. */
export function queryTests({ it, expect, tx }: SuiteContext): void {
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

  it("queries by customer: a record that moved to another customer, this transaction's own, any order", async () => {
    await tx(async (t) => {
      await t.put(rec({ id: 'v1', customerId: 'c1', dueAt: 300 }), 0);
      await t.put(rec({ id: 'v2', customerId: 'c1', dueAt: 100, status: 'completed' }), 0);
      await t.put(rec({ id: 'v3', customerId: 'c2', dueAt: 200 }), 0);
      await t.put(rec({ id: 'v4', customerId: undefined, dueAt: 50 }), 0);
      await t.put(rec({ id: 'v0', customerId: 'c1', dealerId: 'd2' }), 0);
    });
    const base = { dealerId: 'd1', kind: 'visit' } as const;
    const ids = async (q: Omit<RecordQuery, 'dealerId' | 'kind'>) =>
      (await tx((t) => t.query({ ...base, ...q }))).map((r) => r.id);
    expect(await ids({ customerId: 'c1' })).toEqual(['v1', 'v2']);
    expect(await ids({ customerId: 'c1', orderBy: 'dueAt' })).toEqual(['v2', 'v1']);
    expect(await ids({ customerId: 'c1', status: 'open' })).toEqual(['v1']);
    await tx(async (t) => {
      await t.put(rec({ id: 'v1', customerId: 'c2', dueAt: 300 }), 1);
      await t.put(rec({ id: 'v5', customerId: 'c1', dueAt: 150 }), 0);
      const own = await t.query({ ...base, customerId: 'c1' });
      expect(own.map((r) => r.id)).toEqual(['v2', 'v5']);
      const moved = await t.query({ ...base, customerId: 'c2', orderBy: 'dueAt' });
      expect(moved.map((r) => r.id)).toEqual(['v3', 'v1']);
      expect(await t.countByStatus({ ...base, customerId: 'c1' })).toEqual({
        completed: 1,
        open: 1,
      });
    });
    expect(await ids({ customerId: 'c1' })).toEqual(['v2', 'v5']);
    expect(await ids({ customerId: 'c2' })).toEqual(['v1', 'v3']);
    expect(await ids({ customerId: 'c2', afterId: 'v1' })).toEqual(['v3']);
    expect(await ids({ customerId: 'c1', limit: 1 })).toEqual(['v2']);
    expect(await ids({ customerId: 'c1', orderBy: 'dueAt', after: { at: 100, id: 'v2' } })).toEqual(
      ['v5'],
    );
    expect(await ids({ customerId: 'c3' })).toEqual([]);
    expect(await tx((t) => t.countByStatus({ ...base, customerId: 'c2' }))).toEqual({ open: 2 });
  });

  it("counts an assignee's records: one reassigned or unassigned, this transaction's own", async () => {
    await tx(async (t) => {
      await t.put(rec({ id: 'v1', assigneeId: 'a1' }), 0);
      await t.put(rec({ id: 'v2', assigneeId: 'a1', status: 'completed' }), 0);
      await t.put(rec({ id: 'v3', assigneeId: 'a1' }), 0);
      await t.put(rec({ id: 'v4', assigneeId: 'a2' }), 0);
      await t.put(rec({ id: 'v5' }), 0);
      await t.put(rec({ id: 'v6', assigneeId: 'a1', dealerId: 'd2' }), 0);
      await t.put(rec({ id: 'v7', assigneeId: 'a1', kind: 'complaint' }), 0);
    });
    const base = { dealerId: 'd1', kind: 'visit' } as const;
    const count = (assigneeId: string) => tx((t) => t.countByStatus({ ...base, assigneeId }));
    expect(await count('a1')).toEqual({ open: 2, completed: 1 });
    await tx(async (t) => {
      await t.put(rec({ id: 'v1', assigneeId: 'a2' }), 1);
      await t.put(rec({ id: 'v3' }), 1);
      await t.put(rec({ id: 'v5', assigneeId: 'a1' }), 1);
      await t.put(rec({ id: 'v8', assigneeId: 'a1', status: 'completed' }), 0);
      expect(await t.countByStatus({ ...base, assigneeId: 'a1' })).toEqual({
        open: 1,
        completed: 2,
      });
      expect(await t.countByStatus({ ...base, assigneeId: 'a2' })).toEqual({ open: 2 });
    });
    expect(await count('a1')).toEqual({ open: 1, completed: 2 });
    expect(await count('a2')).toEqual({ open: 2 });
    expect(await count('a3')).toEqual({});
    const ids = async (q: Omit<RecordQuery, 'dealerId' | 'kind'>) =>
      (await tx((t) => t.query({ ...base, ...q }))).map((r) => r.id);
    expect(await ids({ assigneeId: 'a1' })).toEqual(['v2', 'v5', 'v8']);
    expect(await ids({ assigneeId: 'a2', orderBy: 'dueAt' })).toEqual(['v1', 'v4']);
    await tx((t) => t.put(rec({ id: 'v5' }), 2));
    expect(await count('a1')).toEqual({ completed: 2 });
  });
}
