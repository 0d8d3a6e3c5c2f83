/**
 * `@dealercare/storage-postgres`: PostgreSQL storage for `@dealercare/core` — several engine
 * processes sharing one database, and a schema keyed by dealer that distributes on Citus.
 *
 * @packageDocumentation
 */
export { type Migration, migrations, POSTGRES_SCHEMA_VERSION } from './migrations';
export type { PostgresFailureReason } from './postgres-errors';
export type { PostgresStorageOptions } from './postgres-options';
export { type PostgresStorage, postgresStorage } from './postgres-storage';
