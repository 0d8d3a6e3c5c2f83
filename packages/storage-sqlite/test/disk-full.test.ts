import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type StorageAdapter, StorageError, type StorageTransaction } from '@dealercare/core';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { sqliteStorage } from '../src';

const dir = mkdtempSync(join(tmpdir(), 'dealercare-sqlite-full-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const record = (id: string, pad = 0) => ({
  kind: 'visit' as const,
  id,
  dealerId: 'd1',
  status: 'open',
  data: { id, pad: '满'.repeat(pad) },
});

/** A database whose file may grow by only a few pages: a full disk, without filling one. */
async function nearlyFull(name: string) {
  const filename = join(dir, name);
  const db = new Database(filename);
  const storage = sqliteStorage({ filename, database: db });
  await storage.transaction(async (tx) => {
    for (let i = 0; i < 10; i++) await tx.put(record(`base${i}`), 0);
    await tx.appendEvents([
      {
        type: 'visit.scheduled',
        dealerId: 'd1',
        at: '2026-01-01T00:00:00.000Z',
        subject: { kind: 'visit', id: 'base0' },
        data: {},
      },
    ]);
  });
  const pages = Number(db.pragma('page_count', { simple: true }));
  db.pragma(`max_page_count = ${pages + 4}`);
  return { db, storage };
}

async function writeLots(tx: StorageTransaction): Promise<string> {
  await tx.put(record('base0', 10), 1); // an update first: it must be undone too
  for (let i = 0; i < 300; i++) {
    await tx.put(record(`new${i}`, 2_000), 0);
    await tx.putTimers([
      {
        id: `t${i}`,
        dealerId: 'd1',
        subject: { kind: 'visit', id: `new${i}` },
        name: 'visit.overdue',
        dueAt: i,
        payload: {},
      },
    ]);
    await tx.appendEvents([
      {
        type: 'visit.scheduled',
        dealerId: 'd1',
        at: '2026-01-01T00:00:00.000Z',
        subject: { kind: 'visit', id: `new${i}` },
        data: { i },
      },
    ]);
  }
  return 'written';
}
const bigWrite = (storage: StorageAdapter) => storage.transaction(writeLots);

async function expectOnlyTheBaseline(storage: StorageAdapter, db: Database.Database) {
  const state = await storage.transaction(async (tx) => ({
    records: (await tx.query({ dealerId: 'd1', kind: 'visit' })).map((r) => `${r.id}@${r.version}`),
    events: (await tx.readEvents({ dealerId: 'd1' })).length,
    timers: (await tx.dueTimers(Number.MAX_SAFE_INTEGER, 1000)).length,
  }));
  expect(state.records).toEqual(Array.from({ length: 10 }, (_, i) => `base${i}@1`));
  expect(state.events).toBe(1);
  expect(state.timers).toBe(0);
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
}

describe('a full disk (tiny max_page_count)', () => {
  it('fails with STORAGE_FAILURE (SQLITE_FULL) and rolls the whole transaction back', async () => {
    const { db, storage } = await nearlyFull('full.db');
    const err = await bigWrite(storage).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageError);
    expect((err as StorageError).details.sqliteCode).toBe('SQLITE_FULL');
    expect((err as StorageError).message).toMatch(/full/);
    await expectOnlyTheBaseline(storage, db);

    // Once there is room again, the adapter carries on.
    db.pragma('max_page_count = 1073741823');
    await expect(bigWrite(storage)).resolves.toBe('written');
    await storage.close();
    db.close();
  });

  it('rolls back even when the callback swallows the failure and returns normally', async () => {
    const { db, storage } = await nearlyFull('swallowed.db');
    const err = await storage
      .transaction(async (tx) => {
        try {
          await writeLots(tx);
        } catch {
          // ignored on purpose: the adapter must not commit half of the work anyway
        }
        // and the transaction refuses further work
        await expect(tx.get('visit', 'd1', 'base0')).rejects.toMatchObject({
          code: 'STORAGE_FAILURE',
        });
        return 'pretended fine';
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageError);
    expect((err as StorageError).details.sqliteCode).toBe('SQLITE_FULL');
    await expectOnlyTheBaseline(storage, db);
    await storage.close();
    db.close();
  });
});
