import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type StorageAdapter, StorageError } from '@dealercare/core';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { backup, sqliteStorage } from '../src';

const dir = mkdtempSync(join(tmpdir(), 'dealercare-sqlite-backup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const put = (storage: StorageAdapter, from: number, count: number) =>
  storage.transaction(async (tx) => {
    for (let i = from; i < from + count; i++) {
      await tx.put(
        {
          kind: 'visit',
          id: `v${String(i).padStart(5, '0')}`,
          dealerId: 'd1',
          status: 'open',
          data: { pad: 'x'.repeat(300) },
        },
        0,
      );
    }
  });

const count = async (filename: string) => {
  const storage = sqliteStorage({ filename, readonly: true });
  const rows = await storage.transaction((tx) =>
    tx.query({ dealerId: 'd1', kind: 'visit', limit: Number.POSITIVE_INFINITY }),
  );
  await storage.close();
  return rows.length;
};

describe('online backup', () => {
  it('copies a live adapter while transactions keep committing', async () => {
    const storage = sqliteStorage({ filename: join(dir, 'live.db') });
    await put(storage, 0, 2_000);
    const destination = join(dir, 'copy.db');
    const copying = backup(storage, destination, { progress: () => 10 }); // small steps: interleave
    await put(storage, 2_000, 100);
    const progress = await copying;
    expect(progress.remainingPages).toBe(0);
    expect(progress.totalPages).toBeGreaterThan(0);
    const copied = await count(destination);
    expect([2_000, 2_100]).toContain(copied); // a consistent snapshot: before or after, never between
    const check = new Database(destination, { readonly: true });
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    check.close();
    await storage.close();
  });

  it('accepts a better-sqlite3 connection as the source', async () => {
    const filename = join(dir, 'direct.db');
    const storage = sqliteStorage({ filename });
    await put(storage, 0, 10);
    await storage.close();
    const db = new Database(filename);
    await backup(db, join(dir, 'direct-copy.db'));
    db.close();
    expect(await count(join(dir, 'direct-copy.db'))).toBe(10);
  });

  it('replaces an earlier copy in WAL mode whose pages are another size', async () => {
    // An earlier copy of a file with 4 KiB pages, opened with the adapter since (so in WAL
    // mode); the live file is a new one, with 16 KiB pages.
    const destination = join(dir, 'old-copy.db');
    const old = new Database(destination);
    old.pragma('journal_mode = WAL');
    const oldStorage = sqliteStorage({ filename: destination, database: old });
    await put(oldStorage, 0, 5);
    await oldStorage.close();
    old.close();
    const storage = sqliteStorage({ filename: join(dir, 'new-pages.db') });
    await put(storage, 0, 20);
    await backup(storage, destination);
    await storage.close();
    expect(await count(destination)).toBe(20);
    const check = new Database(destination, { readonly: true });
    expect(check.pragma('page_size', { simple: true })).toBe(16_384);
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    check.close();
  });

  it('fails clearly for another adapter or an unwritable destination', async () => {
    const other: StorageAdapter = {
      name: 'memory',
      transaction: (fn) => fn({} as never),
      close: async () => {},
    };
    await expect(backup(other, join(dir, 'x.db'))).rejects.toBeInstanceOf(StorageError);
    const storage = sqliteStorage({ filename: ':memory:' });
    const err = await backup(storage, join(dir, 'no', 'such', 'dir', 'x.db')).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(StorageError);
    await storage.close();
  });
});
