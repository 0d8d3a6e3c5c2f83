/**
 * The ids under one key of an index (a lookup key, a customer): one id as itself, more as an
 * array of exactly their number. Most keys name one record, and a `Set` per key, or an array
 * grown by `push` (by half again plus 16 slots), weighed more than the records' own keys.
 */
export type FewIds = string | readonly string[];

/** `ids` with `id` added (unchanged if it is there). */
export function withId(ids: FewIds | undefined, id: string): FewIds {
  if (ids === undefined || ids === id) return id;
  if (typeof ids === 'string') return [ids, id];
  return ids.includes(id) ? ids : [...ids, id];
}

/** `ids` without `id`; `undefined` when none is left. */
export function withoutId(ids: FewIds, id: string): FewIds | undefined {
  if (typeof ids === 'string') return ids === id ? undefined : ids;
  const rest = ids.filter((x) => x !== id);
  return rest.length === 0 ? undefined : rest.length === 1 ? rest[0] : rest;
}

/** The ids, as a list. */
export function listOf(ids: FewIds | undefined): readonly string[] {
  return ids === undefined ? [] : typeof ids === 'string' ? [ids] : ids;
}
