import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sqliteStorage } from '../src';
import { ChildLines, spawnFixture } from './fixtures/child-process';

const dir = mkdtempSync(join(tmpdir(), 'dealercare-sqlite-concurrent-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TIMES = 300;

async function race(mode: 'split' | 'single') {
  const filename = join(dir, `${mode}.db`);
  const storage = sqliteStorage({ filename });
  await storage.transaction((tx) =>
    tx.put({ kind: 'visit', id: 'counter', dealerId: 'd1', status: 'open', data: { n: 0 } }, 0),
  );
  await storage.close();

  const children = [0, 1].map(
    () => new ChildLines(spawnFixture('counter-writer', [filename, mode, String(TIMES)])),
  );
  await Promise.all(children.map((c) => c.waitFor((l) => l === 'ready')));
  for (const c of children) c.child.stdin?.write('go\n');
  const summaries = await Promise.all(
    children.map(async (c) => {
      const exit = await c.exited;
      expect(exit.code, c.stderr).toBe(0);
      return JSON.parse(c.lines.at(-1) ?? '{}') as { done: number; conflicts: number };
    }),
  );

  const reopened = sqliteStorage({ filename });
  const counter = await reopened.transaction((tx) => tx.get('visit', 'd1', 'counter'));
  await reopened.close();
  return { summaries, counter };
}

describe('two processes writing the same record', () => {
  it('read and write in separate transactions: no lost update, stale writes get VERSION_CONFLICT', async () => {
    const { summaries, counter } = await race('split');
    // Every increment of both processes is there: nobody overwrote a newer version.
    expect(counter?.data.n).toBe(2 * TIMES);
    expect(counter?.version).toBe(1 + 2 * TIMES);
    expect(summaries.every((s) => s.done === TIMES)).toBe(true);
    // The processes really raced: some writes were stale and were refused.
    expect(summaries.reduce((sum, s) => sum + s.conflicts, 0)).toBeGreaterThan(0);
  }, 30_000);

  it('read and write in one transaction: serialised by the write lock, never a conflict', async () => {
    const { summaries, counter } = await race('single');
    expect(counter?.data.n).toBe(2 * TIMES);
    expect(counter?.version).toBe(1 + 2 * TIMES);
    expect(summaries.map((s) => s.conflicts)).toEqual([0, 0]);
  }, 30_000);
});
