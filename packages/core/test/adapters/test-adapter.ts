import type { StorageAdapter } from '../../src';

/** The adapters the engine suite knows, by the name `DEALERCARE_ADAPTERS` uses. */
export type TestAdapterName = 'memory' | 'sqlite' | 'postgres';

/**
 * One storage adapter as the engine suite uses it: fresh, empty stores on demand, cleaned up
 * after each test and at the end of the file.
 */
export interface TestAdapter {
  readonly name: TestAdapterName;
  /** A fresh, empty store for one test (several per test are independent of each other). */
  open(): StorageAdapter;
  /** Closes or empties every store opened since the last call; registered as `afterEach`. */
  release(): Promise<void>;
  /** Removes what the adapter left behind (files, schemas); registered as `afterAll`. */
  dispose(): Promise<void>;
  /**
   * How many runs a property test with `runs` cases on memory makes on this adapter: every case
   * builds at least one engine, and a server round trip costs more than a `Map` lookup.
   */
  runs(runs: number): number;
}
