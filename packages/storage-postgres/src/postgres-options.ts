import { type Issue, ValidationError } from '@dealercare/core';

/** Options of {@link postgresStorage}. */
export interface PostgresStorageOptions {
  /**
   * Connection URL, `postgres://user:password@host:5432/database` (libpq's parameters such as
   * `?sslmode=require` work too).
   */
  readonly url: string;
  /**
   * Schema holding the tables (created if missing). Default `dealercare`: the tables have plain
   * names (`records`, `timers`, `events`, …) and keep out of the way of the DMS's own. One schema
   * is one independent store; tests use a fresh schema each.
   */
  readonly schema?: string;
  /**
   * Connections this process keeps at most (default 10). Each transaction holds one from
   * `BEGIN` to `COMMIT`; more transactions than connections wait for one.
   */
  readonly poolSize?: number;
  /**
   * A statement running longer is cancelled and its transaction fails with `STORAGE_FAILURE`
   * (`details.reason` `statement-timeout`), in ms. Default 30000; 0 turns it off.
   */
  readonly statementTimeoutMs?: number;
  /** How long to wait for a connection (new, or free in the pool), in ms. Default 10000. */
  readonly connectTimeoutMs?: number;
  /** An unused pooled connection is closed after this long, in ms. Default 30000. */
  readonly idleTimeoutMs?: number;
  /**
   * How many times a transaction that deadlocked or failed to serialize is run again (the whole
   * callback, after a short random pause) before the failure is thrown. Default 5.
   */
  readonly maxRetries?: number;
  /**
   * `true` (default): bring the schema up to date when the adapter opens. `false`: only check
   * it — for processes whose database role may not change the schema; a schema that needs
   * migrating then fails with `STORAGE_FAILURE` until a process that may has opened it.
   */
  readonly migrate?: boolean;
  /** `application_name` of the connections, shown in `pg_stat_activity`. Default `dealercare`. */
  readonly applicationName?: string;
}

/** The options with every default filled in. */
export type ResolvedPostgresOptions = Required<PostgresStorageOptions>;

const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

function integerIn(
  issues: Issue[],
  name: string,
  value: number | undefined,
  min: number,
  max: number,
  unit: string,
): void {
  if (value === undefined) return;
  if (!(Number.isInteger(value) && value >= min && value <= max)) {
    issues.push({
      path: [name],
      message: `must be an integer from ${min} to ${max}${unit}`,
      code: 'invalid_value',
    });
  }
}

/** Checks the options and fills in the defaults; bad options throw `VALIDATION_FAILED`. */
export function resolveOptions(options: PostgresStorageOptions): ResolvedPostgresOptions {
  const issues: Issue[] = [];
  if (typeof options.url !== 'string' || !/^postgres(ql)?:\/\//.test(options.url)) {
    issues.push({
      path: ['url'],
      message: 'must be a postgres:// or postgresql:// URL',
      code: 'invalid_type',
    });
  }
  if (options.schema !== undefined && !SCHEMA_NAME.test(options.schema)) {
    issues.push({
      path: ['schema'],
      message: 'must be a plain SQL name: a letter or _, then letters, digits or _ (at most 63)',
      code: 'invalid_value',
    });
  }
  integerIn(issues, 'poolSize', options.poolSize, 1, 1000, '');
  integerIn(issues, 'statementTimeoutMs', options.statementTimeoutMs, 0, 2 ** 31 - 1, ' (ms)');
  integerIn(issues, 'connectTimeoutMs', options.connectTimeoutMs, 1, 2 ** 31 - 1, ' (ms)');
  integerIn(issues, 'idleTimeoutMs', options.idleTimeoutMs, 1, 2 ** 31 - 1, ' (ms)');
  integerIn(issues, 'maxRetries', options.maxRetries, 0, 100, '');
  if (issues.length > 0) throw new ValidationError('postgres storage options', issues);
  return {
    url: options.url,
    schema: options.schema ?? 'dealercare',
    poolSize: options.poolSize ?? 10,
    statementTimeoutMs: options.statementTimeoutMs ?? 30_000,
    connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
    idleTimeoutMs: options.idleTimeoutMs ?? 30_000,
    maxRetries: options.maxRetries ?? 5,
    migrate: options.migrate ?? true,
    applicationName: options.applicationName ?? 'dealercare',
  };
}

/** `host:port/database (schema s)`: where the store is, for messages; never the password. */
export function describeLocation(url: string, schema: string): string {
  try {
    const u = new URL(url);
    const db = decodeURIComponent(u.pathname.replace(/^\//, '')) || '(default database)';
    return `${u.hostname || 'localhost'}:${u.port || '5432'}/${db} (schema ${schema})`;
  } catch {
    return `(schema ${schema})`;
  }
}
