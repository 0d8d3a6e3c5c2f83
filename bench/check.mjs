#!/usr/bin/env node
// pnpm bench:check — the benchmarks' ratios at small sizes, each held against its bound in
// bench/bounds.json; exits non-zero naming every ratio past its bound. Each benchmark runs in its
// own process and prints `BENCH_RATIO {json}` lines (bench/ratio.ts); the ratios are medians of
// repetitions inside that process. BENCH_CHECK_ONLY=reports,tick runs some of them;
// BENCH_CHECK_RECORD=1 prints the measured ratios as JSON instead of judging them (to re-measure
// the bounds).
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
const measured = {};
const failures = [];
const started = performance.now();
for (const check of checks) {
  if (only !== undefined && !only.includes(check.name)) continue;
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
    failures.push(`${check.file} exited with ${r.status ?? r.signal}`);
    continue;
  }
  const lines = r.stdout.split('\n').filter((l) => l.startsWith('BENCH_RATIO '));
  if (lines.length === 0) failures.push(`${check.file} printed no ratio`);
  for (const line of lines) {
    const { name, ratio, better } = JSON.parse(line.slice('BENCH_RATIO '.length));
    measured[name] = ratio;
    const bound = bounds.ratios[name];
    let verdict;
    if (record) verdict = '(recording)';
    else if (bound === undefined) {
      verdict = 'NO BOUND in bench/bounds.json';
      failures.push(`${name} has no bound in bench/bounds.json`);
    } else if (better === 'lower' ? ratio > bound.max : ratio < bound.min) {
      const limit = better === 'lower' ? `at most ${bound.max}×` : `at least ${bound.min}×`;
      verdict = `PAST ITS BOUND (${limit})`;
      failures.push(
        `${name} = ${ratio.toFixed(2)}×, bound ${limit} (bench/bounds.json, measured ${bounds.measured.date} on ${bounds.measured.commit}: ${bound.seen})`,
      );
    } else {
      verdict = `ok (bound ${better === 'lower' ? `≤ ${bound.max}` : `≥ ${bound.min}`}×)`;
    }
    console.log(`${name.padEnd(32)} ${ratio.toFixed(2).padStart(7)}×  ${verdict}  [${seconds} s]`);
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
