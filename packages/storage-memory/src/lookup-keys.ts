import { type FewIds, listOf, withId, withoutId } from './few-ids';

/**
 * The lookup keys of one (dealer, kind) bucket: for each key, the ids of the records that carry
 * it, and the keys in order (built on the first prefix lookup after a key was added or dropped)
 * so a prefix lookup is a binary search and a walk, not a scan of every record.
 */
export class LookupKeys {
  /** The records of each key. */
  private readonly ids = new Map<string, FewIds>();
  private ordered: string[] | undefined;

  /** Replaces the keys of record `id`: `before` are dropped, `after` added. */
  replace(id: string, before: readonly string[] | undefined, after: readonly string[] | undefined) {
    for (const key of before ?? []) {
      if (after?.includes(key)) continue;
      const ids = this.ids.get(key);
      if (ids === undefined) continue;
      const rest = withoutId(ids, id);
      if (rest !== undefined) this.ids.set(key, rest);
      else {
        this.ids.delete(key);
        this.ordered = undefined;
      }
    }
    for (const key of after ?? []) {
      const ids = this.ids.get(key);
      if (ids === undefined) this.ordered = undefined;
      this.ids.set(key, withId(ids, id));
    }
  }

  /** The ids of the records with key `key`, or with a key starting with it when `prefix`. */
  find(key: string, prefix: boolean): Set<string> {
    if (!prefix) return new Set(listOf(this.ids.get(key)));
    if (this.ordered === undefined) this.ordered = [...this.ids.keys()].sort();
    const keys = this.ordered;
    let lo = 0;
    let hi = keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (keys[mid]! < key) lo = mid + 1;
      else hi = mid;
    }
    const out = new Set<string>();
    for (let i = lo; i < keys.length && keys[i]!.startsWith(key); i++) {
      for (const id of listOf(this.ids.get(keys[i]!))) out.add(id);
    }
    return out;
  }
}
