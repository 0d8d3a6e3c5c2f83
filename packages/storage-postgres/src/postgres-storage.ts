import {
  SchemaTooNewError,
  type StorageAdapter,
  StorageError,
  type StorageTransaction,
} from '@dealercare/core';
import { type PoolSettings, pgPool } from './connection/pg-pool';
import type { ConnectionPool, Lease } from './connection/session';
import { migrate, migrations, POSTGRES_SCHEMA_VERSION, readSchemaVersion } from './migrations';
import { isConnectionLoss, isRetryable, toStorageError } from './postgres-errors';
import {
  describeLocation,
  type PostgresStorageOptions,
  type ResolvedPostgresOptions,
  resolveOptions,
} from './postgres-options';
import { PostgresTransaction } from './postgres-transaction';
import { Statements } from './statements';

/** A storage adapter on PostgreSQL, made by {@link postgresStorage}. */
export interface PostgresStorage extends StorageAdapter {
  /** The schema holding the tables. */
  readonly schema: string;
  /**
   * Connects, checks the schema version and migrates it (unless `migrate: false`); resolves with
   * the schema version. The first transaction does this by itself; call it at start-up to fail
   * fast (`SCHEMA_TOO_NEW`, or `STORAGE_FAILURE` with `details.reason` `connect-failed`). After
   * a failure to connect, the next call (or transaction) tries again.
   */
  ready(): Promise<number>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A random pause before retry `attempt` (1, 2, …): up to 5 ms, 10 ms, 20 ms, … capped at 200. */
const backoff = (attempt: number) => Math.random() * Math.min(200, 5 * 2 ** (attempt - 1));

/** Outcome of one try of a transaction: its value, or a failure worth running it again for. */
type Attempt<T> = { readonly value: T } | { readonly retry: StorageError };

/**
 * The adapter over any pool of the {@link ConnectionPool} shape (the package's own uses
 * node-postgres); {@link postgresStorage} is this with the pg pool.
 */
export function createPostgresStorage(
  options: ResolvedPostgresOptions,
  makePool: (settings: PoolSettings) => ConnectionPool,
): PostgresStorage {
  const where = describeLocation(options.url, options.schema);
  const statements = new Statements(options.schema);
  const pool = makePool({
    url: options.url,
    max: options.poolSize,
    statementTimeoutMs: options.statementTimeoutMs,
    connectTimeoutMs: options.connectTimeoutMs,
    idleTimeoutMs: options.idleTimeoutMs,
    applicationName: options.applicationName,
  });
  let closed = false;
  let opening: Promise<number> | undefined;
  const running = new Set<Promise<unknown>>();

  const acquire = async (operation: string): Promise<Lease> => {
    try {
      return await pool.acquire();
    } catch (error) {
      throw toStorageError(error, { operation, where, phase: 'connect' });
    }
  };

  const open = async (): Promise<number> => {
    const lease = await acquire('open');
    let broken: unknown;
    try {
      if (options.migrate) return await migrate(lease, options.schema, migrations);
      const found = await readSchemaVersion(lease, options.schema);
      if (found > POSTGRES_SCHEMA_VERSION)
        throw new SchemaTooNewError(found, POSTGRES_SCHEMA_VERSION);
      if (found < POSTGRES_SCHEMA_VERSION) {
        throw new StorageError(
          `postgres storage ${where}: schema version ${found} needs migrating to ${POSTGRES_SCHEMA_VERSION}, and this adapter was opened with migrate: false; open it once with a role that may change the schema`,
          { reason: 'database-error', found, supported: POSTGRES_SCHEMA_VERSION, where },
        );
      }
      return found;
    } catch (error) {
      if (isConnectionLoss(error)) broken = error;
      throw toStorageError(error, { operation: 'migrate', where });
    } finally {
      lease.release(broken);
    }
  };

  const ready = (): Promise<number> => {
    opening ??= open().catch((error: unknown) => {
      // A schema too new or a refused migration stays refused; a connection failure may pass.
      const reason = error instanceof StorageError ? error.details.reason : undefined;
      if (reason === 'connect-failed' || reason === 'connection-lost') opening = undefined;
      throw error;
    });
    return opening;
  };

  const rollback = async (lease: Lease): Promise<unknown> => {
    try {
      await lease.query(statements.rollback);
      return undefined;
    } catch (error) {
      return error; // the connection is unusable if even ROLLBACK fails
    }
  };

  const attempt = async <T>(fn: (tx: StorageTransaction) => Promise<T>): Promise<Attempt<T>> => {
    const lease = await acquire('begin transaction');
    let broken: unknown;
    try {
      try {
        await lease.query(statements.begin);
      } catch (error) {
        broken = error;
        throw toStorageError(error, { operation: 'begin transaction', where });
      }
      const tx = new PostgresTransaction(lease, statements, where);
      let result: T;
      try {
        result = await fn(tx);
      } catch (error) {
        tx.end();
        broken = await rollback(lease);
        if (tx.failure !== undefined && isRetryable(tx.failure)) return { retry: tx.failure };
        throw error;
      }
      tx.end();
      if (tx.failure !== undefined) {
        // The callback caught a storage failure and carried on: the work is incomplete.
        broken = await rollback(lease);
        if (isRetryable(tx.failure)) return { retry: tx.failure };
        throw tx.failure;
      }
      try {
        await lease.query(statements.commit);
      } catch (error) {
        const lost = isConnectionLoss(error);
        const failure = toStorageError(error, {
          operation: 'commit',
          where,
          extra: lost ? { committed: 'unknown' } : {},
        });
        if (lost) broken = error;
        else broken = await rollback(lease);
        if (!lost && isRetryable(failure) && failure instanceof StorageError) {
          return { retry: failure };
        }
        throw failure;
      }
      return { value: result };
    } finally {
      lease.release(broken ?? lease.lost);
    }
  };

  const runTransaction = async <T>(fn: (tx: StorageTransaction) => Promise<T>): Promise<T> => {
    await ready();
    for (let tries = 1; ; tries++) {
      const outcome = await attempt(fn);
      if ('value' in outcome) return outcome.value;
      if (tries > options.maxRetries) {
        throw new StorageError(
          `${outcome.retry.message} — still failing after ${tries} tries`,
          { ...outcome.retry.details, tries },
          outcome.retry,
        );
      }
      await sleep(backoff(tries));
    }
  };

  return {
    name: 'postgres',
    schema: options.schema,
    ready,
    transaction<T>(fn: (tx: StorageTransaction) => Promise<T>): Promise<T> {
      if (closed) {
        return Promise.reject(
          new StorageError(`postgres storage ${where} is closed`, { reason: 'closed', where }),
        );
      }
      const run = runTransaction(fn);
      running.add(run);
      const forget = () => running.delete(run);
      run.then(forget, forget);
      return run;
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      // Transactions accepted before close() still run to their end; then the pool closes.
      await Promise.allSettled([...running]);
      await pool.end();
    },
  };
}

/**
 * PostgreSQL storage (node-postgres with its pool): several engine processes on one database,
 * each with its own pool. Every dealer's records, timers, event log and idempotency keys live in
 * one schema (default `dealercare`), migrated when the adapter opens; a schema from a newer
 * release fails with `SCHEMA_TOO_NEW` and is not touched.
 *
 * Each `transaction` is one PostgreSQL transaction (READ COMMITTED) on one pooled connection.
 * Versions are checked in the `UPDATE … WHERE version = …`, creates and idempotency keys are
 * `INSERT … ON CONFLICT DO NOTHING`, and a timer claim is a conditional `DELETE`, so processes
 * never overwrite each other's writes nor fire a timer twice. A transaction that deadlocks or
 * fails to serialize is run again whole (`maxRetries`); other failures are `STORAGE_FAILURE`
 * with `details.reason` (`connection-lost`, `statement-timeout`, …) and the SQLSTATE in
 * `details.pgCode`, and nothing of the transaction is committed.
 *
 * Opening is lazy: the first transaction connects and migrates; `await storage.ready()` does it
 * at start-up instead.
 *
 * @example
 * ```ts
 * import { createEngine } from '@dealercare/core';
 * import { postgresStorage } from '@dealercare/storage-postgres';
 *
 * const storage = postgresStorage({ url: process.env.DATABASE_URL! });
 * await storage.ready();
 * const engine = createEngine({ storage });
 * // …
 * await engine.close(); // closes the pool too
 * ```
 */
export function postgresStorage(options: PostgresStorageOptions): PostgresStorage {
  return createPostgresStorage(resolveOptions(options), pgPool);
}
