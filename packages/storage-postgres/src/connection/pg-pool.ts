import pg from 'pg';
import type { ConnectionPool, Lease, QueryResult, Statement } from './session';

/** Settings every connection of the pool is opened with. */
export interface PoolSettings {
  readonly url: string;
  readonly max: number;
  readonly statementTimeoutMs: number;
  readonly connectTimeoutMs: number;
  readonly idleTimeoutMs: number;
  readonly applicationName: string;
}

/**
 * A node-postgres `Pool`. Its connections send the statement timeout and the application name
 * in the startup packet, so no round trip is spent setting them. Errors a connection reports
 * while idle in the pool (its server went away) only drop that connection; while it is held,
 * the lease keeps the error so the adapter can tell the connection was lost.
 */
export function pgPool(settings: PoolSettings): ConnectionPool {
  const pool = new pg.Pool({
    connectionString: settings.url,
    max: settings.max,
    connectionTimeoutMillis: settings.connectTimeoutMs,
    idleTimeoutMillis: settings.idleTimeoutMs,
    application_name: settings.applicationName,
    ...(settings.statementTimeoutMs > 0 ? { statement_timeout: settings.statementTimeoutMs } : {}),
  });
  // An idle connection whose server went away: the pool drops it; nothing else to do, and an
  // unhandled 'error' event would end the process.
  pool.on('error', () => {});

  return {
    async acquire(): Promise<Lease> {
      const client = await pool.connect();
      let lost: unknown;
      const onError = (error: unknown) => {
        lost ??= error;
      };
      client.on('error', onError);
      let released = false;
      return {
        get lost() {
          return lost;
        },
        async query<R>(statement: Statement, values: readonly unknown[] = []) {
          try {
            const result = await client.query({
              ...(statement.name !== undefined ? { name: statement.name } : {}),
              text: statement.text,
              values: values as unknown[],
            });
            return { rows: result.rows as R[], rowCount: result.rowCount ?? 0 } as QueryResult<R>;
          } catch (error) {
            // A connection the server closed while it sat idle in the transaction reported why
            // (e.g. 57P01, terminated by an administrator) as an event; the query itself then
            // fails with a bare "not queryable". The event's error is the one that explains it.
            throw lost ?? error;
          }
        },
        async script(text: string) {
          await client.query(text);
        },
        release(broken?: unknown) {
          if (released) return;
          released = true;
          client.removeListener('error', onError);
          const error = broken ?? lost;
          client.release(error === undefined ? undefined : toError(error));
        },
      };
    },
    end: () => pool.end(),
  };
}

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
