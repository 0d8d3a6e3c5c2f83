import { type Issue, ValidationError } from '../errors';

/**
 * The assertions the conformance suite makes: a small part of `expect` that vitest's and Jest's
 * share, with the same meaning (`toEqual` ignores properties that are `undefined`).
 */
export interface ConformanceMatchers {
  toBe(expected: unknown): void;
  toEqual(expected: unknown): void;
  toMatchObject(expected: object): void;
  toBeInstanceOf(expected: abstract new (...args: never[]) => unknown): void;
  toBeUndefined(): void;
  toBeDefined(): void;
  toHaveLength(length: number): void;
  toBeGreaterThan(than: number): void;
  readonly not: { toContain(item: unknown): void };
}

/** `expect` as the conformance suite calls it. */
export type ConformanceExpect = (actual: unknown) => ConformanceMatchers;

/**
 * The test functions the conformance suite registers its tests with. vitest's and Jest's fit
 * as they are (`{ describe, it, expect, beforeEach, afterEach }`); another runner needs a few
 * lines of glue (the suite's own tests run it on `node:test` with `node:assert`).
 */
export interface ConformanceTestFunctions {
  describe(name: string, body: () => void): void;
  it(name: string, body: () => Promise<void>): void;
  beforeEach(hook: () => Promise<void>): void;
  afterEach(hook: () => Promise<void>): void;
  readonly expect: ConformanceExpect;
}

const NAMES = ['describe', 'it', 'expect', 'beforeEach', 'afterEach'] as const;

/** `source` when it has every test function, else undefined. */
function complete(source: unknown): ConformanceTestFunctions | undefined {
  if (source === null || typeof source !== 'object') return undefined;
  const s = source as Record<string, unknown>;
  if (!NAMES.every((name) => typeof s[name] === 'function')) return undefined;
  return {
    describe: s.describe as ConformanceTestFunctions['describe'],
    it: s.it as ConformanceTestFunctions['it'],
    expect: s.expect as ConformanceExpect,
    beforeEach: s.beforeEach as ConformanceTestFunctions['beforeEach'],
    afterEach: s.afterEach as ConformanceTestFunctions['afterEach'],
  };
}

/**
 * The test functions to use: those given; else the runner's globals (Jest's, or vitest's with
 * `globals: true`); else, inside a vitest worker, vitest's own — found through the namespace
 * vitest's workers keep on `globalThis` (the one `import.meta.vitest` reads), so nothing here
 * imports vitest and the suite loads without it. Anything else is `VALIDATION_FAILED` at `test`.
 */
export function resolveTestFunctions(given: unknown): ConformanceTestFunctions {
  if (given !== undefined) {
    const found = complete(given);
    if (found !== undefined) return found;
    const g = (given ?? {}) as Record<string, unknown>;
    const issues: Issue[] = NAMES.filter((name) => typeof g[name] !== 'function').map((name) => ({
      path: ['test', name],
      message: 'must be the test runner’s function of that name',
      code: 'invalid_type',
    }));
    throw new ValidationError('storage conformance suite options', issues);
  }
  const fromGlobals = complete(globalThis);
  if (fromGlobals !== undefined) return fromGlobals;
  const vitest = complete((globalThis as { __vitest_index__?: unknown }).__vitest_index__);
  if (vitest !== undefined) return vitest;
  throw new ValidationError('storage conformance suite options', [
    {
      path: ['test'],
      message:
        'no test functions: pass `test: { describe, it, expect, beforeEach, afterEach }` from your test runner',
      code: 'invalid_type',
    },
  ]);
}
