import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createEngine,
  createFakeClock,
  SchemaTooNewError,
  type StorageAdapter,
  StorageError,
} from '@dealercare/core';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { migrations, SQLITE_SCHEMA_VERSION, sqliteStorage } from '../src';
import { migrate } from '../src/migrations';
import { schema4File } from './fixtures/schema-4-file';

const dir = mkdtempSync(join(tmpdir(), 'dealercare-sqlite-migrations-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const newFile = () => join(dir, `m${++n}.db`);

interface MigrationRow {
  readonly version: number;
  readonly name: string;
  readonly applied_at: string;
}
const applied = (filename: string) => {
  const db = new Database(filename, { readonly: true });
  try {
    return {
      userVersion: Number(db.pragma('user_version', { simple: true })),
      rows: db
        .prepare<[], MigrationRow>('SELECT * FROM dealercare_migrations ORDER BY version')
        .all(),
    };
  } finally {
    db.close();
  }
};

/** Writes a database the way a newer release would have left it, checkpointed into one file. */
async function fromTheFuture(edit: (db: Database.Database) => void): Promise<string> {
  const filename = newFile();
  await sqliteStorage({ filename }).close();
  const db = new Database(filename);
  edit(db);
  db.pragma('journal_mode = DELETE');
  db.close();
  return filename;
}

const tooNew = async (filename: string, found: number) => {
  const files = readdirSync(dir).sort();
  const bytes = readFileSync(filename);
  const err = (() => {
    try {
      sqliteStorage({ filename });
    } catch (e) {
      return e;
    }
  })();
  expect(err).toBeInstanceOf(SchemaTooNewError);
  expect(err).toMatchObject({
    code: 'SCHEMA_TOO_NEW',
    details: { found, supported: SQLITE_SCHEMA_VERSION },
  });
  // Not a byte changed, no journal or WAL file left behind.
  expect(readFileSync(filename).equals(bytes)).toBe(true);
  expect(readdirSync(dir).sort()).toEqual(files);
};

describe('schema migrations', () => {
  it('a fresh file gets every migration, recorded with its version and time', async () => {
    const filename = newFile();
    await sqliteStorage({ filename }).close();
    const { userVersion, rows } = applied(filename);
    expect(userVersion).toBe(SQLITE_SCHEMA_VERSION);
    expect(rows.map((r) => [r.version, r.name])).toEqual(
      migrations.map((m) => [m.version, m.name]),
    );
    expect(rows[0]?.applied_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('reopening is a no-op and keeps the data', async () => {
    const filename = newFile();
    const first = sqliteStorage({ filename });
    await first.transaction((tx) =>
      tx.put({ kind: 'visit', id: 'v1', dealerId: 'd1', status: 'open', data: {} }, 0),
    );
    await first.close();
    const before = applied(filename);
    const again = sqliteStorage({ filename });
    expect(await again.transaction((tx) => tx.get('visit', 'd1', 'v1'))).toMatchObject({
      version: 1,
    });
    await again.close();
    expect(applied(filename)).toEqual(before);
  });

  it('a version-1 file keeps its timers when they move to due order (migration 2)', async () => {
    const filename = newFile();
    const v1 = new Database(filename);
    expect(migrate(v1, migrations.slice(0, 1))).toBe(1);
    const put = v1.prepare(
      'INSERT INTO timers (id, dealer_id, subject_kind, subject_id, name, due_at, payload) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    put.run(
      'visit:v1:visit.overdue',
      'd1',
      'visit',
      'v1',
      'visit.overdue',
      300,
      '{"states":["open"]}',
    );
    put.run('visit:v2:visit.open', 'd2', 'visit', 'v2', 'visit.open', 100, '{}');
    put.run('visit:v1:visit.due-soon', 'd1', 'visit', 'v1', 'visit.due-soon', 200, '{}');
    v1.close();
    const storage = sqliteStorage({ filename });
    try {
      expect(applied(filename).rows.map((r) => r.version)).toEqual(
        migrations.map((m) => m.version),
      );
      const due = await storage.transaction((tx) => tx.dueTimers(1_000, 10));
      expect(due.map((t) => [t.dueAt, t.id])).toEqual([
        [100, 'visit:v2:visit.open'],
        [200, 'visit:v1:visit.due-soon'],
        [300, 'visit:v1:visit.overdue'],
      ]);
      expect(due[2]).toEqual({
        id: 'visit:v1:visit.overdue',
        dealerId: 'd1',
        subject: { kind: 'visit', id: 'v1' },
        name: 'visit.overdue',
        dueAt: 300,
        payload: { states: ['open'] },
      });
      // Ids stay unique: putting one again reschedules it, and a claim finds it by id.
      await storage.transaction((tx) => tx.putTimers([{ ...due[0]!, dueAt: 400 }]));
      expect(await storage.transaction((tx) => tx.claimTimer('visit:v2:visit.open', 400))).toBe(
        true,
      );
      expect(await storage.transaction((tx) => tx.dueTimers(1_000, 10))).toHaveLength(2);
    } finally {
      await storage.close();
    }
    const db = new Database(filename, { readonly: true });
    const plan = db
      .prepare<[], { detail: string }>(
        `EXPLAIN QUERY PLAN SELECT * FROM timers WHERE due_at <= 5
         ORDER BY due_at, CASE id WHEN '' THEN subject_kind || ':' || subject_id || ':' || name ELSE id END LIMIT 10`,
      )
      .all()
      .map((r) => r.detail);
    db.close();
    // The sweep reads the table itself in key order: no index, no lookup per timer; since
    // schema 5 only timers due at the same instant are sorted by id.
    expect(plan).toEqual([
      'SEARCH timers USING PRIMARY KEY (due_at<?)',
      'USE TEMP B-TREE FOR LAST TERM OF ORDER BY',
    ]);
  });

  it('a version-2 file keeps its keys, and a key recorded before fingerprints stays a duplicate (migration 3)', async () => {
    const filename = newFile();
    const v2 = new Database(filename);
    expect(migrate(v2, migrations.slice(0, 2))).toBe(2);
    v2.prepare('INSERT INTO idempotency_keys (dealer_id, key) VALUES (?, ?)').run('d1', 'dms:OLD');
    v2.close();
    const storage = sqliteStorage({ filename });
    try {
      expect(applied(filename).rows.map((r) => r.version)).toEqual(
        migrations.map((m) => m.version),
      );
      const claims = await storage.transaction(async (tx) => [
        await tx.claimSource('d1', 'dms:OLD', 'f1'),
        await tx.claimKey('d1', 'dms:OLD'),
        await tx.claimSource('d1', 'dms:NEW', 'f1'),
        await tx.claimSource('d1', 'dms:NEW', 'f1'),
        await tx.claimSource('d1', 'dms:NEW', 'f2'),
        await tx.claimSource('d1', 'dms:NEW', 'f2'),
      ]);
      expect(claims).toEqual(['same', false, 'new', 'same', 'changed', 'same']);
    } finally {
      await storage.close();
    }
  });

  it('a version-3 file gets work-list columns from its JSON, and its lookup keys rebuilt (migration 4)', async () => {
    const filename = newFile();
    const first = createEngine({
      storage: schema4File(filename).storage,
      clock: createFakeClock('2026-03-02T09:00:00+08:00'),
    });
    const { visitIds } = await first.ingest({
      type: 'vehicle.delivered',
      sourceId: 'DEL-1',
      dealerId: 'd1',
      occurredAt: '2026-03-02T09:00:00+08:00',
      customer: { id: 'c1', name: '张三', phones: [{ number: '13812345678' }] },
      vehicle: { id: 'car1', vin: 'LGWEF4A59RH000001', plate: '京A12345' },
    });
    const visit = await first.getVisit({ dealerId: 'd1', id: visitIds[0]! });
    await first.close();
    // The file as release 3 left it: no work-list columns, no lookup keys.
    const db = new Database(filename);
    db.exec(`
      DROP INDEX records_by_due; DROP INDEX records_by_status_due; DROP INDEX records_by_assignee;
      DROP INDEX records_by_opening; DROP TABLE record_keys;
      ALTER TABLE records DROP COLUMN type; ALTER TABLE records DROP COLUMN outlet_id;
      ALTER TABLE records DROP COLUMN opens_at;
      CREATE INDEX records_by_assignee ON records (dealer_id, kind, assignee_id) WHERE assignee_id IS NOT NULL;
      CREATE INDEX records_by_due      ON records (dealer_id, kind, due_at)      WHERE due_at      IS NOT NULL;
      DELETE FROM dealercare_migrations WHERE version = 4;
      PRAGMA user_version = 3;`);
    db.close();

    const engine = createEngine({
      storage: sqliteStorage({ filename }),
      clock: createFakeClock('2026-03-02T09:00:00+08:00'),
    });
    try {
      expect(applied(filename).rows.map((r) => r.version)).toEqual([1, 2, 3, 4, 5, 6]);
      const row = (
        await engine.workList({ dealerId: 'd1', sort: 'opens', type: visit.type })
      ).items.map((v) => v.id);
      expect(row).toEqual([visit.id]);
      const page = await engine.workList({
        dealerId: 'd1',
        sort: 'opens',
        opensFrom: new Date(visit.window.opensAt),
        opensTo: new Date(visit.window.opensAt),
      });
      expect(page.items.map((v) => v.id)).toEqual([visit.id]);
      // Keys come back only when rebuilt.
      expect((await engine.search({ dealerId: 'd1', phone: '13812345678' })).customers).toEqual([]);
      expect(await engine.rebuildLookupKeys({ dealerId: 'd1' })).toBe(2);
      const found = await engine.search({ dealerId: 'd1', plate: '京A12' });
      expect(found.vehicles.map((v) => v.id)).toEqual(['car1']);
      expect(found.customers.map((c) => c.id)).toEqual(['c1']);
    } finally {
      await engine.close();
    }
  });

  it('a version-4 file written by the engine keeps every record, event, timer and key (migration 5)', async () => {
    const filename = newFile();
    const old = schema4File(filename);
    const clock = createFakeClock('2026-03-02T09:00:00+08:00');
    const first = createEngine({ storage: old.storage, clock });
    const delivery = (i: number, phone: string) => ({
      type: 'vehicle.delivered' as const,
      sourceId: `DEL-${i}`,
      dealerId: `d${i % 3}`,
      occurredAt: '2026-03-02T09:00:00+08:00',
      customer: { id: `c${i}`, name: `客户${i}`, phones: [{ number: phone }] },
      vehicle: { id: `car${i}`, vin: `LGWEF4A59RH${String(100_000 + i)}`, plate: `京A1234${i}` },
    });
    const repair = (i: number) => ({
      type: 'repair.settled' as const,
      sourceId: `RO-${i}`,
      dealerId: `d${i % 3}`,
      occurredAt: '2026-03-02T10:00:00+08:00',
      customer: { id: `c${i}`, name: `客户${i}`, phones: [{ number: `1381234560${i}` }] },
      vehicle: { id: `car${i}`, vin: `LGWEF4A59RH${String(100_000 + i)}`, plate: `京A1234${i}` },
      repairOrderId: `ro${i}`,
      repairKind: 'maintenance' as const,
    });
    const events = [0, 1, 2, 3, 4, 5].flatMap((i) => [delivery(i, `1381234560${i}`), repair(i)]);
    expect((await first.ingestMany(events)).every((r) => r.status === 'ingested')).toBe(true);
    // A correction: c0 gets another phone, so its lookup keys are replaced (version 2 or more).
    expect((await first.ingest(delivery(0, '13900000000'))).status).toBe('corrected');
    // Some timers fire (claimed), others stay pending.
    expect((await first.tick(new Date('2026-03-06T09:00:00+08:00'))).fired).toBeGreaterThan(0);
    // Timers whose id is not `kind:subject:name`, and a subject id with a colon in it.
    await old.storage.transaction((tx) =>
      tx.putTimers([
        {
          id: 'custom-1',
          dealerId: 'd1',
          subject: { kind: 'visit', id: 'v-x' },
          name: 'visit.open',
          dueAt: Date.parse('2027-01-01T00:00:00Z'),
          payload: { n: 1 },
        },
        {
          id: 'calendarYear:cn:2027:calendar.check',
          dealerId: 'd0',
          subject: { kind: 'calendarYear', id: 'cn:2027' },
          name: 'calendar.check',
          dueAt: Date.parse('2027-01-02T00:00:00Z'),
          payload: {},
        },
      ]),
    );
    await first.close(); // closes the file; the memory store keeps the same data to compare with
    const raw = new Database(filename, { readonly: true });
    const oldSeqs = raw
      .prepare<[], { seq: number; type: string }>('SELECT seq, type FROM events ORDER BY seq')
      .all();
    expect(Number(raw.pragma('user_version', { simple: true }))).toBe(4);
    raw.close();

    const read = (storage: StorageAdapter) =>
      storage.transaction(async (tx) => ({
        // Without `keys`: memory hands them back, SQLite never did; they are compared below.
        records: await Promise.all(
          [...old.records.values()].map(async (r) => {
            const { keys: _, ...record } = (await tx.get(r.kind, r.dealerId, r.id)) ?? r;
            return record;
          }),
        ),
        events: await Promise.all(
          ['d0', 'd1', 'd2'].map((dealerId) => tx.readEvents({ dealerId, limit: 100_000 })),
        ),
        timers: await tx.dueTimers(Number.MAX_SAFE_INTEGER, 100_000),
        keys: await Promise.all(
          [...old.records.values()].map(async (r) => {
            const found = await Promise.all(
              (r.keys ?? []).map((key) =>
                tx.findByKey({ dealerId: r.dealerId, kind: r.kind, key }),
              ),
            );
            return found.map((records) => records.map((x) => x.id));
          }),
        ),
      }));
    const expected = await read(old.memory);
    await old.memory.close();
    expect(expected.timers.length).toBeGreaterThan(2);
    expect(expected.keys.flat(2).length).toBeGreaterThan(20);

    const storage = sqliteStorage({ filename });
    try {
      expect(applied(filename).rows.map((r) => r.version)).toEqual([1, 2, 3, 4, 5, 6]);
      const upgraded = await read(storage);
      expect(upgraded.records).toEqual(expected.records);
      expect(upgraded.events).toEqual(expected.events);
      const bySeq = upgraded.events.flat().sort((a, b) => a.seq! - b.seq!);
      expect(bySeq.map((e) => [e.seq, e.type])).toEqual(oldSeqs.map((e) => [e.seq, e.type]));
      expect(upgraded.timers).toEqual(expected.timers);
      expect(upgraded.keys).toEqual(expected.keys);
      // The migrated keys are the row's: replacing them drops every old one.
      const oldKeys = old.records.get('d0/customer/c0')?.keys ?? [];
      expect(oldKeys.length).toBeGreaterThan(1);
      const c0 = await storage.transaction((tx) => tx.get('customer', 'd0', 'c0'));
      await storage.transaction((tx) =>
        tx.put({ ...c0!, keys: ['phone:+8613700000000'] }, c0!.version),
      );
      const byKey = (key: string) =>
        storage.transaction(async (tx) =>
          (await tx.findByKey({ dealerId: 'd0', kind: 'customer', key })).map((r) => r.id),
        );
      expect(await byKey('phone:+8613700000000')).toEqual(['c0']);
      for (const key of oldKeys) expect(await byKey(key), key).toEqual([]);
    } finally {
      await storage.close();
    }
    // The engine carries on with the upgraded file: idempotency kept, every timer fires once,
    // the log goes on after the last old seq.
    const engine = createEngine({ storage: sqliteStorage({ filename }), clock });
    try {
      expect((await engine.ingest(repair(1))).status).toBe('duplicate');
      expect((await engine.ingest(delivery(9, '13812345609'))).status).toBe('ingested');
      const [next] = await engine.readEvents({ dealerId: 'd0', afterSeq: oldSeqs.at(-1)!.seq });
      expect(next?.seq).toBe(oldSeqs.at(-1)!.seq + 1);
      const far = new Date('2028-01-01T00:00:00Z');
      const fired = await engine.tick(far);
      expect(fired.fired + fired.discarded).toBeGreaterThanOrEqual(expected.timers.length);
      expect(await engine.tick(far)).toMatchObject({ fired: 0, discarded: 0 });
    } finally {
      await engine.close();
    }
    const db = new Database(filename, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });

  it('a newer user_version: SCHEMA_TOO_NEW, the file untouched', async () => {
    await tooNew(await fromTheFuture((db) => db.pragma('user_version = 99')), 99);
  });

  it('a newer recorded migration: SCHEMA_TOO_NEW, the file untouched', async () => {
    const filename = await fromTheFuture((db) =>
      db
        .prepare(
          "INSERT INTO dealercare_migrations VALUES (7, 'from-the-future', '2030-01-01T00:00:00.000Z')",
        )
        .run(),
    );
    await tooNew(filename, 7);
  });

  it('a file migrated by a newer release (one more step) cannot be opened by this one', async () => {
    const filename = newFile();
    await sqliteStorage({ filename }).close();
    const db = new Database(filename);
    const next = {
      version: SQLITE_SCHEMA_VERSION + 1,
      name: 'add-survey-channel',
      up: 'ALTER TABLE records ADD COLUMN channel TEXT; CREATE INDEX records_by_channel ON records (dealer_id, channel);',
    };
    expect(migrate(db, [...migrations, next])).toBe(SQLITE_SCHEMA_VERSION + 1);
    expect(migrate(db, [...migrations, next])).toBe(SQLITE_SCHEMA_VERSION + 1); // idempotent
    db.pragma('journal_mode = DELETE');
    db.close();
    expect(applied(filename).rows.map((r) => r.name)).toEqual([
      ...migrations.map((m) => m.name),
      next.name,
    ]);
    await tooNew(filename, SQLITE_SCHEMA_VERSION + 1);
  });

  it('a failing step rolls back every step of the upgrade', async () => {
    const filename = newFile();
    await sqliteStorage({ filename }).close();
    const db = new Database(filename);
    const steps = [
      ...migrations,
      {
        version: SQLITE_SCHEMA_VERSION + 1,
        name: 'fine',
        up: 'CREATE TABLE surveys_extra (x TEXT) STRICT;',
      },
      {
        version: SQLITE_SCHEMA_VERSION + 2,
        name: 'broken',
        up: 'CREATE TABLE half (x TEXT); SELECT * FROM no_such_table;',
      },
    ];
    expect(() => migrate(db, steps)).toThrow(/no_such_table/);
    const tables = db
      .prepare<[], string>("SELECT name FROM sqlite_schema WHERE type = 'table'")
      .pluck()
      .all();
    expect(tables).not.toContain('surveys_extra');
    expect(tables).not.toContain('half');
    expect(Number(db.pragma('user_version', { simple: true }))).toBe(SQLITE_SCHEMA_VERSION);
    db.close();
  });

  it('read-only mode refuses a file that still needs migrating', () => {
    const filename = newFile();
    new Database(filename).close(); // an empty SQLite file: version 0
    expect(() => sqliteStorage({ filename, readonly: true })).toThrow(StorageError);
    expect(() => sqliteStorage({ filename, readonly: true })).toThrow(/read-only/);
  });

  it('leaves a connection it was given open when refusing it', async () => {
    const filename = await fromTheFuture((db) => db.pragma('user_version = 42'));
    const db = new Database(filename);
    expect(() => sqliteStorage({ filename, database: db })).toThrow(SchemaTooNewError);
    expect(db.open).toBe(true);
    db.close();
  });
});
