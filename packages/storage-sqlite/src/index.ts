/**
 * `@dealercare/storage-sqlite`: the durable embedded storage for `@dealercare/core`, one SQLite
 * file through better-sqlite3.
 *
 * @packageDocumentation
 */
export { type BackupOptions, type BackupProgress, backup } from './backup';
export { type Migration, migrations, SQLITE_SCHEMA_VERSION } from './migrations';
export {
  type CheckpointResult,
  checkpoint,
  type SqliteStorageOptions,
  sqliteStorage,
} from './sqlite-storage';
