import { SchemaTooNewError } from '@dealercare/core';
import type { Session } from '../connection/session';
import type { Migration } from './migration';

/** `"name"`: a schema name as an SQL identifier. */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * The schema version of the tables in `schema`: the newest row of its `dealercare_migrations`,
 * 0 when the table (or the schema) does not exist. Reads only.
 */
export async function readSchemaVersion(session: Session, schema: string): Promise<number> {
  const table = `${quoteIdentifier(schema)}.dealercare_migrations`;
  // A catalog query rather than to_regclass(): it reads with the statement's snapshot, so it
  // sees a migration another process committed while this one waited for the lock (a name
  // lookup may answer from a cache that was not refreshed during the wait).
  const found = await session.query<{ found: number }>(
    {
      text: `SELECT 1 AS found FROM pg_catalog.pg_class c
             JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = $1 AND c.relname = 'dealercare_migrations'`,
    },
    [schema],
  );
  if (found.rows.length === 0) return 0;
  const { rows } = await session.query<{ v: number | null }>({
    text: `SELECT max(version) AS v FROM ${table}`,
  });
  return rows[0]?.v ?? 0;
}

/**
 * Throws `SCHEMA_TOO_NEW` when `schema` was written by a newer release than `migrations` knows.
 * Reads only. Returns the version found.
 */
export async function checkSchemaVersion(
  session: Session,
  schema: string,
  migrations: readonly Migration[],
): Promise<number> {
  const latest = migrations[migrations.length - 1]?.version ?? 0;
  const found = await readSchemaVersion(session, schema);
  if (found > latest) throw new SchemaTooNewError(found, latest);
  return found;
}

/**
 * Brings `schema` up to the last of `migrations`: creates the schema if missing, then applies
 * the missing steps in one transaction (PostgreSQL's DDL is transactional: a failing step leaves
 * nothing of any). A transaction-scoped advisory lock keyed by the schema's name makes processes
 * that start together migrate one after the other; the later ones find the work done. A schema
 * newer than `migrations` throws `SCHEMA_TOO_NEW` before anything is written. Returns the schema
 * version.
 */
export async function migrate(
  session: Session,
  schema: string,
  migrations: readonly Migration[],
): Promise<number> {
  const latest = migrations[migrations.length - 1]?.version ?? 0;
  if ((await checkSchemaVersion(session, schema, migrations)) === latest) return latest;
  const s = quoteIdentifier(schema);
  await session.script('BEGIN');
  try {
    await session.query({ text: "SELECT pg_advisory_xact_lock(hashtext('dealercare:' || $1))" }, [
      schema,
    ]);
    // Re-read under the lock: another process may have migrated meanwhile.
    const current = await checkSchemaVersion(session, schema, migrations);
    if (current < latest) {
      // Only when missing: CREATE SCHEMA needs the CREATE privilege on the database even with
      // IF NOT EXISTS, and a schema a DBA made for the role is enough.
      const exists = await session.query(
        { text: 'SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = $1' },
        [schema],
      );
      if (exists.rows.length === 0) await session.script(`CREATE SCHEMA ${s}`);
      await session.script(`CREATE TABLE IF NOT EXISTS ${s}.dealercare_migrations (
  version    integer     NOT NULL PRIMARY KEY,
  name       text        NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
);`);
      for (const m of migrations) {
        if (m.version <= current) continue;
        await session.script(m.up(s));
        await session.query(
          { text: `INSERT INTO ${s}.dealercare_migrations (version, name) VALUES ($1, $2)` },
          [m.version, m.name],
        );
      }
    }
    await session.script('COMMIT');
  } catch (error) {
    await session.script('ROLLBACK').catch(() => undefined);
    throw error;
  }
  return latest;
}
