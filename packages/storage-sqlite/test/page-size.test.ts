import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type StorageAdapter, ValidationError } from '@dealercare/core';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { sqliteStorage } from '../src';
import { ChildLines, spawnFixture } from './fixtures/child-process';

const dir = mkdtempSync(join(tmpdir(), 'dealercare-sqlite-page-size-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const newFile = () => join(dir, `p${++n}.db`);

const pageSizeOf = (filename: string) => {
  const db = new Database(filename, { readonly: true });
  try {
    return Number(db.pragma('page_size', { simple: true }));
  } finally {
    db.close();
  }
};

const visit = (id: string) => ({
  kind: 'visit' as const,
  id,
  dealerId: 'd1',
  status: 'open',
  data: { note: `${id} `.repeat(50) },
});
const ids = (storage: StorageAdapter) =>
  storage.transaction(async (tx) =>
    (await tx.query({ dealerId: 'd1', kind: 'visit', limit: Number.POSITIVE_INFINITY })).map(
      (r) => r.id,
    ),
  );

describe('page size', () => {
  it('a new file gets 16 KiB pages', async () => {
    const filename = newFile();
    const storage = sqliteStorage({ filename });
    await storage.transaction((tx) => tx.put(visit('v1'), 0));
    await storage.close();
    expect(pageSizeOf(filename)).toBe(16_384);
  });

  it('so does a new file behind a connection passed in', async () => {
    const filename = newFile();
    const db = new Database(filename);
    await sqliteStorage({ filename, database: db }).close();
    expect(db.pragma('page_size', { simple: true })).toBe(16_384);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('a connection passed in keeps a page size its owner chose for a new file', async () => {
    const filename = newFile();
    const db = new Database(filename);
    db.pragma('page_size = 8192');
    await sqliteStorage({ filename, database: db }).close();
    db.close();
    expect(pageSizeOf(filename)).toBe(8192);
  });

  it('newFilePageSize chooses the page size of a new file, and not of one that has pages', async () => {
    const filename = newFile();
    const storage = sqliteStorage({ filename, newFilePageSize: 4096 });
    await storage.transaction((tx) => tx.put(visit('v1'), 0));
    await storage.close();
    expect(pageSizeOf(filename)).toBe(4096);
    const again = sqliteStorage({ filename, newFilePageSize: 32_768 });
    expect(await ids(again)).toEqual(['v1']);
    await again.close();
    expect(pageSizeOf(filename)).toBe(4096);
  });

  it.each([0, 1000, 4095, 131_072, 16_384.5, Number.NaN])(
    'refuses newFilePageSize %s before opening anything',
    (newFilePageSize) => {
      const filename = newFile();
      let error: unknown;
      try {
        sqliteStorage({ filename, newFilePageSize });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues[0]?.path).toEqual(['newFilePageSize']);
      expect(existsSync(filename)).toBe(false);
    },
  );

  it('an existing file made with 4 KiB pages keeps them, opens and works', async () => {
    // As the adapter made files before: SQLite's default page size, WAL, the schema.
    const filename = newFile();
    const db = new Database(filename);
    db.pragma('journal_mode = WAL');
    const before = sqliteStorage({ filename, database: db });
    await before.transaction((tx) => tx.put(visit('v1'), 0));
    await before.close();
    db.close();
    expect(pageSizeOf(filename)).toBe(4096);

    const storage = sqliteStorage({ filename });
    await storage.transaction(async (tx) => {
      for (let i = 2; i <= 500; i++) await tx.put(visit(`v${i}`), 0);
    });
    expect(await ids(storage)).toHaveLength(500);
    await storage.close();
    expect(pageSizeOf(filename)).toBe(4096);
    const check = new Database(filename, { readonly: true });
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    check.close();
  });

  it('the README’s offline conversion gives an existing file 16 KiB pages, data intact', async () => {
    const filename = newFile();
    const db = new Database(filename);
    db.pragma('journal_mode = WAL');
    const before = sqliteStorage({ filename, database: db });
    await before.transaction(async (tx) => {
      for (let i = 1; i <= 200; i++) await tx.put(visit(`v${i}`), 0);
    });
    await before.close();
    db.close();

    const offline = new Database(filename);
    offline.pragma('journal_mode = DELETE');
    offline.pragma('page_size = 16384');
    offline.exec('VACUUM');
    offline.pragma('journal_mode = WAL');
    offline.close();

    expect(pageSizeOf(filename)).toBe(16_384);
    const storage = sqliteStorage({ filename });
    await storage.transaction((tx) => tx.put(visit('v201'), 0));
    expect(await ids(storage)).toHaveLength(201);
    await storage.close();
    const check = new Database(filename, { readonly: true });
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    check.close();
  });

  it('a connection that saw the file empty adopts the page size of whoever created it', async () => {
    // The window of a first open by two processes: this one finds no pages and asks for
    // 16 KiB, then another (an older release) creates the file with 4 KiB pages first.
    const filename = newFile();
    const late = new Database(filename);
    expect(late.pragma('page_count', { simple: true })).toBe(0);
    late.pragma('page_size = 16384');
    const early = new Database(filename);
    early.pragma('journal_mode = WAL');
    await sqliteStorage({ filename, database: early }).close();
    early.close();
    const storage = sqliteStorage({ filename, database: late });
    await storage.transaction((tx) => tx.put(visit('v1'), 0));
    expect(await ids(storage)).toEqual(['v1']);
    await storage.close();
    expect(late.pragma('page_size', { simple: true })).toBe(4096);
    late.close();
  });

  it('several processes opening a new file at once: all open it, one page size', async () => {
    const filename = newFile();
    const children = [1, 2, 3].map(
      (i) => new ChildLines(spawnFixture('first-open', [filename, `v${i}`])),
    );
    await Promise.all(children.map((c) => c.waitFor((l) => l === 'ready')));
    for (const c of children) c.child.stdin?.write('go\n');
    const sizes = await Promise.all(
      children.map(async (c) => {
        const exit = await c.exited;
        expect(exit.code, c.stderr).toBe(0);
        return (JSON.parse(c.lines.at(-1) ?? '{}') as { pageSize: number }).pageSize;
      }),
    );
    expect(sizes).toEqual([16_384, 16_384, 16_384]);
    const storage = sqliteStorage({ filename });
    expect((await ids(storage)).sort()).toEqual(['v1', 'v2', 'v3']);
    await storage.close();
  }, 30_000);

  it(':memory: keeps SQLite’s default', async () => {
    const db = new Database(':memory:');
    await sqliteStorage({ filename: ':memory:', database: db }).close();
    expect(db.pragma('page_size', { simple: true })).toBe(4096);
    db.close();
  });
});
