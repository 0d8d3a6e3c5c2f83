import type pg from 'pg';
import type { Session } from '../../src/connection/session';

/** A plain pg client seen as the adapter's `Session`, to run migrations directly. */
export function clientSession(client: pg.Client): Session {
  return {
    async query<R>(statement: { text: string }, values: readonly unknown[] = []) {
      const r = await client.query(statement.text, values as unknown[]);
      return { rows: r.rows as R[], rowCount: r.rowCount ?? 0 };
    },
    async script(text: string) {
      await client.query(text);
    },
  };
}
