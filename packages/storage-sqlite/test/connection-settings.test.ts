import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StorageError, type StorageTransaction, ValidationError } from '@dealercare/core';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { sqliteStorage } from '../src';

const dir = mkdtempSync(join(tmpdir(), 'dealercare-sqlite-settings-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const newFile = () => join(dir, `s${++n}.db`);

const pragmas = (db: Database.Database) => ({
  journal: db.pragma('journal_mode', { simple: true }),
  synchronous: db.pragma('synchronous', { simple: true }),
  foreignKeys: db.pragma('foreign_keys', { simple: true }),
  busyTimeout: db.pragma('busy_timeout', { simple: true }),
  cacheSize: db.pragma('cache_size', { simple: true }),
});

describe('connection settings', () => {
  it('WAL, synchronous=FULL, foreign keys on, 5 s busy timeout, 64 MiB cache by default', async () => {
    const filename = newFile();
    const db = new Database(filename);
    const storage = sqliteStorage({ filename, database: db });
    expect(pragmas(db)).toEqual({
      journal: 'wal',
      synchronous: 2,
      foreignKeys: 1,
      busyTimeout: 5000,
      cacheSize: -64 * 1024,
    });
    await storage.close();
    expect(db.open).toBe(true); // a connection passed in belongs to its owner
    db.close();
  });

  it('synchronous=NORMAL, the busy timeout and the cache size when asked', async () => {
    const filename = newFile();
    const db = new Database(filename);
    await sqliteStorage({
      filename,
      database: db,
      synchronous: 'NORMAL',
      busyTimeoutMs: 250,
      cacheSizeMiB: 8,
    }).close();
    expect(pragmas(db)).toMatchObject({ synchronous: 1, busyTimeout: 250, cacheSize: -8 * 1024 });
    db.close();
  });

  it('rejects bad options with VALIDATION_FAILED and every problem listed', () => {
    const err = (() => {
      try {
        sqliteStorage({
          filename: '',
          busyTimeoutMs: -5,
          synchronous: 'OFF' as 'FULL',
          cacheSizeMiB: 0.5,
        });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues.map((i) => i.path[0])).toEqual([
      'filename',
      'busyTimeoutMs',
      'synchronous',
      'cacheSizeMiB',
    ]);
  });

  it('waits for another process holding the write lock, then fails with SQLITE_BUSY', async () => {
    const filename = newFile();
    const storage = sqliteStorage({ filename, busyTimeoutMs: 100 });
    const other = new Database(filename);
    other.exec('BEGIN IMMEDIATE');
    const started = Date.now();
    const err = await storage.transaction(async () => 'never').catch((e: unknown) => e);
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    expect(err).toBeInstanceOf(StorageError);
    expect((err as StorageError).details.sqliteCode).toBe('SQLITE_BUSY');
    other.exec('COMMIT');
    expect(await storage.transaction(async () => 'now')).toBe('now');
    other.close();
    await storage.close();
  });
});

describe('transactions', () => {
  it('refuse work after close, and close is idempotent', async () => {
    const storage = sqliteStorage({ filename: ':memory:' });
    await storage.close();
    await storage.close();
    await expect(storage.transaction(async () => 1)).rejects.toMatchObject({
      code: 'STORAGE_FAILURE',
    });
  });

  it('close waits for queued transactions to finish', async () => {
    const storage = sqliteStorage({ filename: newFile() });
    const pending = storage.transaction(async (tx) => {
      await new Promise((r) => setTimeout(r, 20));
      return tx.put({ kind: 'visit', id: 'v1', dealerId: 'd1', status: 'open', data: {} }, 0);
    });
    await storage.close();
    await expect(pending).resolves.toMatchObject({ version: 1 });
  });

  it('a transaction object kept past its callback refuses to write (no stray autocommit)', async () => {
    const storage = sqliteStorage({ filename: ':memory:' });
    let leaked: StorageTransaction | undefined;
    await storage.transaction(async (tx) => {
      leaked = tx;
    });
    await expect(
      leaked!.put({ kind: 'visit', id: 'v1', dealerId: 'd1', status: 'open', data: {} }, 0),
    ).rejects.toMatchObject({ code: 'STORAGE_FAILURE' });
    expect(await storage.transaction((tx) => tx.get('visit', 'd1', 'v1'))).toBeUndefined();
    await storage.close();
  });

  it('a VERSION_CONFLICT caught inside the callback does not spoil the transaction', async () => {
    const storage = sqliteStorage({ filename: ':memory:' });
    const rec = { kind: 'visit' as const, id: 'v1', dealerId: 'd1', status: 'open', data: {} };
    await storage.transaction((tx) => tx.put(rec, 0));
    const result = await storage.transaction(async (tx) => {
      await tx.put(rec, 0).catch(() => undefined); // conflict, handled
      return tx.put({ ...rec, status: 'attempting' }, 1);
    });
    expect(result.version).toBe(2);
    await storage.close();
  });

  it('stores hostile ids and Unicode verbatim (parameterised SQL only)', async () => {
    const storage = sqliteStorage({ filename: ':memory:' });
    const id = "v1'); DROP TABLE records; --";
    const dealerId = "d1' OR '1'='1";
    const rec = {
      kind: 'visit' as const,
      id,
      dealerId,
      status: 'open',
      customerId: '客户"张三"',
      data: { 名字: '张三 😀' },
    };
    await storage.transaction((tx) => tx.put(rec, 0));
    await storage.transaction((tx) => tx.put({ ...rec, dealerId: 'd2' }, 0));
    expect(await storage.transaction((tx) => tx.get('visit', dealerId, id))).toEqual({
      ...rec,
      version: 1,
    });
    const scoped = await storage.transaction((tx) =>
      tx.query({ dealerId, kind: 'visit', customerId: '客户"张三"' }),
    );
    expect(scoped.map((r) => r.dealerId)).toEqual([dealerId]);
    await storage.close();
  });
});
