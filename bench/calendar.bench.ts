/**
 * Benchmark (a) of the calendar/SLA issue: 1,000,000 `addWorkingTime` calls with random anchors
 * and amounts up to 60 working days (China calendar, lunch break, 2025–2026 holidays and 调休),
 * against a naive day-by-day loop written here as the baseline. Targets: ≥ 1,000,000 calls/s
 * and ≥ 20× the baseline on long horizons.
 *
 * The baseline walks the calendar one day at a time, as the SLA engines of Zammad, Frappe or
 * Odoo do: for each day it looks the date up (holiday? make-up day? weekday?) and consumes that
 * day's periods (date lookups are Set hits by ISO date, no scans). Its results are checked
 * equal to the library's before anything is timed.
 *
 * Run: pnpm bench calendar   (sizes: CAL_CALLS, CAL_BASELINE_CALLS)
 */
import { chinaCalendar, chinaCalendarDefinition } from '@dealercare/core';
import { printRatio } from './ratio';

const CALLS = Number(process.env.CAL_CALLS ?? 1_000_000);
const BASELINE_CALLS = Number(process.env.CAL_BASELINE_CALLS ?? 100_000);
const MINUTE = 60_000;
const DAY = 86_400_000;
const OFFSET = 8 * 3_600_000; // Asia/Shanghai has no DST: the baseline may use a fixed offset
const MAX_MINUTES = 60 * 450; // 60 working days of 7.5 h

const cal = chinaCalendar();
const def = chinaCalendarDefinition();

// ---------------------------------------------------------------------------------------------
// Baseline: day-by-day walk

const holidays = new Set(def.holidays?.map((h) => h.date));
const workdays = new Set(def.workdays?.map((w) => w.date));
const weekly = def.weekly as Record<string, Array<{ start: string; end: string }> | undefined>;
const keys = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const clock = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3));
const weekPeriods = keys.map((k) => (weekly[k] ?? []).map((p) => [clock(p.start), clock(p.end)]));

function periodsOn(localMidnight: number): number[][] {
  const d = new Date(localMidnight);
  const date = d.toISOString().slice(0, 10);
  if (holidays.has(date)) return [];
  if (workdays.has(date)) return weekPeriods[1]!;
  return weekPeriods[d.getUTCDay()]!;
}

function naiveAdd(t: number, minutes: number): number {
  let local = t + OFFSET;
  let left = minutes;
  let day = Math.floor(local / DAY) * DAY;
  for (;;) {
    for (const [s, e] of periodsOn(day)) {
      const ps = day + s! * MINUTE;
      const pe = day + e! * MINUTE;
      if (pe <= local) continue;
      const from = Math.max(ps, local);
      const avail = (pe - from) / MINUTE;
      if (left === 0) return from - OFFSET;
      if (avail >= left) return from + left * MINUTE - OFFSET;
      left -= avail;
      local = pe;
    }
    day += DAY;
    local = Math.max(local, day);
  }
}

// ---------------------------------------------------------------------------------------------
// Inputs: anchors over 2025 and the first half of 2026 (so 60 working days stay inside the data)

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let x = Math.imul(s ^ (s >>> 15), 1 | s);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}
const from = Date.parse('2025-01-02T00:00:00+08:00');
const span = Date.parse('2026-07-01T00:00:00+08:00') - from;
const random = rng(42);
const N = 1 << 16;
const anchors = new Float64Array(N);
const amounts = new Float64Array(N);
for (let i = 0; i < N; i++) {
  anchors[i] = from + Math.floor((random() * span) / MINUTE) * MINUTE;
  amounts[i] = Math.floor(random() * MAX_MINUTES);
}

// Correctness first: the baseline must agree with the library.
for (let i = 0; i < 5_000; i++) {
  const a = cal.addWorkingTime(anchors[i]!, amounts[i]!);
  const b = naiveAdd(anchors[i]!, amounts[i]!);
  if (a !== b) {
    throw new Error(
      `baseline disagrees at ${new Date(anchors[i]!).toISOString()} + ${amounts[i]} min: ${new Date(a).toISOString()} vs ${new Date(b).toISOString()}`,
    );
  }
}

function run(label: string, calls: number, add: (t: number, m: number) => number): number {
  let sink = 0;
  for (let i = 0; i < 20_000; i++) sink += add(anchors[i & (N - 1)]!, amounts[i & (N - 1)]!); // warm-up
  const t0 = performance.now();
  for (let i = 0; i < calls; i++) sink += add(anchors[i & (N - 1)]!, amounts[i & (N - 1)]!);
  const ms = performance.now() - t0;
  const perSecond = (calls / ms) * 1000;
  console.log(
    `${label.padEnd(34)} ${calls.toLocaleString('en')} calls in ${ms.toFixed(0)} ms = ${Math.round(perSecond).toLocaleString('en')} calls/s${sink === 0 ? '' : ''}`,
  );
  return perSecond;
}

console.log(`China calendar, amounts 0–${MAX_MINUTES} working minutes (up to 60 working days)`);
const lib = run('library (interval index)', CALLS, (t, m) => cal.addWorkingTime(t, m));
const base = run('baseline (day-by-day loop)', BASELINE_CALLS, naiveAdd);
console.log(
  `target ≥ 1,000,000 calls/s: ${lib >= 1e6 ? 'met' : 'NOT met'} (this machine's figure)`,
);
printRatio({
  name: 'calendar.library/baseline',
  of: 'library calls/s',
  floor: 'day-by-day baseline calls/s',
  ratio: lib / base,
  better: 'higher',
  target: 20,
});

// Short horizons (≤ 1 working day) for reference: the baseline's best case.
if (process.env.CAL_SHORT === '0') process.exit(0);
for (let i = 0; i < N; i++) amounts[i] = Math.floor(random() * 450);
const libShort = run('library, ≤ 1 working day', CALLS, (t, m) => cal.addWorkingTime(t, m));
const baseShort = run('baseline, ≤ 1 working day', BASELINE_CALLS, naiveAdd);
console.log(`ratio on short horizons: ${(libShort / baseShort).toFixed(1)}×`);
