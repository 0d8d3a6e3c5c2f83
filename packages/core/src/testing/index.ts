/**
 * `@dealercare/core/testing`: the storage conformance suite, for adapter authors. It runs under
 * any test runner whose `describe`/`it`/`expect`/`beforeEach`/`afterEach` it is given (vitest's
 * and Jest's as they are) and imports none itself. The fake clock is re-exported here for
 * convenience but lives in the main entry, so simulations need no test runner.
 *
 * @packageDocumentation
 */
export { createFakeClock, type FakeClock } from '../clock/fake-clock';
export { CONFORMANCE_GROUPS, type ConformanceGroup } from './conformance-groups';
export { type StorageAdapterSuiteOptions, testStorageAdapter } from './storage-conformance';
export type {
  ConformanceExpect,
  ConformanceMatchers,
  ConformanceTestFunctions,
} from './test-functions';
