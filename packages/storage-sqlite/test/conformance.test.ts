import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testStorageAdapter } from '@dealercare/core/testing';
import Database from 'better-sqlite3';
import { afterAll, expect, it } from 'vitest';
import { migrations, sqliteStorage } from '../src';
import { migrate } from '../src/migrations';

const dir = mkdtempSync(join(tmpdir(), 'dealercare-sqlite-conformance-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

testStorageAdapter({
  name: 'sqlite (:memory:)',
  create: () => sqliteStorage({ filename: ':memory:' }),
  additionalTests: (adapter) => {
    it('is named sqlite', () => {
      expect(adapter().name).toBe('sqlite');
    });
  },
});

testStorageAdapter({
  name: 'sqlite (file, WAL)',
  create: () => sqliteStorage({ filename: join(dir, `conformance-${++n}.db`) }),
});

testStorageAdapter({
  name: 'sqlite (file written at schema 4, upgraded on open)',
  create: () => {
    const filename = join(dir, `conformance-${++n}.db`);
    const db = new Database(filename);
    migrate(db, migrations.slice(0, 4));
    db.close();
    return sqliteStorage({ filename });
  },
});
