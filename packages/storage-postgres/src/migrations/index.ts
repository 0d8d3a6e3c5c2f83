export { checkSchemaVersion, migrate, readSchemaVersion } from './migrate';
export type { Migration } from './migration';
export { migrations, POSTGRES_SCHEMA_VERSION } from './migrations';
