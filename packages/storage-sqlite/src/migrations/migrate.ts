import { SchemaTooNewError, StorageError } from '@dealercare/core';
import type BetterSqlite3 from 'better-sqlite3';
import type { Migration } from './migration';

const MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS dealercare_migrations (
  version    INTEGER NOT NULL PRIMARY KEY,
  name       TEXT    NOT NULL,
  applied_at TEXT    NOT NULL
) STRICT`;

/**
 * The schema version of a database: the higher of `PRAGMA user_version` and the newest row of
 * `dealercare_migrations` (either alone would do; reading both catches a file whose header
 * was reset by a tool). Reads only: never writes.
 */
export function readSchemaVersion(db: BetterSqlite3.Database): number {
  const userVersion = Number(db.pragma('user_version', { simple: true }) ?? 0);
  const hasTable = db
    .prepare<[], number>(
      "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'dealercare_migrations'",
    )
    .pluck()
    .get();
  if (hasTable === undefined) return userVersion;
  const recorded = db
    .prepare<[], number | null>('SELECT max(version) FROM dealercare_migrations')
    .pluck()
    .get();
  return Math.max(userVersion, recorded ?? 0);
}

/**
 * Throws `SCHEMA_TOO_NEW` when the database was written by a newer release than `migrations`
 * knows. A pure read: call it before anything that writes (even switching to WAL rewrites the
 * file header). Returns the version found.
 */
export function checkSchemaVersion(
  db: BetterSqlite3.Database,
  migrations: readonly Migration[],
): number {
  const latest = migrations[migrations.length - 1]?.version ?? 0;
  const found = readSchemaVersion(db);
  if (found > latest) throw new SchemaTooNewError(found, latest);
  return found;
}

/** Options of {@link migrate}. */
export interface MigrateOptions {
  /** A read-only connection can only check the version, not apply migrations. */
  readonly readonly?: boolean;
  /** For messages. */
  readonly filename?: string;
}

/**
 * Brings the schema up to the last of `migrations`, all steps in one `BEGIN IMMEDIATE`
 * transaction: another process opening the same file at the same moment waits, then finds the
 * work done. A database newer than `migrations` throws `SCHEMA_TOO_NEW` before anything is
 * written. Returns the schema version.
 */
export function migrate(
  db: BetterSqlite3.Database,
  migrations: readonly Migration[],
  options: MigrateOptions = {},
): number {
  const latest = migrations[migrations.length - 1]?.version ?? 0;
  const found = checkSchemaVersion(db, migrations);
  if (found === latest) return found;
  if (options.readonly) {
    throw new StorageError(
      `sqlite storage "${options.filename ?? db.name}": schema version ${found} needs migrating to ${latest}, but the database was opened read-only; open it once read-write`,
      { found, supported: latest, filename: options.filename ?? db.name },
    );
  }
  db.exec('BEGIN IMMEDIATE');
  try {
    // Re-read under the write lock: another process may have migrated meanwhile.
    const current = readSchemaVersion(db);
    if (current > latest) throw new SchemaTooNewError(current, latest);
    db.exec(MIGRATIONS_TABLE);
    const record = db.prepare<[number, string]>(
      "INSERT INTO dealercare_migrations (version, name, applied_at) VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
    );
    for (const m of migrations) {
      if (m.version <= current) continue;
      db.exec(m.up);
      record.run(m.version, m.name);
    }
    // PRAGMA takes no bound parameters; `latest` is an integer from this package's own list.
    db.pragma(`user_version = ${Math.trunc(latest)}`);
    db.exec('COMMIT');
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
  return latest;
}
