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
    const source = value as Record<string, unknown>;
    const keys = Object.keys(source).filter((key) => source[key] !== undefined);
    const copy = blankWith(keys);
    for (const key of keys) {
      // An own `__proto__` key (JSON.parse makes them) stays data, never the copy's prototype.
      if (key === '__proto__') {
        Object.defineProperty(copy, key, { value: frozenCopy(source[key]), enumerable: true });
      } else copy[key] = frozenCopy(source[key]);
    }
    out = copy;
  }
  Object.freeze(out);
  return out as T;
}

/**
 * Objects with at most this many properties are built from `{}`, which holds four inside the
 * object; larger ones from a template (see {@link blankWith}).
 */
const IN_OBJECT = 4;

/** The JSON of an object with `keys`, each `null`, by the keys joined with NUL. */
const templates = new Map<string, string>();
const MAX_TEMPLATES = 1024;

/**
 * An empty-valued object that will hold `keys`. Properties added one by one to `{}` past the
 * fourth go to a separate property array, grown in steps with room to spare: a stored visit's
 * data, window and history entries all have more. `JSON.parse` of an object with the same keys
 * makes one with every property inside the object, as a literal would, so a stored copy of an
 * object with eight properties weighs about a quarter less. The JSON of each key set is kept
 * (record shapes are few; past `MAX_TEMPLATES`, new ones are built without keeping them).
 */
export function blankWith(keys: readonly string[]): Record<string, unknown> {
  if (keys.length <= IN_OBJECT) return {};
  const signature = keys.join('\u0000');
  let json = templates.get(signature);
  if (json === undefined) {
    json = `{${keys.map((k) => `${JSON.stringify(k)}:null`).join(',')}}`;
    if (templates.size < MAX_TEMPLATES) templates.set(signature, json);
  }
  return JSON.parse(json) as Record<string, unknown>;
}
