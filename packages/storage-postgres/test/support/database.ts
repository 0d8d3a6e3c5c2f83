import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The test database: `DEALERCARE_PG_URL`, or the local PostgreSQL every machine of the project starts. */
export const PG_URL = process.env.DEALERCARE_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** What to tell a person whose PostgreSQL is not answering. */
export const START_HINT = `PostgreSQL is not answering at ${PG_URL.replace(/:[^:@/]*@/, ':***@')}.
These tests need it (CI starts it in .ci/run). Start the local cluster with
  pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start
or point DEALERCARE_PG_URL at a database where the user may create schemas.`;

/** A fresh schema name, `dc_<random>`: each test's rows are its own. */
export function freshSchemaName(): string {
  return `dc_${randomBytes(6).toString('hex')}`;
}

/** Runs `fn` with a short-lived connection of its own (not the adapter's pool). */
export async function withClient<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: PG_URL });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`${START_HINT}\n(${(error as Error).message})`, { cause: error });
  }
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Drops a test schema and everything in it. */
export async function dropSchema(schema: string): Promise<void> {
  await withClient((c) => c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`));
}
