import { statSync } from 'node:fs';
import {
  defineStorageAdapter,
  type Issue,
  type StorageAdapter,
  StorageError,
  type StorageTransaction,
  ValidationError,
} from '@dealercare/core';
import type BetterSqlite3 from 'better-sqlite3';
import Database from 'better-sqlite3';
import { checkSchemaVersion, migrate, migrations } from './migrations';
import { toStorageError } from './sqlite-errors';
import { SqliteTransaction } from './sqlite-transaction';
import { Statements } from './statements';

/** Options of {@link sqliteStorage}. */
export interface SqliteStorageOptions {
  /**
   * Path of the database file (created if missing; its directory must exist), or `:memory:`.
   * With `database`, only used in messages.
   */
  readonly filename: string;
  /**
   * How long a transaction waits for another process's write lock before failing with a
   * `STORAGE_FAILURE` (`SQLITE_BUSY`), in ms. Default 5000. The wait blocks the event loop
   * (better-sqlite3 is synchronous), so keep it short on a busy server.
   */
  readonly busyTimeoutMs?: number;
  /**
   * `FULL` (default): every commit is on disk before `transaction()` resolves — a power cut
   * loses nothing that was acknowledged. `NORMAL`: faster commits; under WAL the file can never
   * be corrupted, but a power cut or OS crash may lose the last transactions committed before
   * it (a process crash loses nothing in either mode). See the README for measured costs.
   */
  readonly synchronous?: 'NORMAL' | 'FULL';
  /**
   * Page cache of the connection, in MiB (default 64). SQLite's own default (2 MiB) makes a
   * batch that touches many dealers re-read index pages from the OS on every insert.
   */
  readonly cacheSizeMiB?: number;
  /**
   * Bound of the write-ahead log, in MiB (default 64). SQLite's automatic checkpoint, which
   * copies the log into the database inside a commit, is off: the adapter checkpoints when the
   * connection is idle (no transaction running or queued) after a commit left more than 4 MiB
   * in the log, when you call {@link checkpoint}, and inside a commit only when the log has
   * grown past this bound (a long run of transactions that never lets the connection idle).
   */
  readonly walLimitMiB?: number;
  /**
   * Page size of a new, empty database file, in bytes: a power of two from 512 to 65536
   * (default 16384). Larger pages fill better (a smaller file) and cost more per commit, since a
   * commit logs each page it changed whole; see the README's "File size". A file that has pages
   * keeps the size it was made with, whatever this says.
   */
  readonly newFilePageSize?: number;
  /** Open read-only: reads work, writes fail with `STORAGE_FAILURE` (`SQLITE_READONLY`). */
  readonly readonly?: boolean;
  /**
   * An open better-sqlite3 connection to use instead of opening `filename`. The adapter sets
   * its pragmas and migrates it, but does not close it: its owner does.
   */
  readonly database?: BetterSqlite3.Database;
}

/** Adapters made by {@link sqliteStorage}, mapped to their connection (for `backup`). */
const connections = new WeakMap<StorageAdapter, BetterSqlite3.Database>();
/** Adapters made by {@link sqliteStorage}, mapped to their checkpoint (for `checkpoint`). */
const checkpoints = new WeakMap<StorageAdapter, () => Promise<CheckpointResult>>();

/** What {@link checkpoint} did, in pages of the write-ahead log. */
export interface CheckpointResult {
  /** Pages in the log when the checkpoint ran. */
  readonly logPages: number;
  /** Pages of it now copied into the database file. */
  readonly checkpointedPages: number;
  /**
   * `true` when a reader (another process, a backup) kept part of the log from being copied;
   * it is copied at a later checkpoint.
   */
  readonly busy: boolean;
}

/** The log grows past this before an idle checkpoint is worth it: SQLite's own default. */
const IDLE_CHECKPOINT_BYTES = 4 * 1024 * 1024;
/** How long the connection must stay idle before the idle checkpoint, in ms. */
const IDLE_CHECKPOINT_DELAY_MS = 100;

/**
 * Copies the write-ahead log of an adapter made by {@link sqliteStorage} into its database file
 * now (a `PASSIVE` checkpoint: it waits for the adapter's transactions, never for other
 * processes' readers). The adapter does this by itself when it is idle; call it at a moment you
 * choose, e.g. after a bulk import or before copying the file with the service stopped. A
 * `:memory:` or read-only adapter has no log: nothing is done.
 */
export function checkpoint(storage: StorageAdapter): Promise<CheckpointResult> {
  const run = checkpoints.get(storage);
  if (run === undefined) {
    return Promise.reject(
      new StorageError('checkpoint needs an adapter made by sqliteStorage', {
        adapter: storage.name,
      }),
    );
  }
  return run();
}

/** The better-sqlite3 connection of an adapter made by {@link sqliteStorage}, if it is one. */
export function connectionOf(adapter: StorageAdapter): BetterSqlite3.Database | undefined {
  return connections.get(adapter);
}

function checkOptions(options: SqliteStorageOptions): void {
  const issues: Issue[] = [];
  if (typeof options.filename !== 'string' || options.filename === '') {
    issues.push({
      path: ['filename'],
      message: 'must be a file path or ":memory:"',
      code: 'invalid_type',
    });
  }
  const timeout = options.busyTimeoutMs;
  if (
    timeout !== undefined &&
    !(Number.isInteger(timeout) && timeout >= 0 && timeout <= 2 ** 31 - 1)
  ) {
    issues.push({
      path: ['busyTimeoutMs'],
      message: 'must be a non-negative integer (ms)',
      code: 'invalid_value',
    });
  }
  if (
    options.synchronous !== undefined &&
    options.synchronous !== 'FULL' &&
    options.synchronous !== 'NORMAL'
  ) {
    issues.push({
      path: ['synchronous'],
      message: 'must be "FULL" or "NORMAL"',
      code: 'invalid_value',
    });
  }
  const cache = options.cacheSizeMiB;
  if (cache !== undefined && !(Number.isInteger(cache) && cache >= 1 && cache <= 65_536)) {
    issues.push({
      path: ['cacheSizeMiB'],
      message: 'must be an integer from 1 to 65536 (MiB)',
      code: 'invalid_value',
    });
  }
  const wal = options.walLimitMiB;
  if (wal !== undefined && !(Number.isInteger(wal) && wal >= 1 && wal <= 65_536)) {
    issues.push({
      path: ['walLimitMiB'],
      message: 'must be an integer from 1 to 65536 (MiB)',
      code: 'invalid_value',
    });
  }
  const page = options.newFilePageSize;
  if (page !== undefined && !PAGE_SIZES.has(page)) {
    issues.push({
      path: ['newFilePageSize'],
      message: 'must be a power of two from 512 to 65536 (bytes)',
      code: 'invalid_value',
    });
  }
  if (issues.length > 0) throw new ValidationError('sqlite storage options', issues);
}

/** The page sizes SQLite accepts, in bytes. */
const PAGE_SIZES = new Set([512, 1024, 2048, 4096, 8192, 16_384, 32_768, 65_536]);

/** Page size of a new database file, in bytes, unless the options say (SQLite's is 4096). */
const NEW_FILE_PAGE_SIZE = 16_384;
/** SQLite's compiled-in page size (better-sqlite3 keeps it): a connection nobody changed. */
const SQLITE_DEFAULT_PAGE_SIZE = 4096;

/**
 * Gives an empty database file `size`-byte pages. A no-op for a file that
 * has pages (its size is in its header), for `:memory:`, and for a connection passed in whose
 * owner already chose another page size. Another process creating the same file meanwhile is
 * harmless: whichever connection writes the first page sets the size, and the other adopts it
 * from the header.
 */
function setNewFilePageSize(db: BetterSqlite3.Database, size: number): void {
  if (db.memory) return;
  if (Number(db.pragma('page_count', { simple: true })) !== 0) return;
  if (Number(db.pragma('page_size', { simple: true })) !== SQLITE_DEFAULT_PAGE_SIZE) return;
  db.pragma(`page_size = ${size}`);
}

/**
 * Sets the connection's pragmas, then checks and migrates the schema. The version is read
 * before anything is written (switching to WAL rewrites the file header), so a database from a
 * newer release is left byte-for-byte as it was.
 */
function prepareConnection(
  db: BetterSqlite3.Database,
  options: SqliteStorageOptions,
  readonly: boolean,
): void {
  // PRAGMA values cannot be bound; these are validated integers and a validated keyword.
  db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
  // Negative: KiB rather than pages.
  db.pragma(`cache_size = ${-1024 * (options.cacheSizeMiB ?? 64)}`);
  checkSchemaVersion(db, migrations);
  if (!readonly) {
    // A new file gets larger pages: fewer, fuller pages hold the same rows in less space
    // (see the README's "File size"). Only an empty file can take it, and only before WAL,
    // which writes the first page: an existing file keeps the page size it was made with.
    setNewFilePageSize(db, options.newFilePageSize ?? NEW_FILE_PAGE_SIZE);
    // WAL: readers never block the writer nor each other; a commit appends to the log, and a
    // crash mid-write leaves the last committed state (the half-written tail is ignored).
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
    // Checkpoints are the adapter's (idle, explicit, or past the bound), not the commit's.
    db.pragma('wal_autocheckpoint = 0');
  }
  db.pragma('foreign_keys = ON');
  migrate(db, migrations, { readonly, filename: options.filename });
}

/**
 * SQLite storage (better-sqlite3): the durable embedded default. One file holds every dealer's
 * records, timers, event log and idempotency keys; WAL journaling, `synchronous=FULL` by
 * default, foreign keys on, a busy timeout for other processes, 16 KiB pages in a new file. The schema is migrated on open
 * inside one transaction; a file from a newer release fails with `SCHEMA_TOO_NEW` and is not
 * touched. Opening fails with `STORAGE_FAILURE` (the SQLite code in `details.sqliteCode`) when
 * the directory is missing or read-only or the file is not a database.
 *
 * Transactions of one adapter run one at a time (`BEGIN IMMEDIATE` … `COMMIT`); other
 * processes on the same file wait for SQLite's write lock. Versions are checked in the
 * UPDATE's WHERE clause, so no process can overwrite another's newer write.
 *
 * @example
 * ```ts
 * import { createEngine } from '@dealercare/core';
 * import { sqliteStorage } from '@dealercare/storage-sqlite';
 *
 * const storage = sqliteStorage({ filename: '/var/lib/dms/dealercare.db' });
 * const engine = createEngine({ storage });
 * // …
 * await storage.close();
 * ```
 */
export const sqliteStorage = defineStorageAdapter(
  (options: SqliteStorageOptions): StorageAdapter => {
    checkOptions(options);
    const { filename } = options;
    const owned = options.database === undefined;
    let db: BetterSqlite3.Database;
    try {
      db =
        options.database ??
        new Database(filename, {
          readonly: options.readonly ?? false,
          fileMustExist: options.readonly ?? false,
          timeout: options.busyTimeoutMs ?? 5000,
        });
    } catch (error) {
      throw toStorageError(error, 'open', filename);
    }
    const readonly = db.readonly;
    let statements: Statements;
    try {
      prepareConnection(db, options, readonly);
      statements = new Statements(db, readonly);
    } catch (error) {
      if (owned && db.open) db.close();
      throw toStorageError(error, 'open', filename);
    }

    let queue: Promise<unknown> = Promise.resolve();
    let closed = false;
    /** Transactions accepted and not finished. */
    let pending = 0;
    const walFile = readonly || filename === ':memory:' || db.memory ? undefined : `${db.name}-wal`;
    const walLimit = (options.walLimitMiB ?? 64) * 1024 * 1024;
    let idleTimer: ReturnType<typeof setTimeout> | undefined;

    const walBytes = (): number => {
      if (walFile === undefined) return 0;
      try {
        return statSync(walFile).size;
      } catch {
        return 0;
      }
    };
    const runCheckpoint = (): CheckpointResult => {
      if (walFile === undefined) return { logPages: 0, checkpointedPages: 0, busy: false };
      const [row] = db.pragma('wal_checkpoint(PASSIVE)') as Array<{
        busy: number;
        log: number;
        checkpointed: number;
      }>;
      return {
        logPages: Math.max(0, row?.log ?? 0),
        checkpointedPages: Math.max(0, row?.checkpointed ?? 0),
        busy: (row?.busy ?? 0) !== 0,
      };
    };
    const idleCheckpoint = () => {
      idleTimer = undefined;
      if (closed || pending > 0 || !db.open || db.inTransaction) return;
      try {
        runCheckpoint();
      } catch {
        // Only housekeeping: the next idle moment, checkpoint() or close tries again.
      }
    };
    /** After a commit: a checkpoint now if the log passed its bound, else when idle. */
    const afterCommit = () => {
      if (walFile === undefined) return;
      const bytes = walBytes();
      if (bytes > walLimit) {
        runCheckpoint();
      } else if (bytes > IDLE_CHECKPOINT_BYTES && idleTimer === undefined) {
        idleTimer = setTimeout(idleCheckpoint, IDLE_CHECKPOINT_DELAY_MS);
        idleTimer.unref?.();
      }
    };

    const rollback = () => {
      // Some failures (SQLITE_FULL, SQLITE_IOERR) make SQLite roll back on its own.
      if (!db.inTransaction) return;
      try {
        statements.rollback.run();
      } catch {
        // The connection is unusable if even ROLLBACK fails; the original error is what matters.
      }
    };

    const runTransaction = async <T>(fn: (tx: StorageTransaction) => Promise<T>): Promise<T> => {
      // No `closed` check here: a transaction accepted before close() still runs; close waits.
      try {
        statements.begin.run();
      } catch (error) {
        throw toStorageError(error, 'begin transaction', filename);
      }
      const tx = new SqliteTransaction(statements, filename);
      let result: T;
      try {
        result = await fn(tx);
      } catch (error) {
        tx.end();
        rollback();
        throw error;
      }
      tx.end();
      if (tx.failure !== undefined) {
        // The callback caught a storage failure and carried on: the work is incomplete.
        rollback();
        throw tx.failure;
      }
      try {
        statements.commit.run();
      } catch (error) {
        rollback();
        throw toStorageError(error, 'commit', filename);
      }
      try {
        afterCommit();
      } catch {
        // The transaction is committed; a checkpoint that could not run is retried later.
      }
      return result;
    };

    const adapter: StorageAdapter = {
      name: 'sqlite',
      transaction<T>(fn: (tx: StorageTransaction) => Promise<T>): Promise<T> {
        if (closed) {
          return Promise.reject(
            new StorageError(`sqlite storage "${filename}" is closed`, { filename }),
          );
        }
        // One transaction at a time on this connection; other processes are kept out by
        // SQLite's write lock (BEGIN IMMEDIATE + busy timeout).
        const run = () => runTransaction(fn);
        pending++;
        const result = queue.then(run, run).finally(() => {
          pending--;
        });
        queue = result.catch(() => undefined);
        return result;
      },
      async close(): Promise<void> {
        if (closed) return;
        closed = true;
        await queue;
        if (idleTimer !== undefined) clearTimeout(idleTimer);
        if (!owned || !db.open) return;
        try {
          // Refreshes the planner's statistics where they are stale; cheap, and only a hint,
          // so a busy database must not stop the close.
          if (!readonly) db.pragma('optimize');
        } catch {}
        try {
          db.close();
        } catch (error) {
          throw toStorageError(error, 'close', filename);
        }
      },
    };
    connections.set(adapter, db);
    checkpoints.set(adapter, () => {
      if (closed) {
        return Promise.reject(
          new StorageError(`sqlite storage "${filename}" is closed`, { filename }),
        );
      }
      // Queued like a transaction: after those accepted before it, never inside one.
      const run = async () => {
        try {
          return runCheckpoint();
        } catch (error) {
          throw toStorageError(error, 'checkpoint', filename);
        }
      };
      const result = queue.then(run, run);
      queue = result.catch(() => undefined);
      return result;
    });
    return adapter;
  },
);
