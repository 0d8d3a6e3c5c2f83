import { DealercareError } from '../../errors';
import type { DomainEvent } from '../../model/domain-event';
import type {
  StorageAdapter,
  StorageTransaction,
  StoredRecord,
  TimerRecord,
} from '../../storage/storage-port';
import type { ConformanceExpect, ConformanceTestFunctions } from '../test-functions';

/** What a group of the conformance suite registers its tests with. */
export interface SuiteContext {
  readonly it: ConformanceTestFunctions['it'];
  readonly expect: ConformanceExpect;
  /** The fresh adapter of the running test. */
  adapter(): StorageAdapter;
  /** Runs `fn` in a transaction of the running test's adapter. */
  tx<T>(fn: (t: StorageTransaction) => Promise<T>): Promise<T>;
  /** Expects `p` to fail with a {@link DealercareError} of `code`. */
  expectCode(p: Promise<unknown>, code: string): Promise<void>;
  /** Expects `p` to fail with an instance of `type`. */
  expectRejection(
    p: Promise<unknown>,
    type: abstract new (...args: never[]) => unknown,
  ): Promise<void>;
}

/** The suite's context over the test functions and the running test's adapter. */
export function suiteContext(
  test: ConformanceTestFunctions,
  adapter: () => StorageAdapter,
): SuiteContext {
  const { expect } = test;
  const failureOf = (p: Promise<unknown>): Promise<unknown> =>
    p.then(
      () => undefined,
      (e: unknown) => e,
    );
  return {
    it: test.it,
    expect,
    adapter,
    tx: (fn) => adapter().transaction(fn),
    async expectCode(p, code) {
      const err = await failureOf(p);
      expect(err).toBeInstanceOf(DealercareError);
      expect((err as DealercareError).code).toBe(code);
    },
    async expectRejection(p, type) {
      expect(await failureOf(p)).toBeInstanceOf(type);
    },
  };
}

/** A visit row of dealer d1, changed by `over`. */
export const rec = (over: Partial<StoredRecord> = {}): Omit<StoredRecord, 'version'> => ({
  kind: 'visit',
  id: 'v1',
  dealerId: 'd1',
  status: 'open',
  customerId: 'c1',
  assigneeRole: 'followUpAgent',
  dueAt: 1_000,
  data: { id: over.id ?? 'v1', note: '张三 — 满意度 ✓' },
  ...over,
});

/** An event of visit v1 of dealer d1, changed by `over`. */
export const ev = (over: Partial<DomainEvent> = {}): DomainEvent => ({
  type: 'visit.scheduled',
  dealerId: 'd1',
  at: '2026-02-10T01:00:00.000Z',
  subject: { kind: 'visit', id: 'v1' },
  data: { n: 1 },
  ...over,
});

/** Timer t1 of visit v1 of dealer d1, due at 100, changed by `over`. */
export const timer = (over: Partial<TimerRecord> = {}): TimerRecord => ({
  id: 't1',
  dealerId: 'd1',
  subject: { kind: 'visit', id: 'v1' },
  name: 'visit.overdue',
  dueAt: 100,
  payload: { states: ['open'] },
  ...over,
});

/** What a test throws to make its transaction roll back. */
export class Boom extends Error {}
