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
    // json-rules-engine applies a path only when it is a non-empty string (`if (path)`).
    const path = typeof ref.path === 'string' && ref.path !== '' ? ref.path : undefined;
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

/** Thrown inside `JSON.stringify` when a value is not plain JSON data. */
const NOT_PLAIN = new Error('not plain JSON');

/**
 * A replacer that accepts only plain JSON data: a `Date` (seen here already as its ISO string),
 * `NaN`, a function, a `Map` or an `undefined` array element would stringify like something else.
 */
function plainOnly(this: unknown, key: string, v: unknown): unknown {
  // `toJSON` already turned a Date (and the like) into something else; NaN is not itself.
  if ((this as Record<string, unknown>)[key] !== v) throw NOT_PLAIN;
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return v;
    case 'number':
      if (!Number.isFinite(v)) throw NOT_PLAIN;
      return v;
    case 'object': {
      if (v === null || Array.isArray(v)) return v;
      const proto = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null) throw NOT_PLAIN;
      return v;
    }
    case 'undefined':
      // A missing property of an object is fine (it is dropped, as the path resolver would not
      // find it); an undefined array element would read as null.
      if (Array.isArray(this)) throw NOT_PLAIN;
      return v;
    default:
      throw NOT_PLAIN;
  }
}

/**
 * The values of the referenced facts as one string: equal strings mean every condition sees
 * the same values. `undefined` (a missing fact or path) is kept apart from `null`. Returns
 * `undefined` — do not cache — when a value is not plain JSON data (a `Date`, `NaN`, a
 * function, a cycle) or when a reference reads a whole object (the key would be the whole
 * event, different every time).
 */
export function decisionKey(
  refs: readonly FactReference[],
  facts: Readonly<Record<string, unknown>>,
): string | undefined {
  let key = '';
  for (const r of refs) {
    const fact = facts[r.fact];
    // As json-rules-engine reads it: a path into an object, else the fact's own value.
    const v =
      r.path !== undefined && typeof fact === 'object' && fact !== null
        ? dotPathResolver(fact, r.path)
        : fact;
    if (v === undefined) {
      key += '~\u0001';
      continue;
    }
    // Primitives, the usual case, need no walk.
    if (typeof v === 'string' || typeof v === 'boolean' || v === null) {
      key += `${JSON.stringify(v)}\u0001`;
      continue;
    }
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) return undefined;
      key += `${v}\u0001`;
      continue;
    }
    if (r.path === undefined && typeof v === 'object') return undefined;
    try {
      key += `${JSON.stringify({ v }, plainOnly)}\u0001`;
    } catch {
      return undefined;
    }
  }
  return key;
}

/** Decisions by {@link decisionKey}, least recently used dropped first. */
export function decisionCache<V extends {}>(max: number): LRUCache<string, V> | undefined {
  return max > 0 ? new LRUCache<string, V>({ max }) : undefined;
}

/**
 * A trigger's decision for these facts: the one kept in `cache` under the values `refs` read,
 * or `decide()`'s, kept there for next time. Without a cache, or when a value cannot be keyed,
 * it is always decided afresh.
 */
export async function cachedDecision<V extends {}>(
  cache: LRUCache<string, V> | undefined,
  refs: readonly FactReference[],
  trigger: string,
  facts: Readonly<Record<string, unknown>>,
  decide: () => Promise<V>,
): Promise<V> {
  const values = cache === undefined ? undefined : decisionKey(refs, facts);
  if (values === undefined) return decide();
  const key = `${trigger}\u0000${values}`;
  let decision = cache!.get(key);
  if (decision === undefined) {
    decision = await decide();
    cache!.set(key, decision);
  }
  return decision;
}
