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
    const copy = blankFor(keys.length);
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
 * object; larger ones, up to {@link MAX_IN_OBJECT}, by a constructor (see {@link blankFor}).
 */
const IN_OBJECT = 4;
const MAX_IN_OBJECT = 24;

/** For each count of properties, a constructor of plain objects that hold that many inside. */
const constructors: (new () => Record<string, unknown>)[] = [];

/**
 * An empty plain object that will hold `count` properties. Properties added one by one to `{}`
 * past the fourth go to a separate property array, grown in steps with room to spare: a stored
 * visit's data, window and history entries all have more. Objects a constructor makes are sized
 * by V8 for the `this.…` assignments in its source, then trimmed to what its first objects were
 * given ("slack tracking"): a constructor used only for objects of `count` properties makes
 * them with all of them inside, as a literal would, so a stored copy of an object with eight
 * properties weighs about a quarter less. Its prototype is `Object.prototype`: the objects are
 * as plain as `{}`.
 */
export function blankFor(count: number): Record<string, unknown> {
  if (count <= IN_OBJECT || count > MAX_IN_OBJECT) return {};
  let Blank = constructors[count];
  if (Blank === undefined) {
    Blank = sizedConstructor();
    constructors[count] = Blank;
  }
  return new Blank();
}

/** Never true: the assignments it guards are there to be counted, not run. */
const sizing = { run: false };

/** A new constructor (with its own sizing) of plain objects with room for 24 properties. */
function sizedConstructor(): new () => Record<string, unknown> {
  // A function, not an arrow (which cannot construct) nor a class (whose prototype is fixed).
  const Blank = function (this: Record<string, unknown>) {
    if (sizing.run) {
      this.p0 = 0;
      this.p1 = 0;
      this.p2 = 0;
      this.p3 = 0;
      this.p4 = 0;
      this.p5 = 0;
      this.p6 = 0;
      this.p7 = 0;
      this.p8 = 0;
      this.p9 = 0;
      this.p10 = 0;
      this.p11 = 0;
      this.p12 = 0;
      this.p13 = 0;
      this.p14 = 0;
      this.p15 = 0;
      this.p16 = 0;
      this.p17 = 0;
      this.p18 = 0;
      this.p19 = 0;
      this.p20 = 0;
      this.p21 = 0;
      this.p22 = 0;
      this.p23 = 0;
    }
  } as unknown as new () => Record<string, unknown>;
  Blank.prototype = Object.prototype;
  return Blank;
}
