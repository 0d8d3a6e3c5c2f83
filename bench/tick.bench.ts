/**
 * Benchmark (b) of the calendar/SLA issue: `engine.tick(now)` over 1,000,000 open visits of
 * which 10,000 are due, in memory. Target: under 100 ms.
 *
 * The store is filled through the storage port (not through ingest) so the setup takes
 * seconds; every visit is a valid stored visit with its overdue timer.
 *
 * Five timed ticks (TICK_ROUNDS), an hour apart, each fire the 10,000 timers due in that hour
 * among the million; the figure is their median (one tick on this 2-core machine varies by
 * ±20 %). TICK_PROFILE=tick.cpuprofile writes a CPU profile of the first timed tick alone (open
 * it in Chrome DevTools or speedscope).
 *
 * A first tick on a small store warms the code path up (a server ticks every minute); that
 * cold figure is printed too.
 *
 * Baseline: tick-floor.ts, run afterwards in its own process, fires the same timers over the same
 * store with no engine (storage-memory's structures driven directly, synchronously, no
 * transaction): the least any tick can cost on this machine. The bench prints both and their ratio.
 *
 * Run: pnpm bench tick   (or: node --conditions=dealercare-source --import tsx bench/tick.bench.ts)
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createEngine, createFakeClock, encodeRecord, type TimerRecord } from '@dealercare/core';
import { memoryStorage } from '@dealercare/storage-memory';
import { printRatio } from './ratio';
import { dueAtOf, HOUR, median, openVisit, overdueTimer, t0 } from './tick-store';

const TOTAL = Number(process.env.TICK_TOTAL ?? 1_000_000);
const DUE = Number(process.env.TICK_DUE ?? 10_000);
/** Timed ticks: each fires the next hour's `DUE` timers; the median is the figure. */
const ROUNDS = Number(process.env.TICK_ROUNDS ?? 5);
/**
 * A memory store with `total` open visits and their overdue timers: `due` of them due in each of
 * the first `rounds` hours, the rest next month.
 */
async function filledEngine(total: number, due: number, rounds = 1) {
  const storage = memoryStorage();
  const engine = createEngine({ storage, clock: createFakeClock(new Date(t0)) });
  const CHUNK = 50_000;
  for (let start = 0; start < total; start += CHUNK) {
    await storage.transaction(async (tx) => {
      const timers: TimerRecord[] = [];
      for (let i = start; i < Math.min(total, start + CHUNK); i++) {
        const dueAt = dueAtOf(i, due, rounds);
        const v = openVisit(i, dueAt);
        await tx.put(encodeRecord('visit', v), 0);
        timers.push(overdueTimer(v, dueAt));
      }
      await tx.putTimers(timers);
    });
  }
  return engine;
}

// Warm-up: the same tick on a small store first, so the timed tick measures the steady state of
// a server that ticks every minute, not V8 compiling the code path. The cold figure is printed.
const warm = await filledEngine(DUE, DUE);
const warmStart = performance.now();
const warmResult = await warm.tick(new Date(t0 + 3600 * 1000));
const coldMs = performance.now() - warmStart;
console.log(
  `warm-up: first tick in this process fired ${warmResult.fired.toLocaleString()} of ${DUE.toLocaleString()} in ${coldMs.toFixed(1)} ms (includes JIT compilation)`,
);

const fillStart = performance.now();
const engine = await filledEngine(TOTAL, DUE, ROUNDS);
let events = 0;
engine.on('visit.overdue', () => events++);
const fillMs = performance.now() - fillStart;
console.log(
  `filled ${TOTAL.toLocaleString()} open visits with timers in ${(fillMs / 1000).toFixed(1)} s`,
);

// TICK_PROFILE=file.cpuprofile: a CPU profile of the first timed tick alone (not the fill).
const profile = process.env.TICK_PROFILE;
const session = profile ? new (await import('node:inspector/promises')).Session() : undefined;
const times: number[] = [];
/** CPU ms of each timed tick: the ratio to the floor is taken on CPU time (see below). */
const cpus: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  const now = new Date(t0 + (round + 1) * HOUR);
  if (session && round === 0) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 100 });
    await session.post('Profiler.start');
  }
  const before = events;
  const start = performance.now();
  const cpu = process.cpuUsage();
  const result = await engine.tick(now);
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  cpus.push((used.user + used.system) / 1000);
  if (result.fired !== DUE) throw new Error(`tick ${round + 1} fired ${result.fired}, not ${DUE}`);
  if (session && profile && round === 0) {
    const { profile: data } = await session.post('Profiler.stop');
    (await import('node:fs')).writeFileSync(profile, JSON.stringify(data));
  }
  times.push(ms);
  console.log(
    `tick ${round + 1}: fired ${result.fired.toLocaleString()} of ${TOTAL.toLocaleString()} open items in ${ms.toFixed(1)} ms (${((result.fired / ms) * 1000).toFixed(0)} timers/s); events announced ${events - before}`,
  );
  const again = performance.now();
  const second = await engine.tick(now);
  if (second.fired !== 0) throw new Error(`the same tick fired ${second.fired} again`);
  if (round === 0) {
    console.log(
      `  the same tick again: fired ${second.fired} in ${(performance.now() - again).toFixed(2)} ms`,
    );
  }
}
const ms = median(times);
console.log(`tick median of ${ROUNDS}: ${ms.toFixed(1)} ms`);
console.log(
  `target < 100 ms: the median is ${(ms / 100).toFixed(2)}× the target ${ms < 100 ? '(met)' : '(NOT met)'}`,
);

// The floors (tick-floor.ts): the same store and firings with no engine, each in its own process
// so that this process's heap does not slow it down.
await engine.close();
function floor(mode: 'immutable' | 'in-place'): {
  floorMs: number;
  floorCpuMs: number;
  readMs: number;
} {
  const child = spawnSync(
    process.execPath,
    [
      // The flags this process runs with (TypeScript loader, source conditions, and any V8 flag
      // such as --max-semi-space-size), so the floor runs as the engine did.
      ...process.execArgv,
      fileURLToPath(new URL('./tick-floor.ts', import.meta.url)),
    ],
    {
      encoding: 'utf8',
      env: { ...process.env, FLOOR_MODE: mode },
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 1 << 20,
    },
  );
  if (child.status !== 0) throw new Error(`tick-floor.ts (${mode}) exited with ${child.status}`);
  const lines = child.stdout.trim().split('\n');
  for (const line of lines.slice(0, -1)) console.log(line);
  return JSON.parse(lines.at(-1)!) as { floorMs: number; floorCpuMs: number; readMs: number };
}
const immutable = floor('immutable');
// TICK_FLOORS=immutable (bench:check) leaves out the in-place floor, which has no target.
const inPlace = process.env.TICK_FLOORS === 'immutable' ? undefined : floor('in-place');
console.log(
  `engine tick ${ms.toFixed(1)} ms, floor with immutable rows ${immutable.floorMs.toFixed(1)} ms${inPlace === undefined ? '' : `, floor changing rows in place ${inPlace.floorMs.toFixed(1)} ms (${(ms / inPlace.floorMs).toFixed(2)}×)`}; reading as many other visits alone: ${immutable.readMs.toFixed(1)} ms`,
);
// The ratio on CPU time (medians of the rounds): the floor runs in another process at another
// moment, and other processes on a shared machine stretch wall clocks unevenly.
printRatio({
  name: 'tick.engine/immutableFloor',
  of: 'engine tick, CPU time',
  floor: 'no-engine floor with immutable rows, CPU time',
  ratio: median(cpus) / immutable.floorCpuMs,
  better: 'lower',
  target: 1.3,
});
