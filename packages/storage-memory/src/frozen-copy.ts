/**
 * A deep copy of a JSON value in which every object and array is frozen, made in one walk.
 * The adapter stores these: a caller can neither change a row after writing it (it keeps its own
 * object) nor through a row it read (it gets the frozen row, and a write throws a `TypeError`),
 * so reads need no copy at all.
 *
 * Frozen parts are shared, not copied again: an engine write is usually a new top-level object
 * around the nested parts of the row it read (frozen by this function), so storing it costs what
 * changed, not the whole record. A frozen object is taken to be deeply frozen: freezing only the
 * top of an object you then keep changing inside is not supported.
 */
export function frozenCopy<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  let out: object;
  if (Array.isArray(value)) {
    const copy = new Array(value.length);
    for (let i = 0; i < value.length; i++) copy[i] = frozenCopy(value[i]);
    out = copy;
  } else {
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      const v = (value as Record<string, unknown>)[key];
      if (v === undefined) continue;
      // An own `__proto__` key (JSON.parse makes them) stays data, never the copy's prototype.
      if (key === '__proto__') {
        Object.defineProperty(copy, key, { value: frozenCopy(v), enumerable: true });
      } else copy[key] = frozenCopy(v);
    }
    out = copy;
  }
  Object.freeze(out);
  return out as T;
}
