/**
 * Storage-port benchmark of `@dealercare/storage-sqlite`, against `@dealercare/storage-memory`
 * in the same run (issue 5):
 *
 *  1. inserting 100,000 visit-like records with 2 timers and 1 event each — batched (1,000 per
 *     transaction) and unbatched (1 per transaction) — records/s, for synchronous=FULL and NORMAL;
 *  2. database size per 100,000 such records;
 *  3. `dueTimers` finding 10,000 due among 1,000,000 timers — ms;
 *  4. when `createEngine` is available: `engine.ingestMany` of 100,000 DMS events
 *     (`vehicle.delivered` / `repair.settled`) in batches of 1,000, fixed clock — events/s; then
 *     a shorter timed-statement run shows how much of an event's time is SQLite's, and the
 *     statements of a 20,000-event ingest, recorded and replayed with plain better-sqlite3, show
 *     the ceiling SQLite itself sets with this schema (also without durability and indexes);
 *  5. the ingest against its floors in one run: the replay of its own statements and the minimal
 *     write set of its storage-port calls (issue 18: engine ≥ 0.7× its rate), and the file's size
 *     against the JSON it holds (issue 18: ≤ 1.1×). `BENCH_ONLY=ingest-ratio` runs only this.
 *
 * Run: pnpm bench sqlite   (or: node --conditions=dealercare-source --import tsx bench/sqlite-storage.bench.ts)
 * Sizes: BENCH_RECORDS, BENCH_UNBATCHED, BENCH_TIMERS, BENCH_DUE, BENCH_EVENTS.
 * BENCH_SQLITE_SRC: the adapter's src/ to measure (default this checkout's).
 * BENCH_RSS=1 also reports storage-memory's resident memory with 1,000,000 stored visits.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type DomainEvent,
  RECORD_KINDS,
  type RecordCountQuery,
  type RecordWrite,
  type StorageAdapter,
  type StorageTransaction,
  type StoredRecord,
  type TimerRecord,
} from '@dealercare/core';
import { memoryStorage } from '@dealercare/storage-memory';
import type BetterSqlite3 from 'better-sqlite3';
// By path: the root workspace does not depend on the sqlite package, so neither it nor
// better-sqlite3 resolve from here by name.
import type { sqliteStorage as SqliteStorage } from '../packages/storage-sqlite/src';
import { medianOf, printRatio } from './ratio';

const Database = createRequire(new URL('../packages/storage-sqlite/package.json', import.meta.url))(
  'better-sqlite3',
) as typeof BetterSqlite3;

// BENCH_SQLITE_SRC: another copy of the adapter's src/ (a before/after comparison: put the older
// one inside packages/storage-sqlite/ so its imports resolve).
const { sqliteStorage } = (await import(
  process.env.BENCH_SQLITE_SRC ?? '../packages/storage-sqlite/src'
)) as { sqliteStorage: typeof SqliteStorage };

const RECORDS = Number(process.env.BENCH_RECORDS ?? 100_000);
const UNBATCHED = Number(process.env.BENCH_UNBATCHED ?? 100_000);
const TIMERS = Number(process.env.BENCH_TIMERS ?? 1_000_000);
const DUE = Number(process.env.BENCH_DUE ?? 10_000);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 100_000);
const BATCH = 1_000;
const DEALERS = 100;
const t0 = Date.parse('2026-03-02T01:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

const dir = mkdtempSync(join(tmpdir(), 'dealercare-sqlite-bench-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

// ---------------------------------------------------------------------------------------------
// Adapters under test

interface Subject {
  readonly label: string;
  readonly storage: StorageAdapter;
  /** Bytes on disk after a checkpoint (sqlite only). */
  readonly size?: () => { bytes: number; tables: Array<[string, number]> };
  readonly close: () => Promise<void>;
}

let files = 0;
function sqliteSubject(synchronous: 'FULL' | 'NORMAL'): Subject {
  const filename = join(dir, `bench-${++files}.db`);
  const db = new Database(filename);
  const storage = sqliteStorage({ filename, database: db, synchronous });
  return {
    label: `sqlite ${synchronous}`,
    storage,
    size: () => {
      db.pragma('wal_checkpoint(TRUNCATE)');
      let tables: Array<[string, number]> = [];
      try {
        // dbstat is compiled into better-sqlite3's SQLite: bytes per table and index.
        tables = db
          .prepare<[], { name: string; bytes: number }>(
            'SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name ORDER BY bytes DESC',
          )
          .all()
          .map((r) => [r.name, r.bytes]);
      } catch {}
      return { bytes: statSync(filename).size + walSize(filename), tables };
    },
    close: async () => {
      await storage.close();
      db.close();
    },
  };
}
function walSize(filename: string): number {
  try {
    return statSync(`${filename}-wal`).size;
  } catch {
    return 0;
  }
}
function memorySubject(): Subject {
  const storage = memoryStorage();
  return { label: 'memory', storage, close: () => storage.close() };
}
const subjects = (): Array<() => Subject> => [
  memorySubject,
  () => sqliteSubject('FULL'),
  () => sqliteSubject('NORMAL'),
];

// ---------------------------------------------------------------------------------------------
// Data: a visit as the engine stores it (~1 KB of JSON), its two timers and its event

/**
 * Which dealer record `i` belongs to. `batch`: each run of 1,000 consecutive records is one
 * dealer's (a DMS sends its own dealer's events); `interleaved`: consecutive records cycle
 * through 100 dealers, so every batch touches every dealer's index pages — the worst case.
 */
type Spread = 'batch' | 'interleaved';
const dealerOf = (i: number, spread: Spread) =>
  `d${(spread === 'batch' ? Math.floor(i / BATCH) : i) % DEALERS}`;

function visitData(i: number, dealerId: string) {
  const at = iso(t0);
  return {
    id: `v${i}`,
    dealerId,
    type: 'postRepair',
    ruleId: 'post-repair-special',
    subject: { customerId: `c${i}`, vehicleId: `car${i}`, repairOrderId: `ro${i}` },
    window: { opensAt: iso(t0 + 86_400_000), dueAt: iso(t0 + 3 * 86_400_000) },
    assignee: { role: 'followUpAgent' },
    attemptPolicy: {
      maxAttempts: 2,
      retryWithin: { days: 2 },
      failedOutcomes: ['no-answer', 'busy', 'switched-off'],
    },
    attempts: [],
    state: 'scheduled',
    version: 1,
    history: [
      {
        at,
        actor: { kind: 'system', id: 'system' },
        command: 'schedule',
        from: null,
        to: 'scheduled',
        rule: 'post-repair-special',
      },
    ],
    note: '保养后回访：询问车辆使用情况与服务满意度',
    createdAt: at,
    updatedAt: at,
  };
}

async function writeVisit(
  tx: StorageTransaction,
  i: number,
  spread: Spread = 'batch',
): Promise<void> {
  const dealerId = dealerOf(i, spread);
  const id = `v${i}`;
  const subject = { kind: 'visit' as const, id };
  const opensAt = t0 + 86_400_000 + (i % 1000);
  await tx.put(
    {
      kind: 'visit',
      id,
      dealerId,
      status: 'scheduled',
      customerId: `c${i}`,
      assigneeRole: 'followUpAgent',
      dueAt: opensAt + 2 * 86_400_000,
      data: visitData(i, dealerId),
    },
    0,
  );
  await tx.putTimers([
    {
      id: `visit:${id}:visit.open`,
      dealerId,
      subject,
      name: 'visit.open',
      dueAt: opensAt,
      payload: { states: ['scheduled'] },
    },
    {
      id: `visit:${id}:visit.overdue`,
      dealerId,
      subject,
      name: 'visit.overdue',
      dueAt: opensAt + 2 * 86_400_000,
      payload: { states: ['open', 'attempting'] },
    },
  ]);
  await tx.appendEvents([
    {
      type: 'visit.scheduled',
      dealerId,
      at: iso(t0),
      subject,
      data: { ruleId: 'post-repair-special' },
    },
  ]);
}

// ---------------------------------------------------------------------------------------------
// Reporting

const rows: Array<[string, string, string]> = [];
function report(what: string, label: string, value: string): void {
  rows.push([what, label, value]);
  console.log(`  ${label.padEnd(34)} ${value}`);
}
const perSecond = (n: number, ms: number) => Math.round((n / ms) * 1000);
const fmt = (n: number) => n.toLocaleString('en-US');
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
function ratio(base: number, other: number, higherIsBetter: boolean): string {
  const r = higherIsBetter ? base / other : other / base;
  return `${r.toFixed(1)}×`;
}

// ---------------------------------------------------------------------------------------------
// 1 + 2. inserts

async function insertBatched(): Promise<void> {
  console.log(
    `\n1a. insert ${fmt(RECORDS)} visits (+2 timers +1 event each), ${fmt(BATCH)} per transaction`,
  );
  const rates: Record<string, number> = {};
  const runs: Array<[() => Subject, Spread]> = [
    ...subjects().map((make): [() => Subject, Spread] => [make, 'batch']),
    [memorySubject, 'interleaved'],
    [() => sqliteSubject('FULL'), 'interleaved'],
  ];
  for (const [make, spread] of runs) {
    const s = make();
    const label = spread === 'batch' ? s.label : `${s.label}, 100 dealers per batch`;
    const start = performance.now();
    for (let from = 0; from < RECORDS; from += BATCH) {
      await s.storage.transaction(async (tx) => {
        for (let i = from; i < Math.min(RECORDS, from + BATCH); i++)
          await writeVisit(tx, i, spread);
      });
    }
    const ms = performance.now() - start;
    rates[label] = perSecond(RECORDS, ms);
    report(
      'insert batched',
      label,
      `${fmt(rates[label]!)} records/s (${(ms / 1000).toFixed(2)} s)`,
    );
    if (s.size && label === 'sqlite FULL') {
      const { bytes, tables } = s.size();
      const per100k = (bytes / RECORDS) * 100_000;
      report(
        'db size / 100k visits',
        label,
        `${mib(per100k)} per 100,000 visits (${fmt(Math.round(bytes / RECORDS))} B/visit incl. 2 timers, 1 event, indexes)`,
      );
      if (tables.length > 0) {
        console.log(
          `  ${''.padEnd(34)} by table/index: ${tables
            .slice(0, 8)
            .map(([n, b]) => `${n} ${mib(b)}`)
            .join(', ')}`,
        );
      }
    }
    await s.close();
  }
  console.log(
    `  ratio memory / sqlite FULL: ${ratio(rates.memory!, rates['sqlite FULL']!, true)}, memory / sqlite NORMAL: ${ratio(rates.memory!, rates['sqlite NORMAL']!, true)}; 100 dealers per batch: ${ratio(rates['memory, 100 dealers per batch']!, rates['sqlite FULL, 100 dealers per batch']!, true)}`,
  );
}

async function insertUnbatched(): Promise<void> {
  console.log(`\n1b. insert ${fmt(UNBATCHED)} visits (+2 timers +1 event each), 1 per transaction`);
  const rates: Record<string, number> = {};
  for (const make of subjects()) {
    const s = make();
    const start = performance.now();
    for (let i = 0; i < UNBATCHED; i++) await s.storage.transaction((tx) => writeVisit(tx, i));
    const ms = performance.now() - start;
    rates[s.label] = perSecond(UNBATCHED, ms);
    report(
      'insert unbatched',
      s.label,
      `${fmt(rates[s.label]!)} records/s (${(ms / 1000).toFixed(2)} s)`,
    );
    await s.close();
  }
  console.log(
    `  ratio memory / sqlite FULL: ${ratio(rates.memory!, rates['sqlite FULL']!, true)}, memory / sqlite NORMAL: ${ratio(rates.memory!, rates['sqlite NORMAL']!, true)}, NORMAL / FULL: ${ratio(rates['sqlite NORMAL']!, rates['sqlite FULL']!, true)}`,
  );
}

// ---------------------------------------------------------------------------------------------
// 3. dueTimers

async function dueTimers(): Promise<void> {
  console.log(
    `\n3. dueTimers: ${fmt(DUE)} due among ${fmt(TIMERS)} timers (median of 5; first run in brackets)`,
  );
  const now = t0 + 3_600_000;
  const times: Record<string, number> = {};
  for (const make of subjects().slice(0, 2)) {
    const s = make();
    const fillStart = performance.now();
    const CHUNK = 50_000;
    for (let from = 0; from < TIMERS; from += CHUNK) {
      await s.storage.transaction(async (tx) => {
        const timers: TimerRecord[] = [];
        for (let i = from; i < Math.min(TIMERS, from + CHUNK); i++) {
          // The first DUE are due within the hour, the rest next month; spread over 100 dealers.
          const dueAt = i < DUE ? t0 + (i % 3600) * 1000 : t0 + 30 * 86_400_000 + i;
          timers.push({
            id: `visit:v${i}:visit.overdue`,
            dealerId: `d${i % DEALERS}`,
            subject: { kind: 'visit', id: `v${i}` },
            name: 'visit.overdue',
            dueAt,
            payload: { states: ['open', 'attempting'] },
          });
        }
        await tx.putTimers(timers);
      });
    }
    const fillMs = performance.now() - fillStart;
    const runs: number[] = [];
    let found = 0;
    for (let r = 0; r < 5; r++) {
      const start = performance.now();
      found = (await s.storage.transaction((tx) => tx.dueTimers(now, DUE))).length;
      runs.push(performance.now() - start);
    }
    const median = [...runs].sort((a, b) => a - b)[2]!;
    times[s.label] = median;
    report(
      'dueTimers',
      s.label,
      `${median.toFixed(1)} ms [${runs[0]!.toFixed(1)} ms] for ${fmt(found)} timers (fill: ${(fillMs / 1000).toFixed(1)} s)`,
    );
    await s.close();
  }
  console.log(
    `  ratio sqlite FULL / memory: ${ratio(times.memory!, times['sqlite FULL']!, false)} (target < 100 ms: ${times['sqlite FULL']! < 100 ? 'met' : 'NOT met'})`,
  );
}

// ---------------------------------------------------------------------------------------------
// 4. engine.ingestMany (when the engine is there)

interface EngineLike {
  ingestMany(events: readonly unknown[]): Promise<unknown[]>;
  close(): Promise<void>;
}

function dmsEvent(i: number) {
  const dealerId = `d${i % DEALERS}`;
  const customer = {
    id: `c${i}`,
    name: `客户${i}`,
    phones: [{ number: `+86 138 ${String(10_000_000 + i).slice(-8)}` }],
  };
  const vehicle = {
    id: `car${i}`,
    vin: `LSVAU2180N${String(1_000_000 + i).slice(-7)}`,
    model: 'Lavida',
  };
  const occurredAt = iso(t0 - 3_600_000);
  return i % 2 === 0
    ? {
        type: 'vehicle.delivered',
        sourceId: `dms-${i}`,
        dealerId,
        occurredAt,
        customer,
        vehicle,
        salesConsultantId: `sc${i % 17}`,
      }
    : {
        type: 'repair.settled',
        sourceId: `dms-${i}`,
        dealerId,
        occurredAt,
        customer,
        vehicle,
        repairOrderId: `ro${i}`,
        repairKind: 'maintenance',
        serviceAdvisorId: `sa${i % 13}`,
      };
}

type CreateEngine = (options: { storage: StorageAdapter; clock: unknown }) => EngineLike;
type CreateFakeClock = (start: Date) => unknown;

/** Ingests events 0…n-1 in batches of `BATCH` with a fresh engine on `storage`; returns the ms. */
async function timedIngest(
  createEngine: CreateEngine,
  createFakeClock: CreateFakeClock,
  storage: StorageAdapter,
  n: number,
): Promise<number> {
  const engine = createEngine({ storage, clock: createFakeClock(new Date(t0)) });
  const start = performance.now();
  for (let from = 0; from < n; from += BATCH) {
    const batch = [];
    for (let i = from; i < Math.min(n, from + BATCH); i++) batch.push(dmsEvent(i));
    await engine.ingestMany(batch);
  }
  return performance.now() - start;
}

async function engineIngest(): Promise<void> {
  let createEngine: CreateEngine | undefined;
  let createFakeClock: CreateFakeClock | undefined;
  try {
    const core = (await import('@dealercare/core')) as Record<string, unknown>;
    createEngine = core.createEngine as typeof createEngine;
    createFakeClock = core.createFakeClock as typeof createFakeClock;
  } catch (error) {
    console.log(
      `\n4. engine.ingestMany: skipped (core does not load: ${(error as Error).message.split('\n')[0]})`,
    );
    return;
  }
  if (typeof createEngine !== 'function' || typeof createFakeClock !== 'function') {
    console.log('\n4. engine.ingestMany: skipped (createEngine or createFakeClock missing)');
    return;
  }
  console.log(
    `\n4. engine.ingestMany: ${fmt(EVENTS)} DMS events (deliveries and repairs), ${fmt(BATCH)} per batch, fixed clock`,
  );
  const rates: Record<string, number> = {};
  for (const make of subjects()) {
    const s = make();
    const ms = await timedIngest(createEngine, createFakeClock, s.storage, EVENTS);
    rates[s.label] = perSecond(EVENTS, ms);
    report(
      'engine.ingestMany',
      s.label,
      `${fmt(rates[s.label]!)} events/s (${(ms / 1000).toFixed(2)} s)`,
    );
    if (s.size) report('db size after ingest', s.label, mib(s.size().bytes));
    await s.close();
  }
  const full = rates['sqlite FULL']!;
  console.log(
    `  ratio memory / sqlite FULL: ${ratio(rates.memory!, full, true)}; target ≥ 20,000 events/s batched: ${full >= 20_000 ? 'met' : 'NOT met'}`,
  );
  await ingestBreakdown(createEngine, createFakeClock);
  await statementCeiling(createEngine, createFakeClock);
  await ingestRatio(createEngine, createFakeClock, Math.min(EVENTS, 20_000), 3);
  await ingestGrowth(createEngine, createFakeClock, 10);
}

type StatementMethod = 'run' | 'get' | 'all';

/**
 * Runs `fn` with every better-sqlite3 statement call (`run`/`get`/`all`) reported to `observe`
 * with its SQL, arguments and duration; the statements are restored afterwards.
 */
async function spyOnStatements<T>(
  observe: (method: StatementMethod, source: string, args: unknown[], ms: number) => void,
  fn: () => Promise<T>,
): Promise<T> {
  const proto = Object.getPrototypeOf(new Database(':memory:').prepare('SELECT 1')) as Record<
    StatementMethod,
    (this: { source: string }, ...args: unknown[]) => unknown
  >;
  const originals = { run: proto.run, get: proto.get, all: proto.all };
  for (const method of ['run', 'get', 'all'] as const) {
    const original = originals[method];
    proto[method] = function (this: { source: string }, ...args: unknown[]) {
      const start = performance.now();
      try {
        return original.apply(this, args);
      } finally {
        observe(method, this.source, args, performance.now() - start);
      }
    };
  }
  try {
    return await fn();
  } finally {
    Object.assign(proto, originals);
  }
}

/**
 * Where an ingested event's time goes on SQLite: a separate, shorter ingest (timing every
 * statement costs a little itself) with each better-sqlite3 statement's `run`/`get`/`all` timed,
 * grouped by SQL. What is not in a statement is the engine's JavaScript.
 */
async function ingestBreakdown(createEngine: CreateEngine, createFakeClock: CreateFakeClock) {
  const n = Math.min(EVENTS, 10_000);
  const s = sqliteSubject('FULL');
  const spent = new Map<string, { calls: number; ms: number }>();
  try {
    const total = await spyOnStatements(
      (_method, source, _args, ms) => {
        // The statement's opening words name it (`INSERT INTO records`, `SELECT kind, … FROM …`).
        const sql = source.replace(/\s+/g, ' ').trim();
        const key = sql.length > 60 ? `${sql.slice(0, 60)}…` : sql;
        const entry = spent.get(key) ?? { calls: 0, ms: 0 };
        entry.calls++;
        entry.ms += ms;
        spent.set(key, entry);
      },
      () => timedIngest(createEngine, createFakeClock, s.storage, n),
    );
    const sql = [...spent.values()].reduce((sum, e) => sum + e.ms, 0);
    const perEvent = (ms: number) => `${((ms * 1000) / n).toFixed(1)} µs`;
    console.log(
      `  where an event's time goes (sqlite FULL, ${fmt(n)} events timed statement by statement): ${perEvent(total)} per event, SQLite statements ${perEvent(sql)} (${((sql / total) * 100).toFixed(0)} %), the engine's JavaScript ${perEvent(total - sql)}`,
    );
    for (const [key, e] of [...spent].sort((a, b) => b[1].ms - a[1].ms).slice(0, 8)) {
      console.log(
        `    ${perEvent(e.ms).padStart(9)}  ${(e.calls >= n / 10 ? `${(e.calls / n).toFixed(2)} per event` : `${e.calls} in all`).padStart(14)}  ${key}`,
      );
    }
  } finally {
    await s.close();
  }
}

/**
 * The ceiling SQLite itself puts on ingest with this schema: the exact statements (SQL and
 * arguments, `BEGIN IMMEDIATE` and `COMMIT` included) that an ingest of `n` events issued,
 * recorded, then replayed in the same order with plain better-sqlite3 on a fresh file with the
 * same schema and pragmas — no engine, no adapter, no JavaScript but the replay loop. No code
 * change above SQLite can ingest faster than this. Without the secondary indexes it is the floor
 * of any schema that stores these rows; `synchronous=OFF` shows what durability costs.
 */
async function statementCeiling(createEngine: CreateEngine, createFakeClock: CreateFakeClock) {
  const n = Math.min(EVENTS, 20_000);
  const calls = await recordStatements(createEngine, createFakeClock, n);
  const perEvent = calls.length / n;
  console.log(
    `  the statements alone: ${fmt(n)} events' ${fmt(calls.length)} recorded statement calls (${perEvent.toFixed(1)} per event) replayed with plain better-sqlite3 on a fresh file:`,
  );
  const variants = [
    { synchronous: 'FULL', bare: false },
    { synchronous: 'NORMAL', bare: false },
    // The floor of any schema that keeps these rows durably enough for the issue (NORMAL under
    // WAL): no secondary index at all (the queries would then scan), only primary keys and
    // unique constraints.
    { synchronous: 'NORMAL', bare: true },
    // What durability costs: no fsync at all (not an option for a DMS; for comparison only).
    { synchronous: 'OFF', bare: false },
    { synchronous: 'OFF', bare: true },
  ] as const;
  for (const { synchronous, bare } of variants) {
    const ms = await replayStatements(calls, synchronous, bare);
    const rate = perSecond(n, ms);
    report(
      'SQLite statements only',
      `sqlite ${synchronous}${bare ? ', no secondary index' : ''}`,
      `${fmt(rate)} events/s (${((ms * 1000) / n).toFixed(0)} µs per event) — ${rate >= 20_000 ? 'above' : 'below'} the 20,000/s target`,
    );
  }
}

type StatementCall = { method: StatementMethod; source: string; args: unknown[] };

/** Records the statement calls an ingest of `n` events makes on a fresh file (sqlite FULL). */
async function recordStatements(
  createEngine: CreateEngine,
  createFakeClock: CreateFakeClock,
  n: number,
): Promise<StatementCall[]> {
  const calls: StatementCall[] = [];
  const recorded = sqliteSubject('FULL');
  try {
    await spyOnStatements(
      (method, source, args) => calls.push({ method, source, args }),
      () => timedIngest(createEngine, createFakeClock, recorded.storage, n),
    );
  } finally {
    await recorded.close();
  }
  return calls;
}

/**
 * Replays recorded statement calls with plain better-sqlite3 on a fresh file with the adapter's
 * schema and pragmas (`bare`: without the secondary indexes); returns the ms of the replay.
 */
async function replayStatements(
  calls: readonly StatementCall[],
  synchronous: 'FULL' | 'NORMAL' | 'OFF',
  bare: boolean,
): Promise<number> {
  const filename = join(dir, `replay-${++files}.db`);
  const db = new Database(filename);
  // The adapter creates the schema and sets the pragmas; the replay then runs alone.
  await sqliteStorage({ filename, database: db, synchronous: 'FULL' }).close();
  db.pragma(`synchronous = ${synchronous}`);
  if (bare) {
    const indexes = db
      .prepare<[], { name: string }>(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'",
      )
      .all();
    for (const { name } of indexes) db.exec(`DROP INDEX "${name}"`);
  }
  const prepared = new Map<string, BetterSqlite3.Statement>();
  const statement = (source: string) => {
    let st = prepared.get(source);
    if (st === undefined) {
      st = db.prepare(source);
      prepared.set(source, st);
    }
    return st;
  };
  for (const c of calls) statement(c.source); // prepared before the clock starts
  const start = performance.now();
  for (const c of calls) {
    const st = statement(c.source);
    if (c.method === 'run') st.run(...c.args);
    else if (c.method === 'get') st.get(...c.args);
    else st.all(...c.args);
  }
  const ms = performance.now() - start;
  db.close();
  return ms;
}

/**
 * Ingest against its write floors, in one run: the engine's `ingestMany` of `n` events into a
 * fresh SQLite file (FULL) against (a) a plain better-sqlite3 replay of the very statements such
 * an ingest issues (same schema, pragmas and transactions) and (b) the minimal write set of the
 * same port calls (`minimalSteps`: same transactions, `synchronous=FULL`), each timed `reps`
 * times alternately, medians compared. Also the file's size against the JSON it stores.
 */
async function ingestRatio(
  createEngine: CreateEngine,
  createFakeClock: CreateFakeClock,
  n: number,
  reps: number,
): Promise<void> {
  const calls = await recordStatements(createEngine, createFakeClock, n);
  const steps = minimalSteps(await recordPortCalls(createEngine, createFakeClock, n));
  const engine: number[] = [];
  const floor: number[] = [];
  const minimal: number[] = [];
  let fileBytes = 0;
  let jsonBytes = 0;
  let minimalBytes = 0;
  for (let r = 0; r < reps; r++) {
    const s = sqliteSubject('FULL');
    try {
      engine.push(await timedIngest(createEngine, createFakeClock, s.storage, n));
      if (r === 0) {
        fileBytes = s.size!().bytes;
        jsonBytes = await storedJsonBytes(s.storage);
      }
    } finally {
      await s.close();
    }
    floor.push(await replayStatements(calls, 'FULL', false));
    const m = replayMinimal(steps);
    minimal.push(m.ms);
    minimalBytes = m.bytes;
  }
  const e = medianOf(engine);
  const f = medianOf(floor);
  const m = medianOf(minimal);
  const reads = new Set(['get', 'countByAssignee', 'countByStatus', 'begin', 'commit']);
  const writes = steps.filter(([k]) => !reads.has(k)).length;
  console.log(
    `  ingest against its write floors (sqlite FULL, ${fmt(n)} events, ${fmt(BATCH)} per transaction, median of ${reps}): engine ${fmt(perSecond(n, e))} events/s, its statements replayed ${fmt(perSecond(n, f))} events/s, the minimal write set ${fmt(perSecond(n, m))} events/s (${(writes / n).toFixed(1)} writing statements per event)`,
  );
  printRatio({
    name: 'ingest.engine/statementReplay',
    of: 'engine ingestMany time',
    floor: 'replay of its SQLite statements',
    ratio: e / f,
    better: 'lower',
  });
  printRatio({
    name: 'ingest.engine/minimalWriteSet',
    of: 'engine ingestMany events/s',
    floor: 'minimal write set events/s',
    ratio: m / e,
    better: 'higher',
    target: 0.7,
  });
  const per100k = (bytes: number) => mib((bytes / n) * 100_000);
  console.log(
    `  file size per 100,000 DMS events (deliveries and repairs): ${per100k(fileBytes)}; the JSON of the records, events and timers it holds ${per100k(jsonBytes)}; the minimal write set's file ${per100k(minimalBytes)} (${(minimalBytes / jsonBytes).toFixed(2)}×)`,
  );
  printRatio({
    name: 'ingest.file/json',
    of: 'SQLite file bytes',
    floor: 'bytes of the JSON it stores',
    ratio: fileBytes / jsonBytes,
    better: 'lower',
    target: 1.1,
  });
}

/**
 * Whether ingest stays flat as one dealer's store grows: `batches` batches of `BATCH` events for
 * a single dealer, each event a new customer, on SQLite (FULL) and in memory; the time of the
 * last batch against the second's (the first warms the code up). An engine or adapter that
 * reads all of a dealer's visits per event (as a query by customer did, until schema 6 and the
 * memory adapter's index by customer) takes about `batches - 1` times as long for the last batch
 * as for the second; a flat ingest about 1×. Prints `ingest.lastBatch/secondBatch` for SQLite:
 * in memory the batches get faster as the code warms (1.4 to 2.8 thousand events/s), which
 * hides most of such a slope (1.95× before the index), so its figures are printed, not held.
 */
async function ingestGrowth(
  createEngine: CreateEngine,
  createFakeClock: CreateFakeClock,
  batches: number,
): Promise<void> {
  const ratios: string[] = [];
  let sqliteRatio = 0;
  for (const make of [() => sqliteSubject('FULL'), memorySubject]) {
    const s = make();
    try {
      const engine = createEngine({ storage: s.storage, clock: createFakeClock(new Date(t0)) });
      const times: number[] = [];
      for (let b = 0; b < batches; b++) {
        const batch = [];
        for (let i = b * BATCH; i < (b + 1) * BATCH; i++)
          batch.push({ ...dmsEvent(i), dealerId: 'd0' });
        const start = performance.now();
        await engine.ingestMany(batch);
        times.push(performance.now() - start);
      }
      if (s.label.startsWith('sqlite')) sqliteRatio = times[batches - 1]! / times[1]!;
      ratios.push(`${s.label} ${times.map((t) => fmt(perSecond(BATCH, t))).join(' → ')} events/s`);
    } finally {
      await s.close();
    }
  }
  console.log(
    `  ingest as one dealer grows (${batches} batches of ${fmt(BATCH)} events): ${ratios.join('; ')}`,
  );
  printRatio({
    name: 'ingest.lastBatch/secondBatch',
    of: 'SQLite: time of the last batch',
    floor: 'time of the second batch, same dealer',
    ratio: sqliteRatio,
    better: 'lower',
  });
}

// ---------------------------------------------------------------------------------------------
// The minimal write set (issue 18): the floor the engine's ingest is held to

/** One call the engine made on a storage transaction, with what it returned. */
type PortCall =
  | { readonly op: 'begin' | 'commit' | 'rollback' }
  | { readonly op: string; readonly args: unknown[]; readonly result: unknown };

/**
 * Records the storage-port calls (and their results) of an ingest of `n` events on a fresh
 * SQLite file, transaction boundaries included.
 */
async function recordPortCalls(
  createEngine: CreateEngine,
  createFakeClock: CreateFakeClock,
  n: number,
): Promise<PortCall[]> {
  const calls: PortCall[] = [];
  const s = sqliteSubject('FULL');
  const recording: StorageAdapter = {
    name: s.storage.name,
    transaction: (fn) =>
      s.storage.transaction(async (tx) => {
        calls.push({ op: 'begin' });
        const proxy = new Proxy(tx, {
          get(target, op: string) {
            const value = Reflect.get(target, op) as unknown;
            if (typeof value !== 'function') return value;
            return async (...args: unknown[]) => {
              const result = await (value as (...a: unknown[]) => Promise<unknown>).apply(
                target,
                args,
              );
              calls.push({ op, args, result });
              return result;
            };
          },
        });
        try {
          const result = await fn(proxy);
          calls.push({ op: 'commit' });
          return result;
        } catch (error) {
          calls.push({ op: 'rollback' });
          throw error;
        }
      }),
    close: () => s.storage.close(),
  };
  try {
    await timedIngest(createEngine, createFakeClock, recording, n);
  } finally {
    await s.close();
  }
  return calls;
}

/**
 * The least a store with the same guarantees writes for the rows an ingest keeps: the same
 * records with the indexes the work lists and lookups need, the lookup keys (kept in the record's
 * row too, so replacing them needs no index by record), the event log without `AUTOINCREMENT`,
 * timers keyed by (due, subject, name) without a text id, one index by subject, and the
 * idempotency keys. `synchronous=FULL` under WAL, as the adapter.
 */
const MINIMAL_SCHEMA = `
CREATE TABLE records (
  dealer_id TEXT NOT NULL, kind TEXT NOT NULL, id TEXT NOT NULL, version INTEGER NOT NULL,
  status TEXT NOT NULL, customer_id TEXT, assignee_role TEXT, assignee_id TEXT, due_at INTEGER,
  type TEXT, outlet_id TEXT, opens_at INTEGER, data TEXT NOT NULL, keys TEXT,
  PRIMARY KEY (dealer_id, kind, id)) STRICT;
CREATE INDEX records_by_status     ON records (dealer_id, kind, status, id);
CREATE INDEX records_by_customer   ON records (dealer_id, kind, customer_id)   WHERE customer_id   IS NOT NULL;
CREATE INDEX records_by_role       ON records (dealer_id, kind, assignee_role) WHERE assignee_role IS NOT NULL;
CREATE INDEX records_by_due        ON records (dealer_id, kind, due_at, id)              WHERE due_at      IS NOT NULL;
CREATE INDEX records_by_status_due ON records (dealer_id, kind, status, due_at, id)      WHERE due_at      IS NOT NULL;
CREATE INDEX records_by_assignee   ON records (dealer_id, kind, assignee_id, due_at, id) WHERE assignee_id IS NOT NULL;
CREATE INDEX records_by_opening    ON records (dealer_id, kind, status, opens_at, id)    WHERE opens_at    IS NOT NULL;
CREATE TABLE record_keys (dealer_id TEXT NOT NULL, kind TEXT NOT NULL, key TEXT NOT NULL, id TEXT NOT NULL,
  PRIMARY KEY (dealer_id, kind, key, id)) STRICT, WITHOUT ROWID;
CREATE TABLE events (seq INTEGER PRIMARY KEY, dealer_id TEXT NOT NULL, type TEXT NOT NULL, at TEXT NOT NULL,
  subject_kind TEXT NOT NULL, subject_id TEXT NOT NULL, data TEXT NOT NULL) STRICT;
CREATE INDEX events_by_dealer  ON events (dealer_id, seq);
CREATE INDEX events_by_subject ON events (dealer_id, subject_kind, subject_id, seq);
CREATE TABLE timers (due_at INTEGER NOT NULL, subject_kind TEXT NOT NULL, subject_id TEXT NOT NULL,
  name TEXT NOT NULL, dealer_id TEXT NOT NULL, payload TEXT NOT NULL,
  PRIMARY KEY (due_at, subject_kind, subject_id, name)) STRICT, WITHOUT ROWID;
CREATE INDEX timers_by_subject ON timers (subject_kind, subject_id, name);
CREATE TABLE idempotency_keys (dealer_id TEXT NOT NULL, key TEXT NOT NULL, fingerprints TEXT,
  PRIMARY KEY (dealer_id, key)) STRICT, WITHOUT ROWID;
`;

const MINIMAL_SQL = {
  begin: 'BEGIN IMMEDIATE',
  commit: 'COMMIT',
  rollback: 'ROLLBACK',
  get: 'SELECT data FROM records WHERE dealer_id = ? AND kind = ? AND id = ?',
  countByAssignee:
    'SELECT status, count(*) FROM records WHERE dealer_id = ? AND kind = ? AND assignee_id = ? GROUP BY status',
  countByStatus:
    'SELECT status, count(*) FROM records WHERE dealer_id = ? AND kind = ? GROUP BY status',
  insertRecord: `INSERT INTO records (dealer_id, kind, id, version, status, customer_id, assignee_role, assignee_id,
    due_at, type, outlet_id, opens_at, data, keys) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  updateRecord: `UPDATE records SET version = ?, status = ?, customer_id = ?, assignee_role = ?, assignee_id = ?,
    due_at = ?, type = ?, outlet_id = ?, opens_at = ?, data = ?, keys = coalesce(?, keys)
    WHERE dealer_id = ? AND kind = ? AND id = ? AND version = ?`,
  insertKey:
    'INSERT INTO record_keys (dealer_id, kind, key, id) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
  dropKey: 'DELETE FROM record_keys WHERE dealer_id = ? AND kind = ? AND key = ? AND id = ?',
  insertEvent:
    'INSERT INTO events (dealer_id, type, at, subject_kind, subject_id, data) VALUES (?, ?, ?, ?, ?, ?)',
  insertTimer:
    'INSERT INTO timers (due_at, subject_kind, subject_id, name, dealer_id, payload) VALUES (?, ?, ?, ?, ?, ?)',
  dropTimer:
    'DELETE FROM timers WHERE due_at = ? AND subject_kind = ? AND subject_id = ? AND name = ?',
  cancelTimers: 'DELETE FROM timers WHERE subject_kind = ? AND subject_id = ? AND dealer_id = ?',
  claimKey:
    'INSERT INTO idempotency_keys (dealer_id, key, fingerprints) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
  addFingerprint:
    "UPDATE idempotency_keys SET fingerprints = fingerprints || ' ' || ? WHERE dealer_id = ? AND key = ?",
} as const;
type MinimalStep = readonly [keyof typeof MINIMAL_SQL, readonly unknown[]];

/**
 * The minimal write set's statements for recorded port calls, their values prepared (JSON
 * stringified) in advance like the replay's. Reads that found nothing are not replayed: the
 * insert's `ON CONFLICT DO NOTHING` says the same. Fails loudly on a call it cannot translate.
 */
function minimalSteps(calls: readonly PortCall[]): MinimalStep[] {
  const steps: MinimalStep[] = [];
  type Timer = { dueAt: number; kind: string; subjectId: string; name: string; dealerId: string };
  const timers = new Map<string, Timer>();
  const keysOf = new Map<string, readonly string[]>();
  const dropTimer = (id: string) => {
    const t = timers.get(id);
    if (t === undefined) return;
    steps.push(['dropTimer', [t.dueAt, t.kind, t.subjectId, t.name]]);
    timers.delete(id);
  };
  const putRecord = (r: Omit<StoredRecord, 'version'>, expected: number) => {
    const columns = [
      r.status,
      r.customerId ?? null,
      r.assigneeRole ?? null,
      r.assigneeId ?? null,
      r.dueAt ?? null,
      r.type ?? null,
      r.outletId ?? null,
      r.opensAt ?? null,
      JSON.stringify(r.data),
      r.keys === undefined ? null : JSON.stringify(r.keys),
    ];
    if (expected === 0) {
      steps.push(['insertRecord', [r.dealerId, r.kind, r.id, 1, ...columns]]);
    } else {
      steps.push(['updateRecord', [expected + 1, ...columns, r.dealerId, r.kind, r.id, expected]]);
    }
    if (r.keys !== undefined) {
      const at = `${r.dealerId}/${r.kind}/${r.id}`;
      const before = new Set(keysOf.get(at) ?? []);
      const after = new Set(r.keys);
      for (const k of before)
        if (!after.has(k)) steps.push(['dropKey', [r.dealerId, r.kind, k, r.id]]);
      for (const k of after)
        if (!before.has(k)) steps.push(['insertKey', [r.dealerId, r.kind, k, r.id]]);
      keysOf.set(at, r.keys);
    }
  };
  for (const call of calls) {
    if (!('args' in call)) {
      steps.push([call.op as 'begin' | 'commit' | 'rollback', []]);
      continue;
    }
    const { op, args, result } = call;
    const empty = result === undefined || (Array.isArray(result) && result.length === 0);
    switch (op) {
      case 'get':
        if (!empty) steps.push(['get', [args[1], args[0], args[2]]]);
        break;
      case 'query':
      case 'findByKey':
        // A query that found rows (a duty's pending visit, a customer's open items): at the
        // least, a point read of each row it found.
        for (const r of result as StoredRecord[]) steps.push(['get', [r.dealerId, r.kind, r.id]]);
        break;
      case 'getMany':
        (args[2] as string[]).forEach((id, i) => {
          if ((result as unknown[])[i] !== undefined) steps.push(['get', [args[1], args[0], id]]);
        });
        break;
      case 'put':
        putRecord(args[0] as Omit<StoredRecord, 'version'>, args[1] as number);
        break;
      case 'putMany':
        for (const w of args[0] as RecordWrite[]) putRecord(w.record, w.expectedVersion);
        break;
      case 'countByStatus': {
        // A count of an assignee's (or a kind's) records by status: one read of the index.
        const q = args[0] as RecordCountQuery;
        if (q.assigneeId !== undefined)
          steps.push(['countByAssignee', [q.dealerId, q.kind, q.assigneeId]]);
        else steps.push(['countByStatus', [q.dealerId, q.kind]]);
        break;
      }
      case 'appendEvents':
        for (const e of args[0] as DomainEvent[]) {
          steps.push([
            'insertEvent',
            [e.dealerId, e.type, e.at, e.subject.kind, e.subject.id, JSON.stringify(e.data)],
          ]);
        }
        break;
      case 'putTimers':
        for (const t of args[0] as TimerRecord[]) {
          dropTimer(t.id);
          const timer = {
            dueAt: t.dueAt,
            kind: t.subject.kind,
            subjectId: t.subject.id,
            name: t.name,
            dealerId: t.dealerId,
          };
          timers.set(t.id, timer);
          steps.push([
            'insertTimer',
            [t.dueAt, t.subject.kind, t.subject.id, t.name, t.dealerId, JSON.stringify(t.payload)],
          ]);
        }
        break;
      case 'cancelTimers': {
        const [dealerId, subject] = args as [string, { kind: string; id: string }];
        steps.push(['cancelTimers', [subject.kind, subject.id, dealerId]]);
        for (const [id, t] of timers)
          if (t.dealerId === dealerId && t.kind === subject.kind && t.subjectId === subject.id)
            timers.delete(id);
        break;
      }
      case 'claimTimer':
        if (result === true) dropTimer(args[0] as string);
        break;
      case 'claimTimers':
        for (const id of result as string[]) dropTimer(id);
        break;
      case 'claimKey':
        steps.push(['claimKey', [args[0], args[1], null]]);
        break;
      case 'claimSource':
        steps.push(['claimKey', [args[0], args[1], args[2]]]);
        if (result === 'changed') steps.push(['addFingerprint', [args[2], args[0], args[1]]]);
        break;
      default:
        // Every port call the ingest makes is translated above; a new one (a batch form of a
        // write, say) must be added there, not dropped from the floor unseen.
        throw new Error(`the minimal write set does not replay ${op}`);
    }
  }
  return steps;
}

/** Runs the minimal write set's steps on a fresh file; returns the ms and the file's bytes. */
function replayMinimal(steps: readonly MinimalStep[]): { ms: number; bytes: number } {
  const filename = join(dir, `minimal-${++files}.db`);
  const db = new Database(filename);
  // The adapter's page size for new files, so the floor's file is laid out alike.
  db.pragma('page_size = 16384');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma(`cache_size = ${-1024 * 64}`);
  db.exec(MINIMAL_SCHEMA);
  const prepared = new Map(
    Object.entries(MINIMAL_SQL).map(([k, sql]) => [k, db.prepare(sql)] as const),
  );
  const start = performance.now();
  for (const [k, args] of steps) {
    const st = prepared.get(k)!;
    if (k === 'get') st.get(...args);
    else if (k === 'countByAssignee' || k === 'countByStatus') st.all(...args);
    else st.run(...args);
  }
  const ms = performance.now() - start;
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return { ms, bytes: statSync(filename).size };
}

/**
 * What an ingest stored, as JSON: every record, event and timer as the port returns it (the
 * idempotency keys are not counted: the port does not hand them out).
 */
async function storedJsonBytes(storage: StorageAdapter): Promise<number> {
  const bytes = (x: unknown) => Buffer.byteLength(JSON.stringify(x));
  return storage.transaction(async (tx) => {
    let total = 0;
    for (let d = 0; d < DEALERS; d++) {
      const dealerId = `d${d}`;
      for (const kind of RECORD_KINDS)
        for (const r of await tx.query({ dealerId, kind, limit: Number.POSITIVE_INFINITY }))
          total += bytes(r);
      for (const e of await tx.readEvents({ dealerId, limit: Number.POSITIVE_INFINITY }))
        total += bytes(e);
    }
    for (const t of await tx.dueTimers(Number.MAX_SAFE_INTEGER, Number.POSITIVE_INFINITY))
      total += bytes(t);
    return total;
  });
}

// ---------------------------------------------------------------------------------------------
// 5. storage-memory's resident memory with 1,000,000 visits (opt-in: needs a few GB)

async function memoryRss(): Promise<void> {
  if (process.env.BENCH_RSS !== '1') return;
  const n = 1_000_000;
  console.log(
    `\n5. storage-memory resident memory with ${fmt(n)} visits (+2 timers +1 event each)`,
  );
  globalThis.gc?.();
  const before = process.memoryUsage().rss;
  const storage = memoryStorage();
  for (let from = 0; from < n; from += 10_000) {
    await storage.transaction(async (tx) => {
      for (let i = from; i < from + 10_000; i++) await writeVisit(tx, i);
    });
  }
  globalThis.gc?.();
  const after = process.memoryUsage();
  report(
    'memory rss / 1M visits',
    'memory',
    `${mib(after.rss - before)} RSS growth (heap used ${mib(after.heapUsed)})`,
  );
  await storage.close();
}

console.log(
  `dealercare storage benchmark — node ${process.version}, sqlite ${new Database(':memory:').prepare('SELECT sqlite_version() AS v').pluck().get()}`,
);
if (process.env.BENCH_ONLY === 'ingest-ratio') {
  // bench:check: the ingest ratio alone, at BENCH_EVENTS events.
  const core = await import('@dealercare/core');
  await ingestRatio(
    core.createEngine as unknown as CreateEngine,
    core.createFakeClock as unknown as CreateFakeClock,
    EVENTS,
    Number(process.env.BENCH_REPS ?? 3),
  );
  const growth = Number(process.env.BENCH_GROWTH_BATCHES ?? 6);
  if (growth >= 3) {
    await ingestGrowth(
      core.createEngine as unknown as CreateEngine,
      core.createFakeClock as unknown as CreateFakeClock,
      growth,
    );
  }
} else {
  await insertBatched();
  await insertUnbatched();
  await dueTimers();
  await engineIngest();
  await memoryRss();
}
