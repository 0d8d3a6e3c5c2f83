/**
 * Benchmark of the desk's reads (issue 16), on memory and SQLite, each against a floor measured
 * on the same store in the same run:
 *
 *  1. a work-list page: `engine.workList` of 50 open visits in due order (the first page, and a
 *     page deep in the list through its cursor) among DESK_BENCH_N open visits of one dealer —
 *     the floor on SQLite is the plain indexed statement that reads the same 50 rows
 *     (`… WHERE dealer_id = ? AND kind = 'visit' AND status = 'open' ORDER BY due_at, id LIMIT
 *     50`, data parsed); on memory, the adapter's own `query` of the same page in one
 *     transaction (and, printed apart, one pass over a plain array of the rows keeping the best
 *     50: what the adapter's scan costs against a bare loop);
 *  2. a phone search: `engine.search({ phone })` among DESK_BENCH_N customers — the floor is
 *     the plain lookup of the same key (SQLite: `record_keys` joined to `records`; memory: the
 *     adapter's `findByKey`). The engine's search also reads the customer's vehicles and
 *     validates what it returns.
 *
 * Targets on this 2-core machine: page < 20 ms, search < 5 ms, each within 2× its floor.
 * Prints medians and the ratios; exits 1 when a target is missed.
 *
 * Run: pnpm bench desk. Sizes: DESK_BENCH_N (1,000,000), DESK_BENCH_RUNS (30); stores:
 * DESK_BENCH_STORES (memory,sqlite).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getHeapStatistics } from 'node:v8';
import {
  type Customer,
  createEngine,
  createFakeClock,
  encodeRecord,
  phoneLookup,
  type StorageAdapter,
  type StoredRecord,
} from '@dealercare/core';
import type BetterSqlite3 from 'better-sqlite3';
import { memoryStorage } from '../packages/storage-memory/src';
import { sqliteStorage } from '../packages/storage-sqlite/src';
import { connectionOf } from '../packages/storage-sqlite/src/sqlite-storage';
import { median, openVisit, t0 } from './tick-store';

// A million visits and a million customers in memory need more than Node's default heap.
if (getHeapStatistics().heap_size_limit < 8 * 1024 ** 3) {
  const r = spawnSync(
    process.execPath,
    ['--max-old-space-size=12288', ...process.execArgv, fileURLToPath(import.meta.url)],
    { stdio: 'inherit' },
  );
  process.exit(r.status ?? 1);
}

const N = Number(process.env.DESK_BENCH_N ?? 1_000_000);
const RUNS = Number(process.env.DESK_BENCH_RUNS ?? 30);
/** Which stores to measure (`memory,sqlite` by default). */
const STORES = (process.env.DESK_BENCH_STORES ?? 'memory,sqlite').split(',');
const DEALER = 'd0';
const PAGE = 50;
const BATCH = 20_000;

/** A deterministic spread of due times: visit i due within 30 days of t0, ties frequent. */
const dueOf = (i: number) => t0 + ((i * 7_919) % 43_200) * 60_000;

/** Deeply frozen (the memory adapter then stores the object itself instead of a copy). */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** The customer the engine stores for one delivery, to clone a million times. */
async function customerTemplate(): Promise<Customer> {
  const engine = createEngine({ storage: memoryStorage(), clock: createFakeClock(t0) });
  await engine.ingest({
    type: 'vehicle.delivered',
    sourceId: 'T',
    dealerId: DEALER,
    occurredAt: new Date(t0).toISOString(),
    customer: { id: 'c', name: '客户', phones: [{ number: '13800000000' }] },
    vehicle: { id: 'car', vin: 'LGWEF4A59RH000001' },
  });
  return engine.getCustomer({ dealerId: DEALER, id: 'c' });
}

const phoneOf = (i: number) => `+86138${String(i).padStart(8, '0')}`;

function rows(template: Customer, i: number): Omit<StoredRecord, 'version'>[] {
  const visit = openVisit(i, dueOf(i));
  const v = encodeRecord('visit', {
    ...visit,
    dealerId: DEALER,
    assignee: { role: 'followUpAgent', actorId: `agent-${i % 40}` },
  });
  const c = encodeRecord('customer', {
    ...template,
    id: `c${i}`,
    name: `客户${i}`,
    phones: [{ number: phoneOf(i), belongsTo: 'owner', valid: true }],
  });
  return [v, c];
}

async function fill(storage: StorageAdapter, template: Customer, freeze: boolean): Promise<void> {
  for (let from = 0; from < N; from += BATCH) {
    await storage.transaction(async (tx) => {
      for (let i = from; i < Math.min(N, from + BATCH); i++) {
        for (const r of rows(template, i)) await tx.put(freeze ? deepFreeze(r) : r, 0);
      }
    });
  }
}

async function time(runs: number, fn: () => Promise<unknown> | unknown): Promise<number> {
  const ms: number[] = [];
  for (let i = 0; i < runs + 3; i++) {
    const start = performance.now();
    await fn();
    if (i >= 3) ms.push(performance.now() - start); // three warm-up runs
  }
  return median(ms);
}

interface Figures {
  readonly store: string;
  readonly page: number;
  /** The same page from an engine with `verifyReads: false` (rows taken as stored). */
  readonly unverifiedPage: number;
  readonly deepPage: number;
  readonly pageFloor: number;
  readonly search: number;
  readonly searchFloor: number;
}

async function measure(
  store: string,
  storage: StorageAdapter,
  floors: { page: () => unknown; search: (phone: string) => unknown },
): Promise<Figures> {
  const engine = createEngine({ storage, clock: createFakeClock(t0) });
  const trusting = createEngine({ storage, clock: createFakeClock(t0), verifyReads: false });
  const query = { dealerId: DEALER, status: 'open', limit: PAGE } as const;
  const first = await engine.workList(query);
  if (first.items.length !== PAGE) throw new Error(`${store}: page of ${first.items.length}`);
  // A cursor half-way down the list: what the 10,000th page's reader holds.
  let cursor = first.nextCursor!;
  for (let i = 0; i < 20; i++) cursor = (await engine.workList({ ...query, cursor })).nextCursor!;
  let k = 0;
  const phone = () => phoneOf((k++ * 104_729) % N).replace('+86', '');
  const found = await engine.search({ dealerId: DEALER, phone: phone() });
  if (found.customers.length !== 1) throw new Error(`${store}: search found ${found.customers}`);
  return {
    store,
    page: await time(RUNS, () => engine.workList(query)),
    unverifiedPage: await time(RUNS, () => trusting.workList(query)),
    deepPage: await time(RUNS, () => engine.workList({ ...query, cursor })),
    pageFloor: await time(RUNS, floors.page),
    search: await time(RUNS, () => engine.search({ dealerId: DEALER, phone: phone() })),
    searchFloor: await time(RUNS, () => floors.search(phoneLookup(phone()))),
  };
}

async function main(): Promise<void> {
  console.log(`desk reads: ${N.toLocaleString()} open visits and customers of one dealer`);
  const template = await customerTemplate();
  const figures: Figures[] = [];

  if (STORES.includes('memory')) {
    const storage = memoryStorage();
    const start = performance.now();
    await fill(storage, template, true);
    console.log(`memory: filled in ${((performance.now() - start) / 1000).toFixed(1)} s`);
    // The floors' own copies of the same rows: a plain array, a plain Map.
    const visits: StoredRecord[] = [];
    const byPhone = new Map<string, StoredRecord>();
    await storage.transaction(async (tx) => {
      for (let after: string | undefined; ; ) {
        const page = await tx.query({
          dealerId: DEALER,
          kind: 'visit',
          limit: 100_000,
          ...(after ? { afterId: after } : {}),
        });
        visits.push(...page);
        if (page.length < 100_000) break;
        after = page[page.length - 1]!.id;
      }
    });
    for (let i = 0; i < N; i++) byPhone.set(`phone:${phoneOf(i)}`, { id: `c${i}` } as StoredRecord);
    // The plain-array pass: what the adapter's scan costs against a loop with nothing around it.
    const scan = await time(RUNS, () => {
      const best: StoredRecord[] = [];
      for (const r of visits) {
        if (r.status !== 'open' || r.dueAt === undefined) continue;
        if (best.length === PAGE) {
          const last = best[PAGE - 1]!;
          if (r.dueAt > last.dueAt! || (r.dueAt === last.dueAt && r.id > last.id)) continue;
          best.pop();
        }
        let j = best.length;
        while (
          j > 0 &&
          (best[j - 1]!.dueAt! > r.dueAt ||
            (best[j - 1]!.dueAt === r.dueAt && best[j - 1]!.id > r.id))
        )
          j--;
        best.splice(j, 0, r);
      }
      return best;
    });
    const lookup = await time(RUNS, () => byPhone.get(`phone:${phoneOf(7)}`));
    console.log(
      `memory: a plain pass over an array of the rows for the page ${scan.toFixed(2)} ms; a Map lookup ${lookup.toFixed(4)} ms`,
    );
    // The floors: the adapter's own reads of the same rows, with no engine around them.
    figures.push(
      await measure('memory', storage, {
        page: () =>
          storage.transaction((tx) =>
            tx.query({
              dealerId: DEALER,
              kind: 'visit',
              status: 'open',
              orderBy: 'dueAt',
              limit: PAGE,
            }),
          ),
        search: (key) =>
          storage.transaction((tx) => tx.findByKey({ dealerId: DEALER, kind: 'customer', key })),
      }),
    );
    await storage.close();
  }

  if (STORES.includes('sqlite')) {
    const dir = mkdtempSync(join(tmpdir(), 'dealercare-desk-bench-'));
    const storage = sqliteStorage({ filename: join(dir, 'desk.db') });
    try {
      const start = performance.now();
      await fill(storage, template, false);
      console.log(`sqlite: filled in ${((performance.now() - start) / 1000).toFixed(1)} s`);
      const db = connectionOf(storage) as BetterSqlite3.Database;
      db.pragma('optimize');
      const page = db.prepare(
        `SELECT data FROM records WHERE dealer_id = ? AND kind = 'visit' AND status = 'open'
           AND due_at IS NOT NULL ORDER BY due_at, id LIMIT ${PAGE}`,
      );
      const search = db.prepare(
        `SELECT r.data FROM record_keys k JOIN records r
           ON r.dealer_id = k.dealer_id AND r.kind = k.kind AND r.id = k.id
         WHERE k.dealer_id = ? AND k.kind = 'customer' AND k.key = ?`,
      );
      figures.push(
        await measure('sqlite', storage, {
          page: () =>
            (page.all(DEALER) as { data: string }[]).map((r) => JSON.parse(r.data) as unknown),
          search: (key) =>
            (search.all(DEALER, key) as { data: string }[]).map(
              (r) => JSON.parse(r.data) as unknown,
            ),
        }),
      );
    } finally {
      await storage.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }

  const ms = (x: number) => x.toFixed(2).padStart(8);
  const ratio = (x: number) => `${x.toFixed(2)}×`.padStart(7);
  console.log(
    `\n${'store'.padEnd(8)}${'page'.padStart(8)}${'deep'.padStart(8)}${'floor'.padStart(8)}${'ratio'.padStart(7)}` +
      `${'search'.padStart(9)}${'floor'.padStart(8)}${'ratio'.padStart(7)}${'unverified page'.padStart(17)}   (ms, medians of ${RUNS})`,
  );
  let missed = false;
  for (const f of figures) {
    const pageRatio = Math.max(f.page, f.deepPage) / f.pageFloor;
    const searchRatio = f.search / f.searchFloor;
    console.log(
      `${f.store.padEnd(8)}${ms(f.page)}${ms(f.deepPage)}${ms(f.pageFloor)}${ratio(pageRatio)}` +
        `${ms(f.search)} ${ms(f.searchFloor)}${ratio(searchRatio)}` +
        `${ms(f.unverifiedPage)} (${(f.unverifiedPage / f.pageFloor).toFixed(2)}×)`,
    );
    const misses = [
      Math.max(f.page, f.deepPage) >= 20 && 'page ≥ 20 ms',
      pageRatio > 2 && 'page > 2× its floor',
      f.search >= 5 && 'search ≥ 5 ms',
      searchRatio > 2 && 'search > 2× its floor',
    ].filter(Boolean);
    if (misses.length > 0) {
      missed = true;
      console.log(`  ${f.store}: missed ${misses.join(', ')}`);
    }
  }
  process.exit(missed ? 1 : 0);
}

await main();
