/**
 * Nothing acknowledged is lost or fired twice: two engine processes on one SQLite file ingest a
 * DMS feed (shuffled, repeated, corrected, pick-ups before their repair orders), call visits and
 * tick, each on its own fake clock, while the test SIGKILLs them at random moments and starts them
 * again from the first step they had not acknowledged. Afterwards the database is checked
 * against a model computed from the plan alone (`fixtures/chaos-plan.ts`).
 *
 * One run by default; `DEALERCARE_CHAOS_RUNS=50` for more, `DEALERCARE_CHAOS_SEED=<seed>` to
 * replay a failing run's plan (the seed is in the failure message; kill moments depend on timing,
 * so a replay is close, not exact). `DEALERCARE_CHAOS_KILLS` sets the kills per run (default 3).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sqliteStorage } from '../src';
import { type Ack, checkRun } from './fixtures/chaos-model';
import { type ChaosPlan, makePlan, prng } from './fixtures/chaos-plan';
import { ChildLines, spawnFixture } from './fixtures/child-process';

const dir = mkdtempSync(join(tmpdir(), 'dealercare-sqlite-chaos-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const RUNS = Number(process.env.DEALERCARE_CHAOS_RUNS ?? 1);
const KILLS = Number(process.env.DEALERCARE_CHAOS_KILLS ?? 3);
const FIRST_SEED = Number(process.env.DEALERCARE_CHAOS_SEED ?? Math.floor(Math.random() * 2 ** 31));
/** How long a worker may take to start (tsx compiles on a loaded machine: generous). */
const STARTUP_MS = 120_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs both workers to the end of their steps, killing them `kills` times in all at random
 * moments (after a random acknowledged step plus a few milliseconds, or while starting up).
 */
async function runWorkers(plan: ChaosPlan, planFile: string, filename: string, kills: number) {
  const random = prng(plan.seed ^ 0x5eed);
  const killsOf = [0, 0];
  for (let k = 0; k < kills; k++) killsOf[Math.floor(random() * 2)]!++;
  const acks: Ack[] = [];
  const alive = new Set<ChildLines>();
  let killed = 0;
  // Both first lives start together, once both are ready.
  let arrived = 0;
  let release!: () => void;
  const bothReady = new Promise<void>((resolve) => {
    release = resolve;
  });
  const arrive = () => {
    if (++arrived === 2) release();
    return bothReady;
  };

  async function drive(worker: number) {
    const steps = plan.workers[worker]!;
    // Each worker's kills from a generator of its own: the two drives interleave by timing.
    const random = prng((plan.seed ^ 0x5eed) + worker + 1);
    let from = 0;
    for (let incarnation = 0; ; incarnation++) {
      const child = new ChildLines(
        spawnFixture('chaos-worker', [
          planFile,
          filename,
          String(worker),
          String(from),
          String(incarnation),
          incarnation === 0 ? 'wait' : 'go',
        ]),
      );
      alive.add(child);
      void child.exited.then(() => alive.delete(child));
      if (incarnation === 0) {
        await child.waitFor((l) => l === 'ready', STARTUP_MS);
        await arrive();
        child.child.stdin?.write('go\n');
      }
      if (incarnation < killsOf[worker]!) {
        const delay = Math.floor(random() * 15);
        const duringStart = incarnation > 0 && random() < 0.2;
        const target = from + Math.floor(random() * Math.max(1, (steps.length - from) * 0.8));
        const moment = duringStart
          ? sleep(150 + random() * 500)
          : child
              .waitFor((l) => l.startsWith(`ack ${target} `), STARTUP_MS)
              .then(() => sleep(delay));
        void moment.then(
          () => child.child.kill('SIGKILL'),
          () => undefined, // exited first
        );
      }
      const exit = await child.exited;
      for (const line of child.lines) {
        const m = /^ack (\d+) (.*)$/.exec(line);
        if (m === null) continue;
        const step = Number(m[1]);
        acks.push({ worker, step, incarnation, result: JSON.parse(m[2]!) });
        from = step + 1;
      }
      if (exit.signal === 'SIGKILL') {
        killed++;
        continue;
      }
      if (exit.code !== 0 || child.lines.at(-1) !== 'done') {
        throw new Error(`worker ${worker} failed (exit ${exit.code}):\n${child.stderr}`);
      }
      return;
    }
  }

  try {
    await Promise.all([drive(0), drive(1)]);
  } finally {
    // One worker failed: stop the other (it may wait for its partner to be ready).
    release();
    for (const c of alive) c.child.kill('SIGKILL');
  }
  return { acks, killed };
}

describe('chaos: two processes, a shuffled DMS feed, commands, ticks and SIGKILLs', () => {
  it(
    `nothing acknowledged is lost or fired twice (${RUNS} run${RUNS > 1 ? 's' : ''})`,
    async () => {
      for (let run = 0; run < RUNS; run++) {
        const seed = FIRST_SEED + run;
        const plan = makePlan(seed);
        const planFile = join(dir, `plan-${seed}.json`);
        const filename = join(dir, `chaos-${seed}.db`);
        writeFileSync(planFile, JSON.stringify(plan));
        try {
          // Migrated once before the race (a kill during the first open is the crash test's).
          await sqliteStorage({ filename }).close();
          const { acks, killed } = await runWorkers(plan, planFile, filename, KILLS);
          if (KILLS > 0) expect(killed, 'the workers were killed').toBeGreaterThan(0);
          const { events } = await checkRun(plan, filename, acks);
          const count = (test: (r: Record<string, unknown>) => number) =>
            acks.reduce((n, a) => n + test(a.result), 0);
          const statuses = (s: string) => (r: Record<string, unknown>) =>
            Array.isArray(r.statuses) ? r.statuses.filter((x) => x === s).length : 0;
          console.log(
            `chaos seed ${seed}: ${plan.events.length} DMS events, ${acks.length} steps acknowledged, ` +
              `${killed} kills, ${events} log events; ${count(statuses('duplicate'))} duplicates, ` +
              `${count(statuses('corrected'))} corrections, ${count(statuses('parked'))} parked, ` +
              `${count((r) => (r.command !== undefined && r.refused === undefined ? 1 : 0))} commands, ` +
              `${count((r) => (r.refused !== undefined ? 1 : 0))} refused, ` +
              `${count((r) => Number(r.fired ?? 0))} timers fired, ` +
              `${count((r) => Number(r.claimsLost ?? 0))} claims lost to the other process`,
          );
        } catch (error) {
          if (error instanceof Error) {
            error.message = `chaos seed ${seed} (replay: DEALERCARE_CHAOS_SEED=${seed}): ${error.message}`;
          }
          throw error;
        }
        rmSync(filename, { force: true });
        rmSync(`${filename}-wal`, { force: true });
        rmSync(`${filename}-shm`, { force: true });
      }
    },
    RUNS * 4 * STARTUP_MS,
  );
});
