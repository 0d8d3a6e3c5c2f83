#!/usr/bin/env node
// pnpm bench:check — the benchmarks' ratios at small sizes, each held against its bound in
// bench/bounds.json; exits non-zero naming every ratio past its bound. Each benchmark runs in its
// own process and prints `BENCH_RATIO {json}` lines (bench/ratio.ts); the ratios are medians of
// repetitions inside that process. A benchmark with a ratio past its bound runs again (three runs
// in all, BENCH_CHECK_ATTEMPTS) and fails only if its last run is past it too.
// BENCH_CHECK_ONLY=reports,tick runs some of them; BENCH_CHECK_RECORD=1 prints the measured
// ratios as JSON instead of judging them (to re-measure the bounds).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const bounds = JSON.parse(readFileSync(join(here, 'bounds.json'), 'utf8'));

/** The benchmarks with a ratio, at the sizes the check runs them. */
const checks = [
  {
    name: 'reports',
    file: 'reports.bench.ts',
    env: {
      REPORTS_TOTAL: '60000',
      REPORTS_DEALERS: '2',
      REPORTS_RUNS: '5',
      REPORTS_FLOOR_PASSES: '8',
      REPORTS_VALIDATED: '0',
      REPORTS_SQLITE_TOTAL: '0',
    },
  },
  {
    name: 'tick',
    file: 'tick.bench.ts',
    env: { TICK_TOTAL: '20000', TICK_DUE: '2000', TICK_ROUNDS: '5', TICK_FLOORS: 'immutable' },
  },
  {
    name: 'ingest',
    file: 'sqlite-storage.bench.ts',
    env: { BENCH_ONLY: 'ingest-ratio', BENCH_EVENTS: '1000', BENCH_REPS: '3' },
  },
  {
    name: 'memory',
    file: 'memory.bench.ts',
    env: { MEMORY_BENCH_DELIVERIES: '5000' },
  },
  {
    name: 'calendar',
    file: 'calendar.bench.ts',
    env: { CAL_CALLS: '200000', CAL_BASELINE_CALLS: '20000', CAL_SHORT: '0' },
  },
  {
    name: 'rules',
    file: 'rules.bench.ts',
    env: { RULES_EVENTS: '20000', RULES_BASELINE_EVENTS: '1000', RULES_RESPONSES: '0' },
  },
];

const only = process.env.BENCH_CHECK_ONLY?.split(',');
const record = process.env.BENCH_CHECK_RECORD === '1';
/**
 * How many times a benchmark runs in all while a ratio of it lands past its bound. A ratio holds
 * if any run holds it: a regression fails every run, while a neighbour's burst of load on a
 * shared 2-core machine rarely lasts three.
 */
const attempts = Number(process.env.BENCH_CHECK_ATTEMPTS ?? 3);
const measured = {};
const failures = [];
const started = performance.now();

/** Runs one benchmark's process; returns its ratios, or a failure message. */
function run(check) {
  const t = performance.now();
  const r = spawnSync(
    process.execPath,
    ['--conditions=dealercare-source', '--import', 'tsx', join(here, check.file)],
    { encoding: 'utf8', env: { ...process.env, ...check.env }, maxBuffer: 1 << 24 },
  );
  const seconds = ((performance.now() - t) / 1000).toFixed(1);
  if (r.status !== 0) {
    process.stdout.write(r.stdout ?? '');
    process.stderr.write(r.stderr ?? '');
    return { error: `${check.file} exited with ${r.status ?? r.signal}` };
  }
  const ratios = r.stdout
    .split('\n')
    .filter((l) => l.startsWith('BENCH_RATIO '))
    .map((l) => JSON.parse(l.slice('BENCH_RATIO '.length)));
  if (ratios.length === 0) return { error: `${check.file} printed no ratio` };
  return { ratios, seconds };
}

/** Whether a ratio is past its bound. */
const past = ({ ratio, better }, bound) =>
  better === 'lower' ? ratio > bound.max : ratio < bound.min;
const limitOf = (better, bound) =>
  better === 'lower' ? `at most ${bound.max}×` : `at least ${bound.min}×`;

for (const check of checks) {
  if (only !== undefined && !only.includes(check.name)) continue;
  const tries = [];
  for (let attempt = 1; attempt <= (record ? 1 : attempts); attempt++) {
    const result = run(check);
    tries.push(result);
    if (result.error !== undefined) break;
    const unbounded = result.ratios.filter((r) => bounds.ratios[r.name] === undefined);
    const over = result.ratios.filter(
      (r) => bounds.ratios[r.name] !== undefined && past(r, bounds.ratios[r.name]),
    );
    if (unbounded.length > 0 || over.length === 0) break;
    if (attempt < attempts) {
      const names = over.map((r) => `${r.name} ${r.ratio.toFixed(2)}×`).join(', ');
      console.log(
        `  (${names} past its bound; measuring ${check.name} again, ${attempt + 1} of ${attempts})`,
      );
    }
  }
  const last = tries[tries.length - 1];
  if (last.error !== undefined) {
    failures.push(last.error);
    continue;
  }
  for (const { name, better } of last.ratios) {
    const bound = bounds.ratios[name];
    const all = tries
      .map((t) => t.ratios?.find((r) => r.name === name)?.ratio)
      .filter((r) => r !== undefined);
    // A ratio holds if any run held it: the runs after a miss are there to tell noise from a change.
    const within =
      bound === undefined ? undefined : all.find((r) => !past({ ratio: r, better }, bound));
    const ratio = within ?? all[all.length - 1];
    measured[name] = ratio;
    const runs = all.length > 1 ? ` (runs ${all.map((r) => r.toFixed(2)).join(', ')})` : '';
    let verdict;
    if (record) verdict = '(recording)';
    else if (bound === undefined) {
      verdict = 'NO BOUND in bench/bounds.json';
      failures.push(`${name} has no bound in bench/bounds.json`);
    } else if (within === undefined) {
      const limit = limitOf(better, bound);
      verdict = `PAST ITS BOUND (${limit}) in every run${runs}`;
      failures.push(
        `${name} = ${ratio.toFixed(2)}×${runs}, bound ${limit} (bench/bounds.json, measured ${bounds.measured.date} on ${bounds.measured.commit}: ${bound.seen})`,
      );
    } else {
      verdict = `ok (bound ${better === 'lower' ? `≤ ${bound.max}` : `≥ ${bound.min}`}×)${runs}`;
    }
    console.log(
      `${name.padEnd(32)} ${ratio.toFixed(2).padStart(7)}×  ${verdict}  [${last.seconds} s]`,
    );
  }
}
console.log(`bench:check took ${((performance.now() - started) / 1000).toFixed(0)} s`);
if (record) console.log(JSON.stringify(measured));
if (failures.length > 0) {
  console.error(`\nbench:check FAILED — a ratio moved past its recorded bound:`);
  for (const f of failures) console.error(`  - ${f}`);
  console.error(
    'Find the change that slowed it (pnpm bench <name> at full size, before and after), or, if the new figure is intended, re-measure the bounds (see bench/bounds.json).',
  );
  process.exit(1);
}
