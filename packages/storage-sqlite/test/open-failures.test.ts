import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { DealercareError, StorageError } from '@dealercare/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqliteStorage } from '../src';
import { ChildLines } from './fixtures/child-process';
import {
  bundleFixture,
  dropsToNobody,
  NOBODY,
  type StandaloneFixture,
  temporaryDirectory,
} from './fixtures/standalone-fixture';

// The database files of the tests below, and the child that opens them as another user.
const dir = temporaryDirectory('dealercare-sqlite-open-', dropsToNobody);
let openIn: StandaloneFixture;
beforeAll(async () => {
  openIn = await bundleFixture('open-in', join(dir, 'child'));
}, 60_000);
afterAll(() => {
  chmodSync(dir, 0o755);
  for (const sub of ['ro-new', 'ro-existing']) {
    try {
      chmodSync(join(dir, sub), 0o755);
    } catch {}
  }
  rmSync(dir, { recursive: true, force: true });
});

function failure(open: () => unknown): StorageError {
  try {
    open();
  } catch (error) {
    expect(error).toBeInstanceOf(StorageError);
    return error as StorageError;
  }
  throw new Error('expected the open to fail');
}

interface ChildOutcome {
  readonly ok?: boolean;
  readonly name?: string;
  readonly code?: string;
  readonly sqliteCode?: string;
  readonly message?: string;
}

/**
 * Opens `filename` and writes, in a child that cannot bypass permissions (root's child drops to
 * nobody). The child runs a bundle outside the checkout, which nobody may not be able to enter.
 */
async function openAsUnprivileged(filename: string): Promise<ChildOutcome> {
  const child = new ChildLines(openIn.spawn([filename], dropsToNobody ? NOBODY : undefined));
  const exit = await child.exited;
  const last = child.lines.at(-1);
  if (last === undefined) {
    throw new Error(
      `child printed nothing (exit ${exit.code ?? exit.signal}); stderr:\n${child.stderr}`,
    );
  }
  return JSON.parse(last) as ChildOutcome;
}

describe('opening where it cannot work', () => {
  it('a missing directory: STORAGE_FAILURE naming the file, SQLITE_CANTOPEN', () => {
    const filename = join(dir, 'no', 'such', 'dir', 'dealercare.db');
    const err = failure(() => sqliteStorage({ filename }));
    expect(err.code).toBe('STORAGE_FAILURE');
    expect(err.details.sqliteCode).toBe('SQLITE_CANTOPEN');
    expect(err.message).toContain(filename);
  });

  it('a read-only directory, new file: STORAGE_FAILURE, SQLITE_CANTOPEN, nothing created', async () => {
    const ro = join(dir, 'ro-new');
    mkdirSync(ro, { mode: 0o555 });
    chmodSync(ro, 0o555);
    const outcome = await openAsUnprivileged(join(ro, 'dealercare.db'));
    expect(readdirSync(ro)).toEqual([]);
    expect(outcome).toMatchObject({
      name: 'StorageError',
      code: 'STORAGE_FAILURE',
      sqliteCode: 'SQLITE_CANTOPEN',
    });
    expect(outcome.message).toContain('dealercare.db');
  }, 20_000);

  it('a read-only directory holding a writable WAL database: STORAGE_FAILURE, file unchanged', async () => {
    const ro = join(dir, 'ro-existing');
    mkdirSync(ro);
    const filename = join(ro, 'dealercare.db');
    const storage = sqliteStorage({ filename });
    await storage.close();
    chmodSync(filename, 0o666);
    chmodSync(ro, 0o555);
    const before = readFileSync(filename);
    const outcome = await openAsUnprivileged(filename);
    expect(outcome.code).toBe('STORAGE_FAILURE');
    expect(outcome.sqliteCode).toMatch(/^SQLITE_(CANTOPEN|READONLY)/);
    expect(readFileSync(filename).equals(before)).toBe(true);
  }, 20_000);

  it('read-only mode: reads work, a write fails with SQLITE_READONLY and nothing is kept', async () => {
    const filename = join(dir, 'readonly.db');
    const rw = sqliteStorage({ filename });
    await rw.transaction((tx) =>
      tx.put({ kind: 'visit', id: 'v1', dealerId: 'd1', status: 'open', data: {} }, 0),
    );
    await rw.close();

    const ro = sqliteStorage({ filename, readonly: true });
    expect((await ro.transaction((tx) => tx.get('visit', 'd1', 'v1')))?.version).toBe(1);
    const err = await ro
      .transaction((tx) =>
        tx.put({ kind: 'visit', id: 'v2', dealerId: 'd1', status: 'open', data: {} }, 0),
      )
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageError);
    expect((err as StorageError).details.sqliteCode).toMatch(/^SQLITE_READONLY/);
    expect(await ro.transaction((tx) => tx.query({ dealerId: 'd1', kind: 'visit' }))).toHaveLength(
      1,
    );
    await ro.close();
  });

  it('read-only mode on a missing file: SQLITE_CANTOPEN, nothing created', () => {
    const filename = join(dir, 'missing-readonly.db');
    const err = failure(() => sqliteStorage({ filename, readonly: true }));
    expect(err.details.sqliteCode).toBe('SQLITE_CANTOPEN');
    expect(() => statSync(filename)).toThrow();
  });
});

describe('a corrupt file', () => {
  it('garbage bytes: STORAGE_FAILURE (SQLITE_NOTADB) at open, file untouched', () => {
    const filename = join(dir, 'garbage.db');
    const garbage = randomBytes(16_384);
    writeFileSync(filename, garbage);
    const err = failure(() => sqliteStorage({ filename }));
    expect(err.code).toBe('STORAGE_FAILURE');
    expect(err.details.sqliteCode).toBe('SQLITE_NOTADB');
    expect(err.message).toMatch(/not a database|backup/);
    expect(readFileSync(filename).equals(garbage)).toBe(true);
  });

  it('a valid header over garbage pages: STORAGE_FAILURE (SQLITE_CORRUPT), at open or at the first read', async () => {
    const filename = join(dir, 'corrupt.db');
    const storage = sqliteStorage({ filename });
    await storage.transaction(async (tx) => {
      for (let i = 0; i < 200; i++) {
        await tx.put(
          {
            kind: 'visit',
            id: `v${i}`,
            dealerId: 'd1',
            status: 'open',
            data: { pad: 'x'.repeat(500) },
          },
          0,
        );
      }
    });
    await storage.close();
    // Keep page 1 (header and schema root); scribble over everything after it.
    const fd = openSync(filename, 'r+');
    const size = statSync(filename).size;
    writeSync(fd, randomBytes(size - 4096), 0, size - 4096, 4096);
    closeSync(fd);

    let err: unknown;
    try {
      const broken = sqliteStorage({ filename });
      err = await broken
        .transaction((tx) => tx.query({ dealerId: 'd1', kind: 'visit' }))
        .catch((e: unknown) => e);
      await broken.close();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DealercareError);
    expect((err as DealercareError).code).toBe('STORAGE_FAILURE');
    expect((err as DealercareError).details.sqliteCode).toMatch(/^SQLITE_(CORRUPT|NOTADB)/);
  });
});
