import type { DomainEvent, RecordKind } from '../model/domain-event';
import type { EventFeedReads } from './event-feed';

/** A JSON value as stored by adapters. */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | JsonValue[]
  | { [key: string]: JsonValue };
/** A JSON object. */
export type JsonObject = { [key: string]: JsonValue };

/**
 * A stored aggregate: the full record as JSON plus the few columns every query filters on.
 * Adapters index the columns and keep `data` opaque; core validates `data` when it reads it.
 */
export interface StoredRecord {
  readonly kind: RecordKind;
  readonly id: string;
  readonly dealerId: string;
  /** 1 after the first write; each successful write adds 1. */
  readonly version: number;
  /** The aggregate's state (`open`, `investigating`, …). */
  readonly status: string;
  readonly customerId?: string | undefined;
  readonly assigneeRole?: string | undefined;
  readonly assigneeId?: string | undefined;
  /** The record's current deadline, epoch ms. */
  readonly dueAt?: number | undefined;
  /** What the record is a case of: a visit's type, a complaint's category. */
  readonly type?: string | undefined;
  /** The outlet (secondary network outlet, 二级网点) the item belongs to. */
  readonly outletId?: string | undefined;
  /** When the item opens for work (a visit's window opening), epoch ms. */
  readonly opensAt?: number | undefined;
  /**
   * Normalised lookup keys for {@link StorageTransaction.findByKey}: `phone:+8613800138000`,
   * `vin:LGWEF4A5XRF000001`, `plate:京A12345`, `name:王芳`. A put replaces the record's keys.
   */
  readonly keys?: readonly string[] | undefined;
  readonly data: JsonObject;
}

/** The orders {@link RecordQuery.orderBy} supports. */
export type RecordOrder = 'id' | 'dueAt' | 'opensAt';

/** Filters for {@link StorageTransaction.query}. `dealerId` and `kind` are required. */
export interface RecordQuery {
  readonly dealerId: string;
  readonly kind: RecordKind;
  readonly status?: string | readonly string[];
  readonly customerId?: string;
  readonly assigneeRole?: string;
  readonly assigneeId?: string;
  /** Only records with `dueAt <= dueBefore`. */
  readonly dueBefore?: number;
  /** Only records with `dueAt >= dueFrom`. */
  readonly dueFrom?: number;
  /** Only records of these types (a visit's type, a complaint's category). */
  readonly type?: string | readonly string[];
  readonly outletId?: string;
  /** Only records with `opensAt >= opensFrom`. */
  readonly opensFrom?: number;
  /** Only records with `opensAt <= opensTo`. */
  readonly opensTo?: number;
  /**
   * The order of the results (default `id`). `dueAt` and `opensAt` order by that column, then
   * by id, and list only records that have the column.
   */
  readonly orderBy?: RecordOrder;
  /** Keyset pagination under `orderBy: 'id'`: only ids greater than this. */
  readonly afterId?: string;
  /**
   * Keyset pagination under `orderBy: 'dueAt' | 'opensAt'`: only records after `(at, id)` in
   * that order (the last row of the previous page).
   */
  readonly after?: { readonly at: number; readonly id: string };
  /** At most this many (default 1000). */
  readonly limit?: number;
}

/** Filters for {@link StorageTransaction.countByStatus}: a {@link RecordQuery} without paging. */
export type RecordCountQuery = Omit<
  RecordQuery,
  'status' | 'orderBy' | 'afterId' | 'after' | 'limit'
>;

/** A lookup of {@link StorageTransaction.findByKey}. */
export interface KeyQuery {
  readonly dealerId: string;
  readonly kind: RecordKind;
  /** A whole key (`phone:+8613800138000`), or its beginning when `prefix` is set. */
  readonly key: string;
  /** Match every key that starts with `key` (default `false`: the whole key). */
  readonly prefix?: boolean;
  /** At most this many records (default 1000). */
  readonly limit?: number;
}

/**
 * A durable timer: a deadline, a warning or an escalation step, due at an instant. Ids are
 * deterministic (`visit:v1:overdue`) so rescheduling replaces rather than duplicates.
 */
export interface TimerRecord {
  readonly id: string;
  readonly dealerId: string;
  readonly subject: { readonly kind: RecordKind; readonly id: string };
  /** What fires: `visit.open`, `visit.overdue`, `complaint.ladder`, … */
  readonly name: string;
  /** Epoch ms. */
  readonly dueAt: number;
  readonly payload: JsonObject;
}

/** One timer of {@link StorageTransaction.claimTimers}: its id and the due time the sweep read. */
export interface TimerClaim {
  readonly id: string;
  /** Epoch ms, as read by {@link StorageTransaction.dueTimers}. */
  readonly dueAt: number;
}

/** How a DMS event's key compares with what was recorded ({@link StorageTransaction.claimSource}). */
/** One record of a {@link StorageTransaction.putMany}: what `put` takes, as an object. */
export interface RecordWrite {
  readonly record: Omit<StoredRecord, 'version'>;
  /** The version the record must have now (0: it must not exist yet). */
  readonly expectedVersion: number;
}

export type SourceClaim = 'new' | 'same' | 'changed';

/** How many payload fingerprints an adapter keeps per DMS source id, at least. */
export const SOURCE_FINGERPRINTS_KEPT = 16;

/** Filters for {@link StorageTransaction.readEvents}. */
export interface EventQuery {
  readonly dealerId: string;
  /** Only events with `seq > afterSeq`. */
  readonly afterSeq?: number;
  readonly subject?: { readonly kind: RecordKind; readonly id: string };
  readonly limit?: number;
}

/**
 * Everything the engine does to storage happens inside one of these. All methods may be
 * asynchronous; an adapter must make the whole transaction atomic: if the callback throws,
 * nothing it wrote is visible, ever. The cross-dealer feed ({@link EventFeedReads}) is its own
 * part of the contract, in `event-feed.ts`.
 */
export interface StorageTransaction extends EventFeedReads {
  /** Reads one record of a dealer; another dealer's record is `undefined`. */
  get(kind: RecordKind, dealerId: string, id: string): Promise<StoredRecord | undefined>;
  /**
   * Creates (`expectedVersion` 0) or replaces a record whose stored version equals
   * `expectedVersion`; stores it with `version = expectedVersion + 1`. Otherwise throws
   * `VersionConflictError`. The check must hold across processes (e.g. in the UPDATE's WHERE).
   */
  put(record: Omit<StoredRecord, 'version'>, expectedVersion: number): Promise<StoredRecord>;
  /** Records of one dealer and kind matching every given filter, in `orderBy` order. */
  query(query: RecordQuery): Promise<StoredRecord[]>;
  /** How many records of one dealer and kind match the filters, per status (absent: none). */
  countByStatus(query: RecordCountQuery): Promise<Record<string, number>>;
  /**
   * Records of one dealer and kind with a lookup key equal to `key` (or starting with it), each
   * once, ordered by id. Sees this transaction's own writes.
   */
  findByKey(query: KeyQuery): Promise<StoredRecord[]>;

  /** Appends events to the dealer's log; returns them with their assigned `seq`. */
  appendEvents(events: readonly DomainEvent[]): Promise<DomainEvent[]>;
  /** Reads the log in `seq` order. */
  readEvents(query: EventQuery): Promise<DomainEvent[]>;
  /** Rewrites stored events of one subject (erasure); `seq` and order are kept. */
  rewriteEvents(
    dealerId: string,
    subject: { readonly kind: RecordKind; readonly id: string },
    rewrite: (event: DomainEvent) => DomainEvent,
  ): Promise<number>;

  /** Inserts or replaces timers by id. */
  putTimers(timers: readonly TimerRecord[]): Promise<void>;
  /** Deletes every pending timer of a subject (and only of that dealer); returns how many. */
  cancelTimers(
    dealerId: string,
    subject: { readonly kind: RecordKind; readonly id: string },
  ): Promise<number>;
  /** Pending timers of a subject, by due time. */
  timersOf(
    dealerId: string,
    subject: { readonly kind: RecordKind; readonly id: string },
  ): Promise<TimerRecord[]>;
  /** Pending timers with `dueAt <= now`, all dealers, ordered by `dueAt` then `id`. */
  dueTimers(now: number, limit: number): Promise<TimerRecord[]>;
  /**
   * Takes a due timer for firing, as the sweep read it: deletes the timer `id` only if its due
   * time is still `dueAt`, and returns `true`; returns `false` if it is gone (fired by another
   * process, cancelled) or was moved since it was read (rescheduled by another process: the new
   * one stays, and fires at its own time). The check must hold across processes (e.g.
   * `DELETE … WHERE id = ? AND due_at = ?`). Firing and claiming share the transaction, so a
   * crash before commit leaves the timer pending.
   */
  claimTimer(id: string, dueAt: number): Promise<boolean>;

  // ── Batch operations ────────────────────────────────────────────────────────────────────
  // One call for what a sweep does to many rows, so the engine's hot path awaits once per batch
  // instead of once per row. Each has the same meaning as its one-row counterpart applied to
  // every element in order, within this transaction.

  /**
   * {@link StorageTransaction.claimTimer} for many timers in one call: takes each timer `id`
   * whose due time is still `dueAt`, and returns the ids it took, in the order given (a timer
   * gone or moved since it was read is left out, and a moved one stays pending). The check must
   * hold across processes, as for `claimTimer`; an adapter that locks rows takes the locks in
   * `(dueAt, id)` order, the sweep's order, so two processes claiming overlapping sweeps wait
   * for each other instead of deadlocking.
   */
  claimTimers(claims: readonly TimerClaim[]): Promise<string[]>;
  /**
   * {@link StorageTransaction.get} for many ids of one dealer and kind in one call: the records
   * in the order of `ids`, `undefined` where there is none (or it is another dealer's). Sees
   * this transaction's own writes.
   */
  getMany(
    kind: RecordKind,
    dealerId: string,
    ids: readonly string[],
  ): Promise<(StoredRecord | undefined)[]>;
  /**
   * {@link StorageTransaction.put} for many records in one call, in the order given (a record
   * named twice is written twice, the second expecting the version the first stored). Throws
   * `VersionConflictError` for the first record whose stored version is not the one expected;
   * the caller then abandons the transaction, so what the call wrote before it is never seen.
   * Returns nothing: each record's new version is its `expectedVersion + 1`.
   */
  putMany(writes: readonly RecordWrite[]): Promise<void>;

  /**
   * Records an idempotency key for a dealer. Returns `true` when the key is new, `false` when it
   * was already recorded (by {@link StorageTransaction.claimKey} or
   * {@link StorageTransaction.claimSource}). Concurrent transactions claiming one key must not
   * fail: one gets `true`, the others wait for it and get `false`.
   */
  claimKey(dealerId: string, key: string): Promise<boolean>;
  /**
   * Records a DMS event's key (`dms:<source id>`) for a dealer with a fingerprint of its payload,
   * and says how it compares with the payloads seen under that key: `new` (the key was never
   * recorded: now it is), `same` (this fingerprint was seen before — the first delivery, a
   * correction, or an old message re-sent after a correction — or the key was recorded by
   * `claimKey` without one), or `changed` (a payload never seen under the key: a correction; its
   * fingerprint is added). An adapter keeps at least the last {@link SOURCE_FINGERPRINTS_KEPT}
   * fingerprints per key. Shares its keys with `claimKey`.
   */
  claimSource(dealerId: string, key: string, fingerprint: string): Promise<SourceClaim>;
}

/**
 * A storage adapter: the whole contract between core and a database. Implement it, then run
 * `testStorageAdapter` from `@dealercare/core/testing` against it.
 */
export interface StorageAdapter {
  /** For errors and logs, e.g. `memory`, `sqlite`. */
  readonly name: string;
  /**
   * `true` when every record the adapter returns was written through it by this process's
   * engine and cannot have changed since (e.g. memory): the engine and reports then take rows as
   * stored instead of validating each one on read. Such an adapter must also never let a caller
   * change what it stores (copy on write, and return immutable rows). Leave it unset for storage
   * another program, another library version or a person could have written (files, servers).
   */
  readonly trusted?: boolean;
  /**
   * Runs `fn` in one atomic transaction. Must work when several processes share the database:
   * a version check or a timer claim must not rely on an in-process lock alone.
   */
  transaction<T>(fn: (tx: StorageTransaction) => Promise<T>): Promise<T>;
  /** Releases connections and files. The adapter is unusable afterwards. */
  close(): Promise<void>;
}

/** Declares an adapter factory with its options typed (unstorage's `defineDriver`). */
export function defineStorageAdapter<A extends unknown[]>(
  factory: (...args: A) => StorageAdapter,
): (...args: A) => StorageAdapter {
  return factory;
}
