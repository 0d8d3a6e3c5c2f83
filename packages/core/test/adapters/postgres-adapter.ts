import { randomBytes } from 'node:crypto';
import { type PostgresStorage, postgresStorage } from '@dealercare/storage-postgres';
import pg from 'pg';
import type { StorageAdapter } from '../../src';
import type { TestAdapter } from './test-adapter';

/** The test database: `DEALERCARE_PG_URL`, or the local PostgreSQL every machine of the project starts. */
const PG_URL = process.env.DEALERCARE_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const START_HINT = `PostgreSQL is not answering at ${PG_URL.replace(/:[^:@/]*@/, ':***@')}.
The engine suite runs on it unless DEALERCARE_ADAPTERS leaves it out (e.g. DEALERCARE_ADAPTERS=memory,sqlite).
Start the local cluster with
  pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start
or point DEALERCARE_PG_URL at a database where the user may create schemas.`;

/**
 * postgresStorage, each store in a schema of its own (`dc_<random>`), with read validation on
 * (its default). Creating and migrating a schema costs far more than a test, so a schema a test
 * is done with is emptied (its rows deleted, the migrated tables kept) and handed to the next
 * store; the schemas are dropped when the file ends.
 */
export function postgresTestAdapter(): TestAdapter {
  let admin: Promise<pg.Client> | undefined;
  const idle: PostgresStorage[] = [];
  let inUse: PostgresStorage[] = [];
  const all: PostgresStorage[] = [];

  const client = (): Promise<pg.Client> => {
    admin ??= (async () => {
      const c = new pg.Client({ connectionString: PG_URL });
      try {
        await c.connect();
      } catch (error) {
        throw new Error(`${START_HINT}\n(${(error as Error).message})`, { cause: error });
      }
      return c;
    })();
    return admin;
  };

  /** Deletes every row of the schema's tables but its migration log. */
  const empty = async (schema: string): Promise<void> => {
    const c = await client();
    const { rows } = await c.query<{ name: string }>(
      `SELECT tablename AS name FROM pg_catalog.pg_tables
       WHERE schemaname = $1 AND tablename <> 'dealercare_migrations'`,
      [schema],
    );
    // DELETE rather than TRUNCATE: on a handful of rows it is many times faster.
    const statements = rows.map((r) => `DELETE FROM "${schema}"."${r.name}";`);
    if (statements.length > 0) await c.query(statements.join('\n'));
  };

  return {
    name: 'postgres',
    open(): StorageAdapter {
      let storage = idle.pop();
      if (storage === undefined) {
        storage = postgresStorage({
          url: PG_URL,
          schema: `dc_${randomBytes(6).toString('hex')}`,
          poolSize: 4,
        });
        all.push(storage);
      }
      inUse.push(storage);
      const s = storage;
      // The store outlives the test: a test's close() must not end it for the next one.
      return {
        name: s.name,
        transaction: (fn) => s.transaction(fn),
        close: async () => {},
      };
    },
    async release() {
      const done = inUse;
      inUse = [];
      for (const storage of done) {
        await empty(storage.schema);
        idle.push(storage);
      }
    },
    async dispose() {
      await this.release();
      idle.length = 0;
      const stores = all.splice(0);
      // Closed before the drop: close() waits for the store's transactions and ends its pool.
      await Promise.all(stores.map((storage) => storage.close()));
      if (stores.length === 0) return;
      const c = await client();
      try {
        for (const { schema } of stores) {
          await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        }
      } finally {
        admin = undefined;
        await c.end();
      }
    },
    // Every case builds engines and runs their transactions over the network: the property is
    // explored on memory, here it is checked that the store changes no outcome.
    runs: (runs) => Math.max(3, Math.ceil(runs / 8)),
  };
}
