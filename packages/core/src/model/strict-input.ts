import { z } from 'zod';
import type { Issue } from '../errors';

/**
 * Edit distance between two short keys, case ignored: insertions, deletions, substitutions and
 * swaps of two neighbouring letters (`vaild` → `valid` is one edit).
 */
function distance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  const d: number[][] = Array.from({ length: x.length + 1 }, (_, i) =>
    Array.from({ length: y.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= x.length; i++) {
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) {
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      }
      d[i]![j] = best;
    }
  }
  return d[x.length]![y.length]!;
}

/**
 * The declared key an unknown one was probably meant to be: the same letters in another case, or
 * one edit away (two for keys longer than five characters). `undefined` when none is that close.
 */
export function closestKey(key: string, known: readonly string[]): string | undefined {
  if (key.length > 64) return undefined;
  let best: string | undefined;
  let bestDistance = key.length > 5 ? 2 : 1;
  for (const k of known) {
    const d = distance(key, k);
    if (d < bestDistance || (d === bestDistance && best === undefined)) {
      best = k;
      bestDistance = d;
    }
  }
  return best;
}

/** The message for one unknown key, with the known key it is closest to when there is one. */
export function unknownKeyMessage(key: string, known: readonly string[]): string {
  const hint = closestKey(key, known);
  return `unknown key "${key}"${hint !== undefined ? ` (did you mean "${hint}"?)` : ''}`;
}

/**
 * An object a caller sends (a DMS event, a command input, a profile): a key the schema does not
 * declare is refused, never dropped — a typo such as `pickedup` for `pickedUp` would otherwise
 * turn into the default value without anybody noticing. The message names the key and the
 * declared key it is closest to; {@link issuesFromZod} gives each unknown key its own path.
 */
export function strictInput<T extends z.ZodRawShape>(shape: T) {
  const known = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys' && issue.keys.length === 1
        ? unknownKeyMessage(issue.keys[0]!, known)
        : undefined,
  });
}

/**
 * Turns zod's issues into the library's {@link Issue}s, under `prefix` (e.g. the index of an
 * event in a batch). An object with unknown keys becomes one issue per key whose path ends at
 * the key (`customer.preferences.noPhoneCall`), so the caller sees exactly what to remove.
 */
export function issuesFromZod(
  error: z.ZodError,
  prefix: readonly (string | number)[] = [],
): Issue[] {
  const out: Issue[] = [];
  for (const i of error.issues) {
    const path = [...prefix, ...i.path.map((p) => (typeof p === 'number' ? p : String(p)))];
    if (i.code === 'unrecognized_keys') {
      for (const key of i.keys) {
        out.push({
          path: [...path, key],
          message: i.keys.length === 1 ? i.message : `unknown key "${key}"`,
          code: i.code,
        });
      }
    } else {
      out.push({ path, message: i.message, code: i.code });
    }
  }
  return out;
}
