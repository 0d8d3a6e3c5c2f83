export { checkSchemaVersion, migrate, readSchemaVersion } from './migrate';
export type { Migration } from './migration';
export { migrations, SQLITE_SCHEMA_VERSION } from './migrations';
