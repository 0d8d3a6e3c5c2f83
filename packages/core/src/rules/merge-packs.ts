/**
 * How a pack that `extends` another is merged over it:
 *
 * - objects merge key by key, recursively;
 * - arrays whose elements all have an `id` merge **by id**: an element with a known id is
 *   merged into the base element (in the base's position), a new id is appended, and an
 *   element `{ "id": "x", "$remove": true }` removes `x`;
 * - any other array, and any scalar, replaces the base value;
 * - `extends` itself is not inherited.
 *
 * The result is a fresh object; neither input is modified.
 */
export function mergePacks(base: unknown, override: unknown): unknown {
  if (isPlainObject(base) && isPlainObject(override)) {
    const out: Record<string, unknown> = Object.create(null);
    for (const [k, v] of Object.entries(base)) if (k !== 'extends') out[k] = v;
    for (const [k, v] of Object.entries(override)) {
      out[k] = k in out ? mergePacks(out[k], v) : v;
    }
    return { ...out };
  }
  if (Array.isArray(base) && Array.isArray(override) && keyedById(base) && keyedById(override)) {
    const result = base.map((x) => ({ ...x }));
    for (const item of override) {
      const at = result.findIndex((x) => x.id === item.id);
      if (item.$remove === true) {
        if (at >= 0) result.splice(at, 1);
      } else if (at >= 0) {
        result[at] = mergePacks(result[at], item) as { id: unknown };
      } else {
        result.push(item);
      }
    }
    return result;
  }
  return override;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function keyedById(a: unknown[]): a is Array<{ id: unknown; $remove?: unknown }> {
  return a.length > 0 && a.every((x) => isPlainObject(x) && typeof x.id === 'string');
}
