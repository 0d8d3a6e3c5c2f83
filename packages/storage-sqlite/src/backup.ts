import { existsSync } from 'node:fs';
import { type StorageAdapter, StorageError } from '@dealercare/core';
import type BetterSqlite3 from 'better-sqlite3';
import Database from 'better-sqlite3';
import { toStorageError } from './sqlite-errors';
import { connectionOf } from './sqlite-storage';

/** Options of {@link backup}. */
export interface BackupOptions {
  /**
   * Called after each step with the pages copied so far; returns how many pages to copy in the
   * next step (default: 100 per step, yielding to the event loop in between, so transactions
   * keep running during a long backup).
   */
  readonly progress?: (info: BackupProgress) => number;
}

/** How far a backup has got, in database pages. */
export interface BackupProgress {
  readonly totalPages: number;
  readonly remainingPages: number;
}

function isDatabase(
  source: StorageAdapter | BetterSqlite3.Database,
): source is BetterSqlite3.Database {
  return typeof (source as BetterSqlite3.Database).backup === 'function';
}

/**
 * Takes an existing destination out of WAL mode, so the backup can replace it: SQLite refuses
 * to copy into a WAL database whose page size differs from the source's (an old copy of a file
 * with 4 KiB pages, opened with the adapter once, and a new file with 16 KiB pages). Anything
 * that goes wrong here (not a database, in use) is left for the backup itself to report.
 */
function leaveWal(destination: string): void {
  if (!existsSync(destination)) return;
  let dest: BetterSqlite3.Database | undefined;
  try {
    dest = new Database(destination, { fileMustExist: true });
    if (dest.pragma('journal_mode', { simple: true }) === 'wal') {
      dest.pragma('journal_mode = DELETE');
    }
  } catch {
    // The backup fails with its own, clearer error if the destination is unusable.
  } finally {
    dest?.close();
  }
}

/**
 * Copies a live database to `destination` with SQLite's online backup API, while the adapter
 * keeps serving transactions. The copy is a consistent snapshot, complete and in rollback
 * journal mode (open it with {@link sqliteStorage} to use or restore it). The destination's
 * directory must exist; an existing file there is replaced.
 *
 * @example
 * ```ts
 * const storage = sqliteStorage({ filename: 'dealercare.db' });
 * await backup(storage, `backups/dealercare-${new Date().toISOString().slice(0, 10)}.db`);
 * ```
 */
export async function backup(
  source: StorageAdapter | BetterSqlite3.Database,
  destination: string,
  options: BackupOptions = {},
): Promise<BackupProgress> {
  const db = isDatabase(source) ? source : connectionOf(source);
  if (db === undefined) {
    throw new StorageError('backup: the adapter was not made by sqliteStorage', {
      adapter: (source as StorageAdapter).name,
    });
  }
  leaveWal(destination);
  try {
    const result = await db.backup(
      destination,
      options.progress ? { progress: options.progress } : undefined,
    );
    return { totalPages: result.totalPages, remainingPages: result.remainingPages };
  } catch (error) {
    throw toStorageError(error, `backup to "${destination}"`, db.name);
  }
}
