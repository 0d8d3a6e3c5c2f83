import { SchemaTooNewError, StorageError, ValidationError } from '@dealercare/core';
import { afterAll, describe, expect, it } from 'vitest';
import { migrations, POSTGRES_SCHEMA_VERSION, postgresStorage } from '../src';
import { migrate } from '../src/migrations';
import { clientSession } from './support/client-session';
import { dropSchema, freshSchemaName, PG_URL, withClient } from './support/database';

const schemas: string[] = [];
const newSchema = () => {
  const s = freshSchemaName();
  schemas.push(s);
  return s;
};
afterAll(async () => {
  for (const s of schemas) await dropSchema(s);
});

interface MigrationRow {
  readonly version: number;
  readonly name: string;
  readonly applied_at: Date;
}
const applied = (schema: string) =>
  withClient(
    async (c) =>
      (
        await c.query<MigrationRow>(
          `SELECT * FROM "${schema}".dealercare_migrations ORDER BY version`,
        )
      ).rows,
  );
const tables = (schema: string) =>
  withClient(async (c) =>
    (
      await c.query<{ t: string }>(
        'SELECT table_name AS t FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1',
        [schema],
      )
    ).rows.map((r) => r.t),
  );

describe('schema migrations', () => {
  it('a fresh schema is created and gets every migration, recorded with its version and time', async () => {
    const schema = newSchema();
    const storage = postgresStorage({ url: PG_URL, schema });
    expect(await storage.ready()).toBe(POSTGRES_SCHEMA_VERSION);
    await storage.close();
    const rows = await applied(schema);
    expect(rows.map((r) => [r.version, r.name])).toEqual(
      migrations.map((m) => [m.version, m.name]),
    );
    expect(rows[0]?.applied_at).toBeInstanceOf(Date);
    expect(await tables(schema)).toEqual([
      'dealercare_migrations',
      'event_seqs',
      'events',
      'idempotency_keys',
      'record_keys',
      'records',
      'timers',
    ]);
  });

  it('every table is keyed by dealer_id first (distributable by dealer on Citus)', async () => {
    const schema = newSchema();
    await postgresStorage({ url: PG_URL, schema }).close(); // lazy: nothing created yet
    const storage = postgresStorage({ url: PG_URL, schema });
    await storage.ready();
    await storage.close();
    const keys = await withClient(
      async (c) =>
        (
          await c.query<{ table: string; first: string }>(
            `SELECT t.relname AS table, a.attname AS first
             FROM pg_index i
             JOIN pg_class t ON t.oid = i.indrelid
             JOIN pg_namespace n ON n.oid = t.relnamespace
             JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = i.indkey[0]
             WHERE n.nspname = $1 AND i.indisprimary AND t.relname <> 'dealercare_migrations'
             ORDER BY 1`,
            [schema],
          )
        ).rows,
    );
    expect(keys).toEqual(
      ['event_seqs', 'events', 'idempotency_keys', 'record_keys', 'records', 'timers'].map(
        (table) => ({
          table,
          first: 'dealer_id',
        }),
      ),
    );
  });

  it('reopening is a no-op and keeps the data', async () => {
    const schema = newSchema();
    const first = postgresStorage({ url: PG_URL, schema });
    await first.transaction((tx) =>
      tx.put({ kind: 'visit', id: 'v1', dealerId: 'd1', status: 'open', data: {} }, 0),
    );
    await first.close();
    const before = await applied(schema);
    const again = postgresStorage({ url: PG_URL, schema });
    expect(await again.transaction((tx) => tx.get('visit', 'd1', 'v1'))).toMatchObject({
      version: 1,
    });
    await again.close();
    expect(await applied(schema)).toEqual(before);
  });

  it('processes opening a new schema at the same moment migrate it once', async () => {
    const schema = newSchema();
    const adapters = Array.from({ length: 4 }, () => postgresStorage({ url: PG_URL, schema }));
    expect(await Promise.all(adapters.map((a) => a.ready()))).toEqual(
      adapters.map(() => POSTGRES_SCHEMA_VERSION),
    );
    await Promise.all(adapters.map((a) => a.close()));
    expect((await applied(schema)).map((r) => r.version)).toEqual(migrations.map((m) => m.version));
  });

  it('a schema written by a newer release: SCHEMA_TOO_NEW, nothing touched', async () => {
    const schema = newSchema();
    await postgresStorage({ url: PG_URL, schema }).ready();
    await withClient((c) =>
      c.query(
        `INSERT INTO "${schema}".dealercare_migrations (version, name) VALUES (99, 'from-the-future')`,
      ),
    );
    const before = await applied(schema);
    const storage = postgresStorage({ url: PG_URL, schema });
    const error = await storage.ready().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SchemaTooNewError);
    expect(error).toMatchObject({
      code: 'SCHEMA_TOO_NEW',
      details: { found: 99, supported: POSTGRES_SCHEMA_VERSION },
    });
    // Transactions are refused the same way, and it stays refused.
    await expect(storage.transaction(async () => 1)).rejects.toBeInstanceOf(SchemaTooNewError);
    await storage.close();
    expect(await applied(schema)).toEqual(before);
  });

  it('a failing step rolls back every step of the upgrade, the schema itself included', async () => {
    const schema = newSchema();
    const steps = [
      ...migrations,
      {
        version: POSTGRES_SCHEMA_VERSION + 1,
        name: 'fine',
        up: (s: string) => `CREATE TABLE ${s}.surveys_extra (x text);`,
      },
      {
        version: POSTGRES_SCHEMA_VERSION + 2,
        name: 'broken',
        up: (s: string) => `CREATE TABLE ${s}.half (x text); SELECT * FROM ${s}.no_such_table;`,
      },
    ];
    await expect(withClient((c) => migrate(clientSession(c), schema, steps))).rejects.toThrow(
      /no_such_table/,
    );
    expect(await tables(schema)).toEqual([]);
    // The same steps without the broken one apply, and a later run finds them done.
    const good = steps.slice(0, -1);
    expect(await withClient((c) => migrate(clientSession(c), schema, good))).toBe(
      POSTGRES_SCHEMA_VERSION + 1,
    );
    expect(await withClient((c) => migrate(clientSession(c), schema, good))).toBe(
      POSTGRES_SCHEMA_VERSION + 1,
    );
    expect(await tables(schema)).toContain('surveys_extra');
    // …and this release, one step behind it, refuses the schema.
    await expect(postgresStorage({ url: PG_URL, schema }).ready()).rejects.toBeInstanceOf(
      SchemaTooNewError,
    );
  });

  it('migrate: false only checks: a schema that needs migrating is refused, a current one works', async () => {
    const schema = newSchema();
    const checking = postgresStorage({ url: PG_URL, schema, migrate: false });
    const error = await checking.ready().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect((error as Error).message).toMatch(/needs migrating.*migrate: false/);
    await checking.close();
    expect(await tables(schema)).toEqual([]);
    await postgresStorage({ url: PG_URL, schema }).ready();
    const after = postgresStorage({ url: PG_URL, schema, migrate: false });
    expect(await after.ready()).toBe(POSTGRES_SCHEMA_VERSION);
    await after.close();
  });

  it('migrates a schema a DBA made for a role that may not create schemas', async () => {
    const schema = newSchema();
    const role = `${schema}_owner`;
    await withClient(async (c) => {
      await c.query(`CREATE ROLE "${role}" LOGIN`);
      await c.query(`CREATE SCHEMA "${schema}" AUTHORIZATION "${role}"`);
    });
    try {
      const url = new URL(PG_URL);
      url.username = role;
      url.password = '';
      const storage = postgresStorage({ url: url.toString(), schema });
      expect(await storage.ready()).toBe(POSTGRES_SCHEMA_VERSION);
      await storage.transaction((tx) =>
        tx.put({ kind: 'visit', id: 'v1', dealerId: 'd1', status: 'open', data: {} }, 0),
      );
      await storage.close();
      // …while creating a schema of its own is refused (the role has no CREATE on the database).
      const other = postgresStorage({ url: url.toString(), schema: `${schema}_x` });
      expect((await other.ready().catch((e: unknown) => e)) as StorageError).toMatchObject({
        code: 'STORAGE_FAILURE',
        details: { pgCode: '42501' },
      });
      await other.close();
    } finally {
      await dropSchema(schema);
      await withClient((c) => c.query(`DROP ROLE "${role}"`));
    }
  });

  it('refuses bad options with the offending paths', () => {
    const error = (() => {
      try {
        postgresStorage({ url: 'mysql://x', schema: 'a; DROP TABLE x', poolSize: 0 });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.path.join('.'))).toEqual([
      'url',
      'schema',
      'poolSize',
    ]);
  });
});
