import type { DomainEvent, FeedQuery } from '@dealercare/core';
import { afterAll, describe, expect, it } from 'vitest';
import { migrations, type PostgresStorage, postgresStorage } from '../src';
import { migrate } from '../src/migrations';
import { clientSession } from './support/client-session';
import { dropSchema, freshSchemaName, PG_URL, withClient } from './support/database';

const schemas: string[] = [];
const opened: PostgresStorage[] = [];
function fresh(poolSize = 4): { storage: PostgresStorage; schema: string } {
  const schema = freshSchemaName();
  schemas.push(schema);
  const storage = postgresStorage({ url: PG_URL, schema, poolSize });
  opened.push(storage);
  return { storage, schema };
}
afterAll(async () => {
  await Promise.allSettled(opened.map((s) => s.close()));
  for (const s of schemas) await dropSchema(s);
});

const event = (dealerId: string, n: number): DomainEvent => ({
  type: 'visit.scheduled',
  dealerId,
  at: '2026-03-02T01:00:00.000Z',
  subject: { kind: 'visit', id: `v${n}` },
  data: { n },
});
const key = (e: DomainEvent) => `${e.dealerId}/${e.seq}`;
const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function page(storage: PostgresStorage, after: string | undefined, limit: number) {
  const query: FeedQuery = after === undefined ? { limit } : { after, limit };
  return storage.transaction((t) => t.readFeed(query));
}

describe('the feed across transactions that commit out of order', () => {
  it('an older transaction committing after a younger one is read after it, not skipped', async () => {
    const { storage, schema } = fresh();
    await storage.ready();
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let appended!: () => void;
    const a = new Promise<void>((resolve) => {
      appended = resolve;
    });
    // A takes its transaction id first (its append), B after; B commits first.
    const older = storage.transaction(async (t) => {
      const out = await t.appendEvents([event('d1', 1)]);
      appended();
      await held;
      return out;
    });
    await a;
    const younger = await storage.transaction((t) => t.appendEvents([event('d2', 2)]));
    const ids = await withClient(
      async (c) =>
        (
          await c.query<{ dealer_id: string; tx: string }>(
            `SELECT dealer_id, tx::text FROM "${schema}".events ORDER BY dealer_id`,
          )
        ).rows,
    );
    // Only B's row is visible yet; A's id is below it: a reader keeping "the highest id (or
    // sequence number) read" would pass A's event by.
    expect(ids.map((r) => r.dealer_id)).toEqual(['d2']);
    const first = await page(storage, undefined, 10);
    expect(first.events.map(key)).toEqual(younger.map(key));
    release();
    const late = await older;
    const txOf = await withClient(
      async (c) =>
        (
          await c.query<{ dealer_id: string; tx: string }>(
            `SELECT dealer_id, tx::text FROM "${schema}".events ORDER BY dealer_id`,
          )
        ).rows,
    );
    expect(BigInt(txOf[0]!.tx)).toBeLessThan(BigInt(txOf[1]!.tx));
    const second = await page(storage, first.cursor, 10);
    expect(second.events.map(key)).toEqual(late.map(key));
    expect((await page(storage, second.cursor, 10)).events).toEqual([]);
  });

  it('eight writers holding their transactions open a while, one reader polling: every event once, in order per dealer', async () => {
    const { storage } = fresh(10);
    await storage.ready();
    const dealers = ['d1', 'd2', 'd3', 'd4', 'd5'];
    let n = 0;
    const writer = async (w: number): Promise<DomainEvent[]> => {
      const out: DomainEvent[] = [];
      for (let i = 0; i < 20; i++) {
        const dealerId = dealers[(w + i) % dealers.length]!;
        const other = dealers[(w + 2 * i + 1) % dealers.length]!;
        out.push(
          ...(await storage.transaction(async (t) => {
            const done = await t.appendEvents([event(dealerId, n++), event(other, n++)]);
            // Commit a random while later: transactions overtake each other.
            await pause(Math.floor(Math.random() * 8));
            return done;
          })),
        );
      }
      return out;
    };
    let writing = true;
    const seen: DomainEvent[] = [];
    const reader = (async () => {
      let cursor: string | undefined;
      while (writing) {
        const p = await page(storage, cursor, 7);
        seen.push(...p.events);
        cursor = p.cursor;
        await pause(2);
      }
      return cursor;
    })();
    const written = (await Promise.all(Array.from({ length: 8 }, (_, w) => writer(w)))).flat();
    writing = false;
    let cursor = await reader;
    for (let empty = 0; empty < 2; ) {
      const p = await page(storage, cursor, 7);
      seen.push(...p.events);
      cursor = p.cursor;
      empty = p.events.length === 0 ? empty + 1 : 0;
    }
    expect(seen.map(key).sort()).toEqual(written.map(key).sort());
    // A reader that keeps going (no crash) reads each event once.
    expect(new Set(seen.map(key)).size).toBe(seen.length);
    const last = new Map<string, number>();
    for (const e of seen) {
      expect(e.seq!).toBeGreaterThan(last.get(e.dealerId) ?? 0);
      last.set(e.dealerId, e.seq!);
    }
  });

  it('a cut read by transaction id (small) or along the primary key (large) comes out the same', async () => {
    const { storage } = fresh();
    await storage.transaction((t) => t.appendEvents([event('d1', 0)]));
    const start = (await page(storage, undefined, 10)).cursor;
    for (let i = 0; i < 5; i++) {
      await storage.transaction((t) =>
        t.appendEvents(Array.from({ length: 10 }, (_, k) => event(`d${(i + k) % 3}`, i * 10 + k))),
      );
    }
    const read = async (limit: number) => {
      const out: DomainEvent[] = [];
      let cursor = start;
      for (;;) {
        const p = await page(storage, cursor, limit);
        out.push(...p.events);
        cursor = p.cursor;
        if (p.events.length === 0) return out.map(key);
      }
    };
    // 50 events in the cut: fewer than ten pages of 10 (sorted by id range), more than ten of 2.
    const small = await read(10);
    expect(small).toHaveLength(50);
    expect(await read(2)).toEqual(small);
  });

  it('events written before migration 2 come in the first cut after the upgrade', async () => {
    const schema = freshSchemaName();
    schemas.push(schema);
    // A schema at version 1, with events in it, as the previous release left it.
    await withClient(async (c) => {
      await migrate(clientSession(c), schema, migrations.slice(0, 1));
      await c.query(
        `INSERT INTO "${schema}".event_seqs VALUES ('d1', 2);
         INSERT INTO "${schema}".events (dealer_id, seq, type, at, subject_kind, subject_id, data)
         VALUES ('d1', 1, 'visit.scheduled', '2026-03-02T01:00:00.000Z', 'visit', 'v1', '{}'),
                ('d1', 2, 'visit.opened', '2026-03-02T01:00:00.000Z', 'visit', 'v1', '{}')`,
      );
    });
    const storage = postgresStorage({ url: PG_URL, schema });
    opened.push(storage);
    await storage.ready();
    const appended = await storage.transaction((t) => t.appendEvents([event('d1', 3)]));
    const first = await page(storage, undefined, 10);
    expect(first.events.map(key)).toEqual(['d1/1', 'd1/2', ...appended.map(key)]);
    expect((await page(storage, first.cursor, 10)).events).toEqual([]);
  });

  it('refuses to append after reading the feed in one transaction: its cursor would pass them by', async () => {
    const { storage } = fresh();
    const failure = await storage
      .transaction(async (t) => {
        await t.put({ kind: 'visit', id: 'v1', dealerId: 'd1', status: 'open', data: {} }, 0);
        await t.readFeed({});
        return t.appendEvents([event('d1', 1)]);
      })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(failure).toMatchObject({
      code: 'STORAGE_FAILURE',
      details: { operation: 'appendEvents' },
    });
    expect((await page(storage, undefined, 10)).events).toEqual([]);
  });
});
