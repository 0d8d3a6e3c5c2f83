import { type DealercareError, StorageError, type StorageTransaction } from '@dealercare/core';
import { afterAll, describe, expect, it } from 'vitest';
import { type PostgresStorage, postgresStorage } from '../src';
import { dropSchema, freshSchemaName, PG_URL, withClient } from './support/database';

const schemas: string[] = [];
const opened: PostgresStorage[] = [];
/** An adapter on a fresh schema, with an application name of its own to find its backends by. */
function fresh(options: { statementTimeoutMs?: number; maxRetries?: number } = {}) {
  const schema = freshSchemaName();
  schemas.push(schema);
  const storage = postgresStorage({ url: PG_URL, schema, applicationName: schema, ...options });
  opened.push(storage);
  return { storage, schema };
}
afterAll(async () => {
  await Promise.allSettled(opened.map((s) => s.close()));
  for (const s of schemas) await dropSchema(s);
});

const visit = (id: string, n = 0) =>
  ({ kind: 'visit', id, dealerId: 'd1', status: 'open', data: { n } }) as const;

async function failure(p: Promise<unknown>): Promise<StorageError> {
  const error = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StorageError);
  return error as StorageError;
}

/** Everything a transaction can write, so "nothing half-written" is checked for each kind. */
async function writeAll(tx: StorageTransaction, id: string): Promise<void> {
  await tx.put(visit(id), 0);
  await tx.claimKey('d1', `key:${id}`);
  await tx.putTimers([
    {
      id: `t:${id}`,
      dealerId: 'd1',
      subject: { kind: 'visit', id },
      name: 'visit.overdue',
      dueAt: 1,
      payload: {},
    },
  ]);
  await tx.appendEvents([
    {
      type: 'visit.scheduled',
      dealerId: 'd1',
      at: '2026-03-02T01:00:00.000Z',
      subject: { kind: 'visit', id },
      data: {},
    },
  ]);
}

async function written(storage: PostgresStorage, id: string) {
  return storage.transaction(async (tx) => ({
    record: await tx.get('visit', 'd1', id),
    keyIsNew: await tx.claimKey('d1', `key:${id}`),
    timers: await tx.timersOf('d1', { kind: 'visit', id }),
    events: await tx.readEvents({ dealerId: 'd1', subject: { kind: 'visit', id } }),
  }));
}

describe('connection loss', () => {
  it('a backend terminated mid-transaction: STORAGE_FAILURE connection-lost, nothing written, the pool recovers', async () => {
    const { storage, schema } = fresh();
    await storage.ready();
    const error = await failure(
      storage.transaction(async (tx) => {
        await writeAll(tx, 'v1');
        // Another session kills this transaction's backend, as a failover or an operator would.
        const killed = await withClient(
          async (c) =>
            (
              await c.query<{ ok: boolean }>(
                `SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity
                 WHERE application_name = $1 AND state = 'idle in transaction'`,
                [schema],
              )
            ).rows,
        );
        expect(killed).toEqual([{ ok: true }]);
        await tx.put(visit('v2'), 0);
      }),
    );
    expect(error.code).toBe('STORAGE_FAILURE');
    expect(error.details.reason).toBe('connection-lost');
    expect(error.message).toMatch(/connection-lost.*nothing of the transaction was committed/);
    // The next transaction gets a new connection; nothing of the killed one is there.
    const after = await written(storage, 'v1');
    expect(after).toEqual({ record: undefined, keyIsNew: true, timers: [], events: [] });
    expect(await storage.transaction((tx) => tx.get('visit', 'd1', 'v2'))).toBeUndefined();
  });

  it('pooled connections killed while idle are replaced, and do not end the process', async () => {
    const { storage, schema } = fresh();
    await storage.transaction((tx) => tx.put(visit('v1'), 0));
    const killed = await withClient(
      async (c) =>
        (
          await c.query(
            `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
             WHERE application_name = $1 AND state = 'idle'`,
            [schema],
          )
        ).rowCount,
    );
    expect(killed).toBeGreaterThan(0);
    // Give the pool a moment to hear of it (an unhandled 'error' event would crash here).
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await storage.transaction((tx) => tx.get('visit', 'd1', 'v1')))?.version).toBe(1);
  });

  it('an unreachable server: STORAGE_FAILURE connect-failed, saying how to check', async () => {
    const storage = postgresStorage({
      url: 'postgres://postgres@127.0.0.1:1/test',
      connectTimeoutMs: 2000,
    });
    const error = await failure(storage.transaction(async () => 1));
    expect(error.details.reason).toBe('connect-failed');
    expect(error.message).toMatch(/127\.0\.0\.1:1\/test.*cannot connect to PostgreSQL/);
    // Still refused the next time (and tried again rather than remembered).
    expect((await failure(storage.ready())).details.reason).toBe('connect-failed');
    await storage.close();
  });

  it('after close, transactions are refused with reason closed', async () => {
    const { storage } = fresh();
    await storage.close();
    expect((await failure(storage.transaction(async () => 1))).details.reason).toBe('closed');
  });
});

describe('statement timeout', () => {
  it('a statement waiting past statementTimeoutMs is cancelled: statement-timeout, nothing written', async () => {
    const { storage, schema } = fresh({ statementTimeoutMs: 200 });
    await storage.transaction((tx) => tx.put(visit('locked'), 0));
    await withClient(async (c) => {
      // Another session holds the row's lock, so the adapter's UPDATE waits on it.
      await c.query('BEGIN');
      await c.query(`SELECT 1 FROM "${schema}".records WHERE id = 'locked' FOR UPDATE`);
      const started = performance.now();
      const error = await failure(
        storage.transaction(async (tx) => {
          await writeAll(tx, 'v1');
          await tx.put(visit('locked', 1), 1);
        }),
      );
      expect(performance.now() - started).toBeLessThan(5000);
      expect(error.details).toMatchObject({ reason: 'statement-timeout', pgCode: '57014' });
      await c.query('ROLLBACK');
    });
    expect(await written(storage, 'v1')).toEqual({
      record: undefined,
      keyIsNew: true,
      timers: [],
      events: [],
    });
    expect((await storage.transaction((tx) => tx.get('visit', 'd1', 'locked')))?.version).toBe(1);
  });
});

describe('deadlocks', () => {
  /** Two transactions that lock two records in opposite orders, meeting in the middle. */
  async function crossing(storage: PostgresStorage) {
    await storage.transaction(async (tx) => {
      await tx.put(visit('a'), 0);
      await tx.put(visit('b'), 0);
    });
    let calls = 0;
    let arrived = 0;
    let meet: () => void = () => {};
    const met = new Promise<void>((resolve) => {
      meet = resolve;
    });
    const done: Record<string, Promise<unknown>> = {};
    const bump = (first: string, second: string) =>
      storage.transaction(async (tx) => {
        // The retry of the deadlock's loser starts once the winner committed: had it started
        // before, it would read the winner's rows before their commit and fail as a stale write
        // (VERSION_CONFLICT, correctly), which is not what this test is about.
        if (++calls > 2) await done[second]!.catch(() => {});
        const one = await tx.get('visit', 'd1', first);
        await tx.put(visit(first, Number(one?.data.n) + 1), one!.version);
        // The first try of each waits for the other to hold its first lock.
        if (++arrived <= 2) {
          if (arrived === 2) meet();
          await met;
        }
        const two = await tx.get('visit', 'd1', second);
        await tx.put(visit(second, Number(two?.data.n) + 1), two!.version);
      });
    done.a = bump('a', 'b');
    done.b = bump('b', 'a');
    const results = await Promise.allSettled([done.a, done.b]);
    return { results, calls };
  }

  it('are retried whole: both transactions commit, the loser ran twice', async () => {
    const { storage } = fresh();
    const { results, calls } = await crossing(storage);
    // a rejection shows its reason, so a failure here says which error it was
    expect(results.map((r) => (r.status === 'rejected' ? String(r.reason) : r.status))).toEqual([
      'fulfilled',
      'fulfilled',
    ]);
    expect(calls).toBe(3);
    const [a, b] = await storage.transaction(async (tx) => [
      await tx.get('visit', 'd1', 'a'),
      await tx.get('visit', 'd1', 'b'),
    ]);
    expect([a?.data.n, a?.version, b?.data.n, b?.version]).toEqual([2, 3, 2, 3]);
  }, 15_000);

  it('with maxRetries 0: STORAGE_FAILURE deadlock (40P01), and the loser wrote nothing', async () => {
    const { storage } = fresh({ maxRetries: 0 });
    const { results } = await crossing(storage);
    const rejected = results.filter((r) => r.status === 'rejected');
    expect(rejected).toHaveLength(1);
    const reason = (rejected[0] as PromiseRejectedResult).reason as DealercareError;
    expect(reason.code).toBe('STORAGE_FAILURE');
    expect(reason.details).toMatchObject({ reason: 'deadlock', pgCode: '40P01', tries: 1 });
    const [a, b] = await storage.transaction(async (tx) => [
      await tx.get('visit', 'd1', 'a'),
      await tx.get('visit', 'd1', 'b'),
    ]);
    expect([a?.data.n, b?.data.n]).toEqual([1, 1]);
  }, 15_000);
});

describe('a callback that swallows a failure', () => {
  it('cannot commit the rest: the transaction rolls back and rethrows the failure', async () => {
    const { storage } = fresh();
    const error = await failure(
      storage.transaction(async (tx) => {
        await tx.put(visit('kept?'), 0);
        try {
          // PostgreSQL cannot store a NUL character in text: the statement fails.
          await tx.put(visit('bad\u0000id'), 0);
        } catch {
          // swallowed
        }
        await expect(tx.get('visit', 'd1', 'kept?')).rejects.toThrow(/already failed/);
      }),
    );
    expect(error.details).toMatchObject({ reason: 'database-error', pgCode: '22021' });
    expect(await storage.transaction((tx) => tx.get('visit', 'd1', 'kept?'))).toBeUndefined();
  });
});
