import { LRUCache } from 'lru-cache';
import { dotPathResolver } from './condition';

/** A fact a condition reads: `event`, or `event` at `repairKind`. */
export interface FactReference {
  readonly fact: string;
  readonly path?: string;
}

/**
 * Every fact (and path) a condition tree reads: the left side of each comparison and any
 * `value: { fact, path }` on the right. A decision depends on nothing else — the operators are
 * json-rules-engine's built-in ones and facts are plain values — so it can be cached by them.
 */
export function factReferences(node: unknown, into: FactReference[] = []): FactReference[] {
  if (typeof node !== 'object' || node === null) return into;
  const n = node as Record<string, unknown>;
  for (const key of ['all', 'any'] as const) {
    if (Array.isArray(n[key])) for (const c of n[key]) factReferences(c, into);
  }
  if (n.not !== undefined) factReferences(n.not, into);
  const add = (ref: Record<string, unknown>) => {
    if (typeof ref.fact !== 'string') return;
    const path = typeof ref.path === 'string' ? ref.path : undefined;
    if (!into.some((r) => r.fact === ref.fact && r.path === path)) {
      into.push(path === undefined ? { fact: ref.fact } : { fact: ref.fact, path });
    }
  };
  if (typeof n.fact === 'string') add(n);
  if (typeof n.value === 'object' && n.value !== null && !Array.isArray(n.value)) {
    add(n.value as Record<string, unknown>);
  }
  return into;
}

/**
 * The values of the referenced facts as one string: equal strings mean every condition sees
 * the same values. `undefined` (a missing fact or path) is kept apart from `null`.
 */
export function decisionKey(
  refs: readonly FactReference[],
  facts: Readonly<Record<string, unknown>>,
): string {
  let key = '';
  for (const r of refs) {
    const fact = facts[r.fact];
    // As json-rules-engine reads it: a path into an object, else the fact's own value.
    const v =
      r.path !== undefined && typeof fact === 'object' && fact !== null
        ? dotPathResolver(fact, r.path)
        : fact;
    key += v === undefined ? '~\u0001' : `${JSON.stringify(v)}\u0001`;
  }
  return key;
}

/** Decisions by {@link decisionKey}, least recently used dropped first. */
export function decisionCache<V extends {}>(max: number): LRUCache<string, V> | undefined {
  return max > 0 ? new LRUCache<string, V>({ max }) : undefined;
}
