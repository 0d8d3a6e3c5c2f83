import { DealercareError, StorageError } from '@dealercare/core';

/** A better-sqlite3 `SqliteError` (or any error carrying an SQLite result code). */
export interface SqliteErrorLike {
  readonly code: string;
  readonly message: string;
}

/** True for errors raised by SQLite itself (`SQLITE_BUSY`, `SQLITE_FULL`, …). */
export function isSqliteError(error: unknown): error is SqliteErrorLike {
  if (!(error instanceof Error)) return false;
  const code: unknown = (error as Error & { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('SQLITE_');
}

const HINTS: Readonly<Record<string, string>> = {
  SQLITE_BUSY: 'another connection held the write lock longer than the busy timeout',
  SQLITE_LOCKED: 'the database is locked by this connection',
  SQLITE_FULL: 'the disk (or max_page_count) is full',
  SQLITE_READONLY: 'the database or its directory is read-only',
  SQLITE_CANTOPEN: 'the file cannot be opened (missing or read-only directory, permissions)',
  SQLITE_CORRUPT: 'the database file is corrupt; restore it from a backup',
  SQLITE_NOTADB: 'the file is not an SQLite database (or is corrupt); restore it from a backup',
  SQLITE_IOERR: 'an I/O error occurred (disk failure, file removed, …)',
  SQLITE_PERM: 'permission denied',
};

function hintFor(code: string): string | undefined {
  // Extended codes (`SQLITE_IOERR_WRITE`, `SQLITE_READONLY_DIRECTORY`) share their primary's hint.
  for (const [primary, hint] of Object.entries(HINTS)) {
    if (code === primary || code.startsWith(`${primary}_`)) return hint;
  }
  return undefined;
}

/**
 * Turns whatever better-sqlite3 threw into a {@link StorageError} that says what failed, where,
 * and why, with the SQLite code in `details.sqliteCode`. Library errors pass through unchanged.
 */
export function toStorageError(error: unknown, operation: string, filename: string): unknown {
  if (error instanceof DealercareError) return error;
  if (isSqliteError(error)) {
    const hint = hintFor(error.code);
    return new StorageError(
      `sqlite storage "${filename}": ${operation} failed: ${error.message} (${error.code}${hint ? `: ${hint}` : ''})`,
      { sqliteCode: error.code, operation, filename },
      error,
    );
  }
  if (error instanceof TypeError && /directory does not exist/i.test(error.message)) {
    // better-sqlite3 checks the directory itself before SQLite sees the path.
    return new StorageError(
      `sqlite storage "${filename}": ${operation} failed: ${error.message} (SQLITE_CANTOPEN: create the directory first)`,
      { sqliteCode: 'SQLITE_CANTOPEN', operation, filename },
      error,
    );
  }
  if (error instanceof TypeError && /database connection is not open/i.test(error.message)) {
    return new StorageError(
      `sqlite storage "${filename}": ${operation} failed: the database is closed`,
      { operation, filename },
      error,
    );
  }
  return error;
}
