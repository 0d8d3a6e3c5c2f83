import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sqliteStorage } from '@dealercare/storage-sqlite';
import type { StorageAdapter } from '../../src';
import type { TestAdapter } from './test-adapter';

/**
 * sqliteStorage on a fresh file (WAL) per store, in a temporary directory of the test file's
 * own: the durable path, with read validation on (its default).
 */
export function sqliteTestAdapter(): TestAdapter {
  let dir: string | undefined;
  let n = 0;
  let open: Array<{ storage: StorageAdapter; file: string }> = [];
  return {
    name: 'sqlite',
    open() {
      dir ??= mkdtempSync(join(tmpdir(), 'dealercare-engine-'));
      const file = join(dir, `engine-${++n}.db`);
      const storage = sqliteStorage({ filename: file });
      open.push({ storage, file });
      return storage;
    },
    async release() {
      const done = open;
      open = [];
      for (const { storage, file } of done) {
        await storage.close();
        for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
      }
    },
    async dispose() {
      await this.release();
      if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
      dir = undefined;
    },
    // Every case opens and migrates a file per engine: the property is explored on memory, here
    // it is checked that the store changes no outcome.
    runs: (runs) => Math.max(3, Math.ceil(runs / 4)),
  };
}
