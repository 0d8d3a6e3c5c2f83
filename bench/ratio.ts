/**
 * How a benchmark prints a figure with a target: as a ratio to a floor (or baseline) measured
 * in the same run, so the figure holds on another machine, plus one machine-readable line
 * (`BENCH_RATIO {json}`) that `pnpm bench:check` (bench/check.mjs) reads and holds against the
 * bounds in bench/bounds.json.
 */
export interface BenchRatio {
  /** Stable key, also the key in bench/bounds.json (`reports.report/readPort`). */
  readonly name: string;
  /** What is measured and what it is divided by, for the human line. */
  readonly of: string;
  readonly floor: string;
  readonly ratio: number;
  /**
   * `lower` (a time against its floor's time: ≥ 1, smaller is better) or `higher` (a speed-up
   * over a baseline: larger is better).
   */
  readonly better: 'lower' | 'higher';
  /** The target the issue sets for this ratio, if it sets one. */
  readonly target?: number;
}

/** Prints a ratio for people, then the line `pnpm bench:check` reads. */
export function printRatio(r: BenchRatio): void {
  let verdict = '';
  if (r.target !== undefined) {
    const met = r.better === 'lower' ? r.ratio <= r.target : r.ratio >= r.target;
    verdict = ` — target ${r.better === 'lower' ? '≤' : '≥'} ${r.target}× (${met ? 'met' : 'NOT met'})`;
  }
  console.log(`ratio ${r.name}: ${r.ratio.toFixed(2)}× (${r.of} / ${r.floor})${verdict}`);
  console.log(`BENCH_RATIO ${JSON.stringify({ name: r.name, ratio: r.ratio, better: r.better })}`);
}

/** The median of some figures. */
export function medianOf(xs: readonly number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
}
