import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testStorageAdapter } from '@dealercare/core/testing';
import { afterAll, expect, it } from 'vitest';
import { sqliteStorage } from '../src';

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
