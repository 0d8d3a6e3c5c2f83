import type { RecordQuery, StoredRecord } from '../../storage/storage-port';
import { rec, type SuiteContext } from './suite-context';

/** A small deterministic generator (mulberry32): the same rows on every adapter and run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Rows with repeated due and opening times (ties broken by id), some without either. */
function workRows(n: number): Omit<StoredRecord, 'version'>[] {
  const next = random(20261202);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  return Array.from({ length: n }, (_, i) => {
    const dueAt = next() < 0.1 ? undefined : 1_000 + Math.floor(next() * 12) * 100;
    const opensAt = next() < 0.1 ? undefined : 500 + Math.floor(next() * 8) * 100;
    return rec({
      id: `w${String((i * 7919) % n).padStart(3, '0')}`,
      status: pick(['open', 'attempting', 'completed']),
      type: pick(['firstLevel', 'secondLevel', 'postRepair']),
      outletId: pick([undefined, 'o1', 'o2']),
      assigneeId: pick([undefined, 'a1', 'a2']),
      customerId: pick(['c1', 'c2']),
      dueAt,
      opensAt,
    });
  });
}

/** What a query should answer, computed from the rows themselves. */
function expected(rows: readonly Omit<StoredRecord, 'version'>[], q: RecordQuery): string[] {
  const col = q.orderBy === 'dueAt' || q.orderBy === 'opensAt' ? q.orderBy : undefined;
  const oneOf = (v: string | undefined, w: string | readonly string[] | undefined) =>
    w === undefined || (typeof w === 'string' ? v === w : v !== undefined && w.includes(v));
  const inRange = (v: number | undefined, from?: number, to?: number) =>
    (from === undefined || (v !== undefined && v >= from)) &&
    (to === undefined || (v !== undefined && v <= to));
  return rows
    .filter(
      (r) =>
        oneOf(r.status, q.status) &&
        oneOf(r.type, q.type) &&
        oneOf(r.outletId, q.outletId) &&
        oneOf(r.assigneeId, q.assigneeId) &&
        inRange(r.dueAt, q.dueFrom, q.dueBefore) &&
        inRange(r.opensAt, q.opensFrom, q.opensTo) &&
        (col === undefined || r[col] !== undefined),
    )
    .sort((a, b) => {
      if (col !== undefined && a[col] !== b[col]) return a[col]! - b[col]!;
      return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
    })
    .map((r) => r.id);
}

/** Group `worklists`: `query` with `orderBy` and cursors, the new filters, `countByStatus`. */
export function workListTests({ it, expect, tx }: SuiteContext): void {
  const rows = workRows(120);
  const seed = () =>
    tx(async (t) => {
      for (const r of rows) await t.put(r, 0);
      // Another dealer's and another kind's rows never show.
      await t.put(rec({ id: 'w000', dealerId: 'd2', dueAt: 1, opensAt: 1, type: 'firstLevel' }), 0);
      await t.put(rec({ id: 'x1', kind: 'complaint', dueAt: 1, opensAt: 1 }), 0);
    });
  const base = { dealerId: 'd1', kind: 'visit' } as const;
  const queries: Omit<RecordQuery, 'dealerId' | 'kind'>[] = [
    { orderBy: 'dueAt' },
    { orderBy: 'opensAt' },
    { orderBy: 'dueAt', status: ['open', 'attempting'] },
    { orderBy: 'dueAt', status: 'open', assigneeId: 'a1' },
    { orderBy: 'dueAt', type: 'firstLevel', outletId: 'o2' },
    { orderBy: 'opensAt', type: ['secondLevel', 'postRepair'], opensFrom: 700, opensTo: 1000 },
    { orderBy: 'dueAt', dueFrom: 1_300, dueBefore: 1_800 },
    { orderBy: 'id', type: 'postRepair', dueFrom: 1_500 },
  ];

  it('lists in due or opening order (ties by id), with every filter, as the rows say', async () => {
    await seed();
    for (const q of queries) {
      const got = await tx((t) => t.query({ ...base, ...q, limit: 1000 }));
      expect([q, got.map((r) => r.id)]).toEqual([q, expected(rows, { ...base, ...q })]);
    }
  });

  it('pages through a sorted list with the (value, id) cursor: every row once, in order', async () => {
    await seed();
    for (const q of queries.filter((q) => q.orderBy !== 'id')) {
      const col = q.orderBy as 'dueAt' | 'opensAt';
      const seen: string[] = [];
      let after: { at: number; id: string } | undefined;
      for (let pages = 0; pages < 100; pages++) {
        const page = await tx((t) =>
          t.query({ ...base, ...q, limit: 7, ...(after !== undefined ? { after } : {}) }),
        );
        seen.push(...page.map((r) => r.id));
        const last = page[page.length - 1];
        if (page.length < 7 || last === undefined) break;
        after = { at: last[col]!, id: last.id };
      }
      expect([q, seen]).toEqual([q, expected(rows, { ...base, ...q })]);
    }
  });

  it('sorted pages see the transaction’s own writes and stored columns come back', async () => {
    await seed();
    await tx(async (t) => {
      await t.put(rec({ id: 'w999', dueAt: 1, opensAt: 2, type: 'special', outletId: 'o9' }), 0);
      const [first] = await t.query({ ...base, orderBy: 'dueAt', limit: 1 });
      expect(first?.id).toBe('w999');
      expect([first?.type, first?.outletId, first?.opensAt]).toEqual(['special', 'o9', 2]);
      const moved = await t.get('visit', 'd1', 'w999');
      await t.put({ ...moved!, dueAt: 99_999 }, moved!.version);
      const page = await t.query({ ...base, orderBy: 'dueAt', after: { at: 50_000, id: '' } });
      expect(page.map((r) => r.id)).toEqual(['w999']);
    });
  });

  it('counts per status under the same filters', async () => {
    await seed();
    const countOf = (q: Omit<RecordQuery, 'dealerId' | 'kind'>) => {
      const counts: Record<string, number> = {};
      for (const id of expected(rows, { ...base, ...q })) {
        const status = rows.find((r) => r.id === id)!.status;
        counts[status] = (counts[status] ?? 0) + 1;
      }
      return counts;
    };
    for (const q of [{}, { assigneeId: 'a2' }, { type: 'firstLevel', dueFrom: 1_400 }]) {
      expect(await tx((t) => t.countByStatus({ ...base, ...q }))).toEqual(countOf(q));
    }
    expect(await tx((t) => t.countByStatus({ ...base, dealerId: 'nobody' }))).toEqual({});
  });
}

/** Group `lookups`: `findByKey`, whole keys and prefixes, replaced on each put. */
export function lookupTests({ it, expect, tx }: SuiteContext): void {
  const customer = (id: string, keys: string[], dealerId = 'd1') =>
    rec({ kind: 'customer', id, dealerId, customerId: id, dueAt: undefined, keys });

  it('finds records by a whole key or a prefix, each once, in id order', async () => {
    await tx(async (t) => {
      await t.put(customer('c2', ['phone:+8613800138000', 'name:王芳']), 0);
      await t.put(customer('c1', ['phone:+8613800138000', 'phone:+8613900139000', 'name:王五']), 0);
      await t.put(customer('c3', ['name:李雷']), 0);
      await t.put(customer('c9', ['phone:+8613800138000'], 'd2'), 0);
    });
    const ids = async (key: string, prefix = false, limit?: number) =>
      (
        await tx((t) =>
          t.findByKey({
            dealerId: 'd1',
            kind: 'customer',
            key,
            prefix,
            ...(limit !== undefined ? { limit } : {}),
          }),
        )
      ).map((r) => r.id);
    expect(await ids('phone:+8613800138000')).toEqual(['c1', 'c2']);
    expect(await ids('phone:+86138')).toEqual([]);
    expect(await ids('phone:+86138', true)).toEqual(['c1', 'c2']);
    expect(await ids('phone:', true)).toEqual(['c1', 'c2']);
    expect(await ids('name:王', true)).toEqual(['c1', 'c2']);
    expect(await ids('name:王', true, 1)).toEqual(['c1']);
    expect(await ids('name:', true)).toEqual(['c1', 'c2', 'c3']);
    expect(await ids('name:李雷')).toEqual(['c3']);
    const other = await tx((t) =>
      t.findByKey({ dealerId: 'd1', kind: 'vehicle', key: 'name:', prefix: true }),
    );
    expect(other).toEqual([]);
  });

  it('replaces the keys on each put, and sees the transaction’s own writes', async () => {
    await tx((t) => t.put(customer('c1', ['phone:+8613800138000', 'name:王芳']), 0));
    await tx(async (t) => {
      const c = await t.get('customer', 'd1', 'c1');
      await t.put({ ...customer('c1', ['phone:+8613700137000', 'name:王芳']) }, c!.version);
      const byNew = await t.findByKey({
        dealerId: 'd1',
        kind: 'customer',
        key: 'phone:+8613700137000',
      });
      expect(byNew.map((r) => r.id)).toEqual(['c1']);
    });
    const find = (key: string) => tx((t) => t.findByKey({ dealerId: 'd1', kind: 'customer', key }));
    expect(await find('phone:+8613800138000')).toEqual([]);
    expect((await find('phone:+8613700137000')).map((r) => r.version)).toEqual([2]);
    await tx(async (t) => {
      await t.put(customer('c1', []), 2);
    });
    expect(await find('name:王芳')).toEqual([]);
  });

  it('a rolled-back put leaves the keys as they were', async () => {
    await tx((t) => t.put(customer('c1', ['name:王芳']), 0));
    await tx(async (t) => {
      await t.put(customer('c1', ['name:张三']), 1);
      throw new Error('roll back');
    }).catch(() => undefined);
    const find = (key: string) => tx((t) => t.findByKey({ dealerId: 'd1', kind: 'customer', key }));
    expect((await find('name:王芳')).map((r) => r.id)).toEqual(['c1']);
    expect(await find('name:张三')).toEqual([]);
  });
}
