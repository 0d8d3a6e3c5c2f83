/**
 * `@dealercare/core/testing`: the storage conformance suite, for adapter authors. It imports
 * vitest (an optional peer dependency); the fake clock is re-exported here for convenience but
 * lives in the main entry, so simulations need no test runner.
 *
 * @packageDocumentation
 */
export { createFakeClock, type FakeClock } from '../clock/fake-clock';
export { type StorageAdapterSuiteOptions, testStorageAdapter } from './storage-conformance';
