/**
 * `@dealercare/core/testing`: the storage conformance suite and a fake clock, for adapter
 * authors and for tests of code that embeds the engine.
 *
 * @packageDocumentation
 */
export { createFakeClock, type FakeClock } from './fake-clock';
export { type StorageAdapterSuiteOptions, testStorageAdapter } from './storage-conformance';
