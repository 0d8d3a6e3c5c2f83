/**
 * The named groups of the storage conformance suite, in the order they run. An adapter that
 * cannot offer one (say, no concurrent transactions) switches it off with
 * `testStorageAdapter({ skip: ['concurrency'] })`, and says so in its README.
 */
export const CONFORMANCE_GROUPS = [
  /** `put`/`get`: versions, stale writes, immutability of what was stored, kinds apart. */
  'records',
  /** `query`: every filter, order by id, keyset paging, the transaction's own writes. */
  'queries',
  /** Work lists: `query` in due / opening order with cursors, every filter, `countByStatus`. */
  'worklists',
  /** `findByKey`: lookup keys (phone, VIN, plate, name), whole or prefix, replaced on put. */
  'lookups',
  /** Rollback of every kind of write, reading one's own writes, the callback's result. */
  'transactions',
  /** The event log: sequence numbers, order, subject filter, rewriting for erasure. */
  'events',
  /** Timers: the sweep's order and limit, replacing, claiming once and as read, cancelling. */
  'timers',
  /** Batch operations: `claimTimers` and `getMany`, as their one-row counterparts in one call. */
  'batches',
  /** `claimKey` and `claimSource`: once per dealer, fingerprints, rolled back. */
  'idempotency',
  /** Nothing of one dealer is seen or changed through another dealer's calls. */
  'isolation',
  /** Transactions at the same time: one writer wins, one claim wins, no sequence number twice. */
  'concurrency',
  /** The engine itself on the adapter: ingest, tick, recompute, erasure. */
  'engine',
  /** `readFeed`: every dealer's events after a cursor, in order per dealer, no late commit skipped. */
  'feed',
] as const;

/** The name of one group of the conformance suite. */
export type ConformanceGroup = (typeof CONFORMANCE_GROUPS)[number];
