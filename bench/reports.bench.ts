/**
 * Benchmark of `@dealercare/reports`: the monthly report (follow-up + satisfaction) over many
 * visits that carry survey responses, in memory. Target: under 2 s for 1,000,000 visits with
 * 1,000,000 responses (the responses are stored on the visits).
 *
 * The store is filled through the storage port (`encodeRecord` + `tx.put`), not through ingest,
 * so the setup takes seconds. Visits are spread over REPORTS_DEALERS dealers (default 100) and
 * the report is built for every dealer, so every row is read once through the port in keyset
 * pages of 1000. It is measured twice: as a user gets it (memory is a `trusted` adapter, so rows
 * are used as stored), and validating every row with `decodeRecord` (`read.trustStorage: false`,
 * what an untrusted adapter such as SQLite gets by default).
 *
 * The floor, measured in the same process: the read port alone (the same pages, each row's
 * `dueAt` and aggregate reached, no metrics), a floor run before each report run, after a forced
 * GC. Their ratio (median CPU time of the runs) is what `pnpm bench:check` holds against
 * bench/bounds.json; absolute times depend on the machine, the ratio much less. A second floor
 * holds the read port itself against the same rows as plain objects paged alike, so a regression
 * in the adapter's rows, which slows the report and the read port together, still shows.
 *
 * Run: pnpm bench reports
 *   REPORTS_TOTAL=200000 pnpm bench reports   (smaller run)
 *   REPORTS_VALIDATED=0                        (skips the validated run)
 *   REPORTS_FLOOR_PASSES=8                     (passes over the port per floor run, for small stores)
 *   REPORTS_PLAIN_FLOOR=0                      (skips the second floor: plain objects paged like the port)
 *   REPORTS_PROFILE=report.cpuprofile          (CPU profile of the default run)
 *   REPORTS_SQLITE_TOTAL=1000000               (the SQLite figure at full size; default 200,000, 0 skips it)
 */

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  encodeRecord,
  loadRulePack,
  SHIPPED_PACKS,
  toInstant,
  type Visit,
  type VisitState,
} from '@dealercare/core';
import { buildReport, monthPeriod, type ReadOptions, readRecordPages } from '@dealercare/reports';
import { memoryStorage } from '@dealercare/storage-memory';
import { medianOf, printRatio } from './ratio';

const TOTAL = Number(process.env.REPORTS_TOTAL ?? 1_000_000);
const DEALERS = Number(process.env.REPORTS_DEALERS ?? 100);
const TARGET_MS = 2000;
/** Timed runs of the default report; the median is reported. */
const RUNS = Number(process.env.REPORTS_RUNS ?? 5);
/** `0` skips the validated run (bench:check does). */
const VALIDATED = process.env.REPORTS_VALIDATED !== '0';
/** Passes over the read port per floor run (a small store's single pass is too short to time). */
const FLOOR_PASSES = Number(process.env.REPORTS_FLOOR_PASSES ?? 1);
/**
 * `0` skips the second floor (plain objects paged like the port's rows), which doubles the
 * memory the bench holds.
 */
const PLAIN_FLOOR = process.env.REPORTS_PLAIN_FLOOR !== '0';
/** The plain-rows floor's passes per read-port pass. */
const PLAIN_PASS_FACTOR = 8;
const rules = loadRulePack(SHIPPED_PACKS['great-wall']);
const march = Date.parse('2026-02-28T16:00:00Z'); // 2026-03-01 00:00 Beijing
const DAY = 86_400_000;
const SYSTEM = { kind: 'system' as const, id: 'system' };

function visit(i: number): Visit {
  const created = march - 20 * DAY + (i % (45 * 24)) * 3_600_000; // mid-Feb to end of March
  const due = created + 3 * DAY;
  // Every visit is completed with a response (1M visits = 1M responses), some of them late.
  const state: VisitState = 'completed';
  const at = toInstant(created);
  const doneAt = toInstant(created + (Math.floor(i / DEALERS) % 5) * DAY);
  const scale = (k: number) => 5 + ((i * 7 + k * 3) % 6); // 5–10
  return {
    id: `v${String(i).padStart(8, '0')}`,
    dealerId: `d${i % DEALERS}`,
    type: i % 3 === 0 ? 'postRepair' : 'firstLevel',
    ruleId: 'first-level-after-delivery',
    subject: { customerId: `c${i}`, staffId: `sc-${i % 40}` },
    window: { opensAt: at, dueAt: toInstant(due) },
    assignee: { role: 'followUpAgent' },
    attemptPolicy: {
      maxAttempts: 2,
      retryWithin: { days: 2 },
      failedOutcomes: ['no-answer', 'busy', 'switched-off'],
    },
    attempts: [
      {
        at: doneAt,
        by: { kind: 'person', id: `agent-${i % 12}` },
        outcome: 'connected',
        channel: 'phone',
      },
    ],
    surveyId: 'gw-ssi',
    ...(state === 'completed'
      ? {
          response: {
            surveyId: 'gw-ssi',
            answeredAt: doneAt,
            answers: {
              courtesy: scale(1),
              productKnowledge: scale(2),
              deliveryDuration: scale(3),
              receptionTimeliness: scale(4),
              uniformDress: i % 2 === 0,
              wouldRecommend: i % 5 !== 0,
            },
            score: {
              index: ((scale(1) + scale(2) + scale(3) + scale(4)) / 4) * 10,
              processCompliance: i % 2 === 0 ? 100 : 0,
              recommends: i % 5 !== 0,
              lowItems: [],
            },
          },
        }
      : {}),
    state,
    version: 0,
    history: [{ at, actor: SYSTEM, command: 'schedule', from: null, to: 'open' }],
    createdAt: at,
    updatedAt: doneAt,
  };
}

// A forced GC after each dealer's report shows what a report retains (RSS also counts garbage
// the collector has not reclaimed yet, which grows with the heap).
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const storage = memoryStorage();
const fillStart = performance.now();
const CHUNK = 50_000;
let responses = 0;
// The second floor's rows: the same visits as plain objects the bench builds itself, per dealer
// and in the store's id order, allocated in the same order as the store's rows.
const plainRows: Visit[][] = PLAIN_FLOOR ? Array.from({ length: DEALERS }, () => []) : [];
for (let start = 0; start < TOTAL; start += CHUNK) {
  await storage.transaction(async (tx) => {
    for (let i = start; i < Math.min(TOTAL, start + CHUNK); i++) {
      const v = visit(i);
      if (v.response !== undefined) responses++;
      await tx.put(encodeRecord('visit', v), 0);
      if (PLAIN_FLOOR) plainRows[i % DEALERS]!.push(visit(i));
    }
  });
}
const fillMs = performance.now() - fillStart;
const mb = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MB`;
const rssAfterFill = process.memoryUsage().rss;
console.log(
  `filled ${TOTAL.toLocaleString()} visits (${responses.toLocaleString()} with a survey response) over ${DEALERS} dealers in ${(fillMs / 1000).toFixed(1)} s; rss ${mb(rssAfterFill)}`,
);

/** The report every run builds: dealer `d`'s March, follow-up and satisfaction, pages of 1000. */
function marchReport(d: number, read: ReadOptions) {
  return {
    dealerId: `d${d}`,
    period: monthPeriod(2026, 3),
    rules,
    asOf: new Date('2026-04-01T00:00:00+08:00'),
    sections: ['followUp', 'satisfaction'] as const,
    read: { pageSize: 1000, ...read },
  };
}

// The floor: what the read port alone costs (pages from the adapter as the report reads them,
// rows used as stored, each row's `dueAt` column and aggregate reached, no metrics). Any report
// over this adapter pays it; the report's target is stated as a ratio to it, measured in the same
// process, each report run after a floor run.
async function readPortOnce(): Promise<number> {
  let rows = 0;
  for (let d = 0; d < DEALERS; d++) {
    for await (const page of readRecordPages(storage, 'visit', `d${d}`, { pageSize: 1000 })) {
      for (let i = 0; i < page.rows.length; i++) {
        if (page.rows[i]!.dueAt !== undefined && page.aggregates[i] !== undefined) rows++;
      }
    }
  }
  return rows;
}
// The read port's own floor: the same rows as plain objects the bench built itself, paged the same
// way (pages of 1000 from an async generator, each row's `dueAt` and aggregate reached) with no
// adapter, transaction or query. The report's ratio to the read port cannot see a regression in
// the adapter's stored rows, since the port reads those same rows (a slower row slows both);
// this ratio does.
async function* plainPages(d: number): AsyncGenerator<readonly Visit[]> {
  const rows = plainRows[d]!;
  for (let start = 0; start < rows.length; start += 1000) yield rows.slice(start, start + 1000);
}
async function plainRowsOnce(): Promise<number> {
  let rows = 0;
  for (let d = 0; d < DEALERS; d++) {
    for await (const page of plainPages(d)) {
      for (let i = 0; i < page.length; i++) {
        const v = page[i]!;
        if (v.window.dueAt !== undefined && v.state !== undefined) rows++;
      }
    }
  }
  return rows;
}

/** Milliseconds of CPU (this process's, all threads) and of wall clock that `fn` takes. */
async function timed(fn: () => Promise<unknown>): Promise<{ cpu: number; wall: number }> {
  const cpu = process.cpuUsage();
  const wall = performance.now();
  await fn();
  const used = process.cpuUsage(cpu);
  return { cpu: (used.user + used.system) / 1000, wall: performance.now() - wall };
}

async function monthly(
  read: ReadOptions,
  runs: number,
  withFloor: boolean,
): Promise<{
  ms: number;
  peak: number;
  checksum: number;
  retained: number;
  /** Median CPU ms of the report and of the floors over the runs, when `withFloor`. */
  cpu?: { report: number; floor: number; floorWall: number; plain?: number };
}> {
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  let retained = 0;
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  // The whole month's reports `runs` times; the median run is the figure (this 2-core machine's
  // timings vary by ±20 % from run to run).
  // With the floor: each report run follows a floor run, each after a forced GC, so neither
  // pays the other's garbage; their ratio is taken on CPU time (other processes on a shared
  // machine stretch the wall clock, not the CPU time).
  const times: number[] = [];
  const cpus: number[] = [];
  const floorCpus: number[] = [];
  const floorWalls: number[] = [];
  const plainCpus: number[] = [];
  let checksum = 0;
  for (let run = 0; run < runs; run++) {
    if (withFloor) {
      gc();
      const f = await timed(async () => {
        for (let pass = 0; pass < FLOOR_PASSES; pass++) await readPortOnce();
      });
      floorCpus.push(f.cpu / FLOOR_PASSES);
      floorWalls.push(f.wall / FLOOR_PASSES);
      gc();
      if (PLAIN_FLOOR) {
        // Plain rows are cheap to read: more passes, so the figure is not a few milliseconds.
        const passes = FLOOR_PASSES * PLAIN_PASS_FACTOR;
        const p = await timed(async () => {
          for (let pass = 0; pass < passes; pass++) await plainRowsOnce();
        });
        plainCpus.push(p.cpu / passes);
        gc();
      }
    }
    const t = await timed(async () => {
      for (let d = 0; d < DEALERS; d++) {
        const r = await buildReport(storage, marchReport(d, read));
        checksum += r.followUp!.totals.total + r.satisfaction!.bySurvey[0]!.responses;
        peak = Math.max(peak, process.memoryUsage().rss);
      }
    });
    times.push(t.wall);
    cpus.push(t.cpu);
  }
  const ms = medianOf(times);
  console.log(`  runs: ${times.map((t) => `${t.toFixed(0)} ms`).join(', ')}`);
  if (withFloor) {
    console.log(
      `  read port alone (the floor), before each run: ${floorWalls.map((t) => `${t.toFixed(0)} ms`).join(', ')}; CPU ms report ${cpus.map((t) => t.toFixed(0)).join(', ')}, floor ${floorCpus.map((t) => t.toFixed(0)).join(', ')}${PLAIN_FLOOR ? `, plain rows ${plainCpus.map((t) => t.toFixed(0)).join(', ')}` : ''}`,
    );
  }
  clearInterval(timer);
  // Not timed: how much heap one report holds on to (its result only, if it streams).
  for (let d = 0; d < Math.min(DEALERS, 3); d++) {
    const r = await buildReport(storage, {
      dealerId: `d${d}`,
      period: monthPeriod(2026, 3),
      rules,
      sections: ['followUp', 'satisfaction'],
      read: { pageSize: 1000, ...read },
    });
    gc();
    retained = Math.max(retained, process.memoryUsage().heapUsed - heapBefore);
    checksum += r.followUp === null ? 1 : 0;
  }
  return {
    ms,
    peak,
    checksum,
    retained,
    ...(withFloor
      ? {
          // The median run of each: the floors are short at small sizes, and the best of a few
          // short runs swung the ratios by half again from run to run; medians hold steadier.
          cpu: {
            report: medianOf(cpus),
            floor: medianOf(floorCpus),
            floorWall: medianOf(floorWalls),
            ...(PLAIN_FLOOR ? { plain: medianOf(plainCpus) } : {}),
          },
        }
      : {}),
  };
}

function verdict(ms: number): string {
  if (TOTAL >= 1_000_000) {
    return `measured/target ${(ms / TARGET_MS).toFixed(2)} ${ms < TARGET_MS ? '(met)' : '(NOT met)'}`;
  }
  const scaled = (ms / TOTAL) * 1_000_000;
  return `measured at ${TOTAL.toLocaleString()} visits only; linear estimate for 1M ${(scaled / 1000).toFixed(1)} s → ${(scaled / TARGET_MS).toFixed(2)}× the target ${scaled < TARGET_MS ? '(would meet)' : '(would NOT meet)'}`;
}

// REPORTS_PROFILE=file.cpuprofile: a CPU profile of the first (default) measured run alone.
const profile = process.env.REPORTS_PROFILE;
const session = profile ? new (await import('node:inspector/promises')).Session() : undefined;
for (const [name, read, runs] of [
  ['default (memory is a trusted adapter: rows used as stored)', {}, RUNS],
  ['validated (read.trustStorage: false: decodeRecord on every row)', { trustStorage: false }, 1],
] as const) {
  if (!VALIDATED && name.startsWith('validated')) continue;
  if (session && name.startsWith('default')) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 100 });
    await session.post('Profiler.start');
  }
  const isDefault = name.startsWith('default');
  const { ms, peak, checksum, retained, cpu } = await monthly(read, runs, isDefault);
  if (session && profile && name.startsWith('default')) {
    const { profile: data } = await session.post('Profiler.stop');
    (await import('node:fs')).writeFileSync(profile, JSON.stringify(data));
  }
  console.log(
    `monthly report, ${name}: ${TOTAL.toLocaleString()} visits / ${responses.toLocaleString()} responses in ${ms.toFixed(0)} ms (median of ${runs}; ${((TOTAL / ms) * 1000).toFixed(0)} visits/s); peak rss ${mb(peak)} (${peak >= rssAfterFill ? '+' : ''}${mb(peak - rssAfterFill)} over the filled store, mostly garbage not yet collected); heap retained after GC ${mb(retained)}; counted ${checksum.toLocaleString()}`,
  );
  console.log(
    `  target < ${TARGET_MS} ms for 1,000,000 visits + 1,000,000 responses: ${verdict(ms)}`,
  );
  if (cpu !== undefined) {
    console.log(
      `  read port alone (the floor): ${TOTAL.toLocaleString()} rows in ${cpu.floorWall.toFixed(0)} ms (median)`,
    );
    printRatio({
      name: 'reports.report/readPort',
      of: 'monthly report, default, median CPU time of the runs',
      floor: 'read port alone',
      ratio: cpu.report / cpu.floor,
      better: 'lower',
    });
    if (cpu.plain !== undefined) {
      printRatio({
        name: 'reports.readPort/plainRows',
        of: 'read port alone, median CPU time',
        floor: 'the same rows as plain objects, paged alike',
        ratio: cpu.floor / cpu.plain,
        better: 'lower',
      });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The same report on SQLite (issue 6 asks for the figure): REPORTS_SQLITE_TOTAL visits (default
// 200,000, so the file fills in about half a minute; set 1000000 for the full size) in a
// temporary file, validated (SQLite's default) and with `trustStorage: true`.

const SQLITE_TOTAL = Number(process.env.REPORTS_SQLITE_TOTAL ?? 200_000);
if (SQLITE_TOTAL > 0) {
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  // By path: the root workspace does not depend on the sqlite package.
  const { sqliteStorage } = await import('../packages/storage-sqlite/src');
  const dir = mkdtempSync(join(tmpdir(), 'dealercare-reports-'));
  const sqlite = sqliteStorage({ filename: join(dir, 'reports.db') });
  const fillAt = performance.now();
  for (let start = 0; start < SQLITE_TOTAL; start += 10_000) {
    await sqlite.transaction(async (tx) => {
      for (let i = start; i < Math.min(SQLITE_TOTAL, start + 10_000); i++) {
        await tx.put(encodeRecord('visit', visit(i)), 0);
      }
    });
  }
  console.log(
    `\nsqlite: filled ${SQLITE_TOTAL.toLocaleString()} visits with responses in ${((performance.now() - fillAt) / 1000).toFixed(1)} s`,
  );
  for (const [name, read] of [
    ['validated (default for SQLite)', {}],
    ['read.trustStorage: true', { trustStorage: true }],
  ] as const) {
    const start = performance.now();
    let counted = 0;
    for (let d = 0; d < DEALERS; d++) {
      const r = await buildReport(sqlite, marchReport(d, read));
      counted += r.followUp!.totals.total;
    }
    const ms = performance.now() - start;
    console.log(
      `monthly report on sqlite, ${name}: ${SQLITE_TOTAL.toLocaleString()} visits in ${ms.toFixed(0)} ms (${((SQLITE_TOTAL / ms) * 1000).toFixed(0)} visits/s; ≈ ${(((ms / SQLITE_TOTAL) * 1_000_000) / 1000).toFixed(1)} s per 1,000,000); counted ${counted.toLocaleString()}`,
    );
  }
  await sqlite.close();
  rmSync(dir, { recursive: true, force: true });
}
