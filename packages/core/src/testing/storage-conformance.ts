import { type Issue, ValidationError } from '../errors';
import type { StorageAdapter } from '../storage/storage-port';
import { CONFORMANCE_GROUPS, type ConformanceGroup } from './conformance-groups';
import { batchTests } from './groups/batches';
import { concurrencyTests } from './groups/concurrency';
import { engineTests } from './groups/engine';
import { eventTests } from './groups/events';
import { feedTests } from './groups/feed';
import { idempotencyTests } from './groups/idempotency';
import { isolationTests } from './groups/isolation';
import { queryTests } from './groups/queries';
import { recordTests } from './groups/records';
import { type SuiteContext, suiteContext } from './groups/suite-context';
import { timerTests } from './groups/timers';
import { transactionTests } from './groups/transactions';
import { lookupTests, workListTests } from './groups/work-lists';
import { type ConformanceTestFunctions, resolveTestFunctions } from './test-functions';

/** Options of {@link testStorageAdapter}. */
export interface StorageAdapterSuiteOptions {
  /** Name shown in the test report. */
  readonly name: string;
  /** A fresh, empty adapter for each test. */
  readonly create: () => StorageAdapter | Promise<StorageAdapter>;
  /**
   * Groups not to run, for an adapter that cannot offer them (say it allows one transaction at
   * a time and so skips `concurrency`). Every other group runs.
   */
  readonly skip?: readonly ConformanceGroup[];
  /**
   * The test runner's functions: `{ describe, it, expect, beforeEach, afterEach }`. Jest's and
   * vitest's fit as they are. Leave it out to use the runner's globals (Jest's, vitest's with
   * `globals: true`) or, inside vitest, vitest's own; the suite itself never imports a runner.
   */
  readonly test?: ConformanceTestFunctions;
  /** Extra tests of the adapter's own, run inside the same `describe`. */
  readonly additionalTests?: (getAdapter: () => StorageAdapter) => void;
}

const GROUP_TESTS: Record<ConformanceGroup, (s: SuiteContext) => void> = {
  records: recordTests,
  queries: queryTests,
  worklists: workListTests,
  lookups: lookupTests,
  transactions: transactionTests,
  events: eventTests,
  timers: timerTests,
  batches: batchTests,
  idempotency: idempotencyTests,
  isolation: isolationTests,
  concurrency: concurrencyTests,
  engine: engineTests,
  feed: feedTests,
};

/** `skip` checked at run time too, for callers without the types: a typo skips nothing. */
function skippedGroups(skip: unknown): ReadonlySet<ConformanceGroup> {
  if (skip === undefined) return new Set();
  const list: unknown[] = Array.isArray(skip) ? skip : [skip];
  const issues: Issue[] = [];
  if (!Array.isArray(skip)) {
    issues.push({
      path: ['skip'],
      message: 'must be an array of group names',
      code: 'invalid_type',
    });
  }
  list.forEach((group, i) => {
    if (!CONFORMANCE_GROUPS.includes(group as ConformanceGroup)) {
      issues.push({
        path: ['skip', i],
        message: `must be one of ${CONFORMANCE_GROUPS.join(', ')}`,
        code: 'invalid_value',
      });
    }
  });
  if (issues.length > 0) throw new ValidationError('storage conformance suite options', issues);
  return new Set(list as ConformanceGroup[]);
}

/**
 * The storage-port conformance suite. Every adapter — ours and third parties' — runs it
 * unchanged, in named groups ({@link CONFORMANCE_GROUPS}) that `skip` can switch off, with the
 * test functions of whatever runner the adapter's tests use:
 *
 * @example
 * ```ts
 * import { testStorageAdapter } from '@dealercare/core/testing';
 * import { describe, it, expect, beforeEach, afterEach } from 'vitest'; // or Jest's
 * import { myAdapter } from '../src';
 *
 * testStorageAdapter({
 *   name: 'my-adapter',
 *   create: () => myAdapter({ url: process.env.DB_URL }),
 *   test: { describe, it, expect, beforeEach, afterEach },
 * });
 * ```
 *
 * Bad options (an unknown group in `skip`, no test functions to be found) throw
 * `VALIDATION_FAILED` naming the option.
 */
export function testStorageAdapter(options: StorageAdapterSuiteOptions): void {
  const skipped = skippedGroups(options.skip);
  const test = resolveTestFunctions(options.test);
  test.describe(`storage adapter conformance: ${options.name}`, () => {
    let adapter: StorageAdapter | undefined;
    test.beforeEach(async () => {
      adapter = await options.create();
    });
    test.afterEach(async () => {
      const done = adapter;
      adapter = undefined;
      await done?.close();
    });
    const current = (): StorageAdapter => {
      if (adapter === undefined) throw new Error('no adapter: create() has not finished');
      return adapter;
    };
    const context = suiteContext(test, current);
    for (const group of CONFORMANCE_GROUPS) {
      if (skipped.has(group)) continue;
      test.describe(group, () => GROUP_TESTS[group](context));
    }
    options.additionalTests?.(current);
  });
}
