import { createHash } from 'node:crypto';

/** A candidate for a survey sample: a customer served by a staff member at an outlet. */
export interface SampleCandidate {
  /** Stable id (e.g. the repair order or visit id). */
  readonly id: string;
  /** The group the quota applies to: a service advisor for CSI, an outlet for secondary outlets. */
  readonly group: string;
}

/** Options of {@link drawSample}. */
export interface SampleOptions {
  /** How many per group (e.g. 10 per service advisor; at least 5 per secondary outlet). */
  readonly perGroup: number;
  /** Any string; the same seed, period and candidates always draw the same sample. */
  readonly seed: string;
  /** The period the sample is for (e.g. `2026-03`); a new period draws afresh. */
  readonly period: string;
}

/**
 * A candidate's sampling key: SHA-256 of (seed, period, id). Sorting by it is a uniformly
 * random permutation that depends only on the seed and the period — not on the order the
 * candidates arrive in.
 */
function sampleKey(seed: string, period: string, id: string): string {
  return createHash('sha256').update(`${seed}\u0000${period}\u0000${id}`).digest('hex');
}

/**
 * Draws up to `perGroup` candidates from each group — all of a group that has fewer —
 * deterministically (same inputs → same sample, whatever the input order) and without bias
 * (every subset of a group of the same size is equally likely over seeds). Returns the chosen
 * candidates grouped, each group in sampling order.
 *
 * This serves both quotas of [002]: a CSI sample of 10 customers per service advisor, and at
 * least 5 visits per secondary outlet (all of them when it has fewer than 5).
 */
export function drawSample<C extends SampleCandidate>(
  candidates: readonly C[],
  options: SampleOptions,
): Map<string, C[]> {
  if (!Number.isInteger(options.perGroup) || options.perGroup < 0) {
    throw new RangeError(`perGroup must be a non-negative integer, got ${options.perGroup}`);
  }
  const groups = new Map<string, Array<{ key: string; c: C }>>();
  const seen = new Set<string>();
  for (const c of candidates) {
    if (seen.has(c.id)) continue; // one customer counts once
    seen.add(c.id);
    let g = groups.get(c.group);
    if (g === undefined) {
      g = [];
      groups.set(c.group, g);
    }
    g.push({ key: sampleKey(options.seed, options.period, c.id), c });
  }
  const out = new Map<string, C[]>();
  for (const group of [...groups.keys()].sort()) {
    const g = groups.get(group)!;
    g.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    out.set(
      group,
      g.slice(0, options.perGroup).map((x) => x.c),
    );
  }
  return out;
}
