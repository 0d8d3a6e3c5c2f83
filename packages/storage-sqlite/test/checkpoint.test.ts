import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StorageError, ValidationError } from '@dealercare/core';
import { memoryStorage } from '@dealercare/storage-memory';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { checkpoint, sqliteStorage } from '../src';

const dir = mkdtempSync(join(tmpdir(), 'dealercare-sqlite-checkpoint-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const newFile = () => join(dir, `c${++n}.db`);
const size = (file: string) => statSync(file).size;
const MiB = 1024 * 1024;

/** One transaction writing about `mib` MiB of records (incompressible text, 4 KiB each). */
async function write(storage: ReturnType<typeof sqliteStorage>, mib: number, from = 0) {
  await storage.transaction(async (tx) => {
    for (let i = 0; i < mib * 256; i++) {
      const id = `v${from + i}`;
      const note = `${id}-${Math.random().toString(36)}`.repeat(200).slice(0, 4000);
      await tx.put({ kind: 'visit', id, dealerId: 'd1', status: 'open', data: { note } }, 0);
    }
  });
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('WAL checkpoints off the commit path', () => {
  it('turns SQLite’s automatic checkpoint off on the connection', async () => {
    const filename = newFile();
    const db = new Database(filename);
    const storage = sqliteStorage({ filename, database: db });
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    await storage.close();
    db.close();
  });

  it('a commit leaves its pages in the log; the adapter copies them once it is idle', async () => {
    const filename = newFile();
    const storage = sqliteStorage({ filename });
    try {
      const empty = size(filename);
      await write(storage, 6); // past the 4 MiB worth an idle checkpoint
      // Right after the commit, the database file has not grown: nothing was copied yet.
      expect(size(filename)).toBe(empty);
      expect(size(`${filename}-wal`)).toBeGreaterThan(6 * MiB);
      await sleep(400);
      expect(size(filename)).toBeGreaterThan(6 * MiB);
      // The log is reused from its start by the next commit instead of growing.
      const wal = size(`${filename}-wal`);
      await write(storage, 1, 10_000);
      expect(size(`${filename}-wal`)).toBe(wal);
    } finally {
      await storage.close();
    }
  });

  it('a log past walLimitMiB is copied inside the commit that grew it', async () => {
    const filename = newFile();
    const storage = sqliteStorage({ filename, walLimitMiB: 2 });
    try {
      await write(storage, 3);
      expect(size(filename)).toBeGreaterThan(3 * MiB);
    } finally {
      await storage.close();
    }
  });

  it('checkpoint(storage) copies the log now, after the queued transactions', async () => {
    const filename = newFile();
    const storage = sqliteStorage({ filename });
    try {
      const empty = size(filename);
      const writing = write(storage, 2); // below the idle checkpoint's 4 MiB
      const result = await checkpoint(storage);
      await writing;
      expect(result.busy).toBe(false);
      // A new file's pages are 16 KiB: the 2 MiB written fill at least 128 of them.
      expect(result.logPages * 16 * 1024).toBeGreaterThan(2 * MiB);
      expect(result.checkpointedPages).toBe(result.logPages);
      expect(size(filename)).toBeGreaterThan(empty + 2 * MiB);
      const rows = await storage.transaction((tx) =>
        tx.query({ dealerId: 'd1', kind: 'visit', limit: 10_000 }),
      );
      expect(rows).toHaveLength(512);
    } finally {
      await storage.close();
    }
    await expect(checkpoint(storage)).rejects.toBeInstanceOf(StorageError);
  });

  it('checkpoint of a :memory: adapter does nothing; of another adapter, STORAGE_FAILURE', async () => {
    const storage = sqliteStorage({ filename: ':memory:' });
    expect(await checkpoint(storage)).toEqual({ logPages: 0, checkpointedPages: 0, busy: false });
    await storage.close();
    await expect(checkpoint(memoryStorage())).rejects.toMatchObject({ code: 'STORAGE_FAILURE' });
  });

  it('refuses a walLimitMiB that is not a whole number of MiB from 1', () => {
    for (const walLimitMiB of [0, 1.5, -1]) {
      expect(() => sqliteStorage({ filename: ':memory:', walLimitMiB })).toThrow(ValidationError);
    }
  });
});
