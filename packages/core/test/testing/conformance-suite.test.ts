import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { memoryStorage } from '@dealercare/storage-memory';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DealercareError, ValidationError } from '../../src';
import {
  CONFORMANCE_GROUPS,
  type ConformanceTestFunctions,
  type StorageAdapterSuiteOptions,
  testStorageAdapter,
} from '../../src/testing';
import { resolveTestFunctions } from '../../src/testing/test-functions';

const here = dirname(fileURLToPath(import.meta.url));
const packageDir = join(here, '..', '..');

/** The tests the suite registers, as `[group, test]`, through test functions that only record. */
function registered(options: Partial<StorageAdapterSuiteOptions> = {}): [string, string][] {
  const names: [string, string][] = [];
  const path: string[] = [];
  const test: ConformanceTestFunctions = {
    describe: (name, body) => {
      path.push(name);
      body();
      path.pop();
    },
    it: (name) => {
      names.push([path.at(-1)!, name]);
    },
    beforeEach: () => {},
    afterEach: () => {},
    expect: () => {
      throw new Error('not run');
    },
  };
  testStorageAdapter({ name: 'recorded', create: () => memoryStorage(), test, ...options });
  return names;
}

function failureOf(fn: () => unknown): DealercareError {
  try {
    fn();
  } catch (error) {
    return error as DealercareError;
  }
  throw new Error('did not throw');
}

/** Runs the suite on node:test in a process that cannot import vitest; resolves with its TAP. */
function runOnNodeTest(args: readonly string[]): Promise<{ code: number | null; tap: string }> {
  const child = spawn(
    process.execPath,
    [
      '--conditions=dealercare-source',
      '--import',
      'tsx',
      '--import',
      join(here, 'fixtures', 'refuse-vitest.mjs'),
      '--test-reporter=tap',
      join(here, 'fixtures', 'node-test-conformance.ts'),
      ...args,
    ],
    { cwd: packageDir, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let tap = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    tap += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  return new Promise((resolve) => {
    child.on('exit', (code) => resolve({ code, tap: tap + stderr }));
  });
}

/** The leaf tests of a TAP report (a suite's line is followed by `type: 'suite'`), by outcome. */
function leafTests(tap: string): { passed: string[]; failed: string[] } {
  const lines = tap.split('\n');
  const passed: string[] = [];
  const failed: string[] = [];
  lines.forEach((line, i) => {
    const m = /^\s*(ok|not ok) \d+ - (.*)$/.exec(line);
    if (m === null || lines.slice(i + 1, i + 4).some((l) => l.includes("type: 'suite'"))) return;
    (m[1] === 'ok' ? passed : failed).push(m[2]!);
  });
  return { passed, failed };
}

describe('the conformance suite', () => {
  it('registers every group as a describe of its name, in order, each with tests', () => {
    const groups = registered().map(([group]) => group);
    expect([...new Set(groups)]).toEqual([...CONFORMANCE_GROUPS]);
  });

  it('leaves out exactly the groups in `skip`', () => {
    const all = registered();
    const some = registered({ skip: ['concurrency', 'engine'] });
    expect(some).toEqual(all.filter(([g]) => g !== 'concurrency' && g !== 'engine'));
    expect(some.length).toBeLessThan(all.length);
  });

  it('refuses an unknown group or missing test function with VALIDATION_FAILED at its path', () => {
    const unknown = failureOf(() =>
      registered({ skip: ['records', 'concurency' as never] }),
    ) as ValidationError;
    expect(unknown.code).toBe('VALIDATION_FAILED');
    expect(unknown.issues.map((i) => i.path)).toEqual([['skip', 1]]);
    const partial = failureOf(() =>
      testStorageAdapter({
        name: 'x',
        create: () => memoryStorage(),
        test: { describe, it, beforeEach, afterEach } as never,
      }),
    ) as ValidationError;
    expect(partial.code).toBe('VALIDATION_FAILED');
    expect(partial.issues.map((i) => i.path)).toEqual([['test', 'expect']]);
  });

  it("without `test`, takes the runner's globals, else vitest's own functions", () => {
    // vitest's, found without importing vitest: what our adapters' conformance tests rely on.
    expect(resolveTestFunctions(undefined)).toMatchObject({ describe, it, expect });
    // Jest's are globals.
    const g = globalThis as Record<string, unknown>;
    const jestLike = {
      describe: () => {},
      it: () => {},
      expect: () => {},
      beforeEach: () => {},
      afterEach: () => {},
    };
    Object.assign(g, jestLike);
    try {
      expect(resolveTestFunctions(undefined)).toEqual(jestLike);
    } finally {
      for (const name of Object.keys(jestLike)) delete g[name];
    }
  });

  it('runs unchanged on node:test with node:assert, in a process that cannot import vitest', async () => {
    const { code, tap } = await runOnNodeTest(['memory']);
    expect(tap).toContain('# vitest refused');
    const { passed, failed } = leafTests(tap);
    expect(failed).toEqual([]);
    expect(passed.sort()).toEqual(
      registered()
        .map(([, test]) => test)
        .sort(),
    );
    expect(code).toBe(0);
  }, 60_000);

  it('fails there too when the adapter is wrong: stale writes that win', async () => {
    const others = CONFORMANCE_GROUPS.filter((g) => g !== 'records');
    const { code, tap } = await runOnNodeTest(['broken', others.join(',')]);
    const { failed } = leafTests(tap);
    expect(failed).toContain(
      'rejects a stale write with VERSION_CONFLICT and keeps the stored record',
    );
    expect(code).toBe(1);
  }, 60_000);
});
