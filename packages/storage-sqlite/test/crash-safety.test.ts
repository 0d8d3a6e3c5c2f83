import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { sqliteStorage } from '../src';
import { ChildLines, spawnFixture } from './fixtures/child-process';

const dir = mkdtempSync(join(tmpdir(), 'dealercare-sqlite-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface BatchCount {
  readonly batch: string;
  readonly size: number;
  readonly n: number;
}

/** Per table, how many rows each batch has and how many it should have. */
function batches(db: Database.Database): Record<string, BatchCount[]> {
  const grouped = (sql: string) => db.prepare<[], BatchCount>(sql).all();
  return {
    records: grouped(
      "SELECT data ->> '$.batch' AS batch, data ->> '$.size' AS size, count(*) AS n FROM records WHERE kind = 'visit' GROUP BY batch",
    ),
    events: grouped(
      "SELECT data ->> '$.batch' AS batch, data ->> '$.size' AS size, count(*) AS n FROM events GROUP BY batch",
    ),
    timers: grouped(
      "SELECT payload ->> '$.batch' AS batch, payload ->> '$.size' AS size, count(*) AS n FROM timers GROUP BY batch",
    ),
    keys: grouped(
      "SELECT substr(key, 7) AS batch, 1 AS size, count(*) AS n FROM idempotency_keys WHERE key LIKE 'batch:%' GROUP BY batch",
    ),
  };
}

async function killAtRandom(
  filename: string,
  prefix: string,
): Promise<{ committed: Map<string, number>; afterMs: number }> {
  const child = new ChildLines(spawnFixture('crash-writer', [filename, prefix]));
  await child.waitFor((l) => l.startsWith('committed '));
  // Somewhere in the next 10–250 ms of writing: mid-transaction, mid-commit or between commits.
  const afterMs = 10 + Math.floor(Math.random() * 240);
  await new Promise((r) => setTimeout(r, afterMs));
  child.child.kill('SIGKILL');
  const exit = await child.exited;
  expect(exit.signal).toBe('SIGKILL');
  const committed = new Map<string, number>();
  for (const line of child.lines) {
    const [word, batch, size] = line.split(' ');
    if (word === 'committed' && batch !== undefined) committed.set(batch, Number(size));
  }
  return { committed, afterMs };
}

describe('crash safety (SIGKILL at random points)', () => {
  it('keeps every reported commit, nothing half-written, integrity ok — 5 kills on one file', async () => {
    const filename = join(dir, 'crash.db');
    const reported = new Map<string, number>();
    for (let round = 0; round < 5; round++) {
      const { committed, afterMs } = await killAtRandom(filename, `r${round}`);
      expect(committed.size, `round ${round}: the child committed before the kill`).toBeGreaterThan(
        0,
      );
      for (const [b, s] of committed) reported.set(b, s);

      // Reopen through the adapter (recovers the WAL, migrations are a no-op) …
      const storage = sqliteStorage({ filename });
      const tally = await storage.transaction((tx) => tx.get('customer', 'd1', 'tally'));
      await storage.close();

      // … and inspect the file directly.
      const db = new Database(filename);
      try {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        const tables = batches(db);
        const inRecords = new Set(tables.records!.map((b) => b.batch));
        for (const [table, rows] of Object.entries(tables)) {
          for (const row of rows) {
            // all or nothing: a batch present at all is present in full
            expect(
              row.n,
              `round ${round} (killed after ${afterMs} ms): ${table} of ${row.batch}`,
            ).toBe(row.size);
          }
          expect(
            new Set(rows.map((b) => b.batch)),
            `${table} hold the same batches as records`,
          ).toEqual(inRecords);
        }
        for (const batch of reported.keys())
          expect(inRecords.has(batch), `reported ${batch}`).toBe(true);
        // At most the one transaction that committed just before the kill went unreported.
        expect(inRecords.size - reported.size).toBeLessThanOrEqual(round + 1);
        // The read-modify-write counter saw every committed batch exactly once.
        expect(tally?.data.batches).toBe(inRecords.size);
      } finally {
        db.close();
      }
    }
  }, 60_000);
});
