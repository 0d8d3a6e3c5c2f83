import {
  type DomainEvent,
  defineStorageAdapter,
  type EventQuery,
  type FeedPage,
  type FeedQuery,
  feedLimit,
  type KeyQuery,
  type RecordCountQuery,
  type RecordKind,
  type RecordQuery,
  type RecordWrite,
  SOURCE_FINGERPRINTS_KEPT,
  type SourceClaim,
  type StorageAdapter,
  StorageError,
  type StorageTransaction,
  type StoredRecord,
  sequenceFeedCursor,
  type TimerClaim,
  type TimerRecord,
  VersionConflictError,
} from '@dealercare/core';
import { klona } from 'klona/json';
import { FeedLog } from './feed-log';
import { type FewIds, listOf, withId, withoutId } from './few-ids';
import { flatString } from './flat-string';
import { blankFor, frozenCopy } from './frozen-copy';
import { LookupKeys } from './lookup-keys';
import { OrderedRows } from './ordered-rows';
import { type OrderColumn, OrderedPage } from './record-order';
import { TimerQueue } from './timer-queue';

/** Options of {@link memoryStorage}. */
export interface MemoryStorageOptions {
  /** Name in errors and logs (default `memory`). */
  readonly name?: string;
}

type Subject = { readonly kind: RecordKind; readonly id: string };

const SEP = '\u0000';
/**
 * The key of a (dealer, kind) bucket, the same string each time: a key concatenated afresh on
 * every read is a new string to flatten and hash before any map lookup can use it.
 */
const bucketKeys = new Map<string, Map<string, string>>();
function bucketKey(kind: string, dealerId: string): string {
  let byKind = bucketKeys.get(dealerId);
  if (byKind === undefined) {
    byKind = new Map();
    bucketKeys.set(dealerId, byKind);
  }
  let key = byKind.get(kind);
  if (key === undefined) {
    key = `${dealerId}${SEP}${kind}`;
    byKind.set(kind, key);
  }
  return key;
}
const subjectKey = (dealerId: string, s: Subject) => `${dealerId}${SEP}${s.kind}${SEP}${s.id}`;

/** Committed state. Records are kept per (dealer, kind) bucket so queries never scan other dealers. */
class MemoryState {
  readonly buckets = new Map<string, Map<string, StoredRecord>>();
  readonly timers = new TimerQueue();
  readonly events = new Map<string, DomainEvent[]>();
  /** Every dealer's events in `seq` order, for the feed. */
  readonly feed = new FeedLog();
  /** Idempotency keys with the fingerprints `claimSource` recorded (`null` from `claimKey`). */
  readonly keys = new Map<string, readonly string[] | null>();
  /**
   * Each bucket's ids in order with their rows at the same index, built on first query: a page
   * is a binary search and a walk over an array. A new id greater than every other is appended
   * (time-ordered ids usually are), any other new id drops it; a new version of a row replaces
   * the row in place (binary search).
   */
  private readonly sorted = new Map<string, { ids: string[]; rows: StoredRecord[] }>();
  /** Each bucket's record ids by customer, so a query for one customer's records reads only those. */
  private readonly byCustomer = new Map<string, Map<string, FewIds>>();
  /**
   * Per bucket, the ids of each assignee's records (a person's work runs to thousands of items,
   * so a `Set` each): counting an agent's open work (`leastOpen` assignment) reads their rows,
   * not the dealer's.
   */
  private readonly byAssignee = new Map<string, Map<string, Set<string>>>();
  /** Each bucket's lookup keys (see `findByKey`). */
  readonly lookupKeys = new Map<string, LookupKeys>();
  /** Each bucket's rows in due / opening order, built on its first sorted query. */
  private readonly ordered = new Map<string, OrderedRows[]>();

  /** The bucket's rows in `column` order (built now if this is the first sorted query). */
  orderedOf(bk: string, column: OrderColumn): OrderedRows {
    let all = this.ordered.get(bk);
    if (all === undefined) {
      all = [];
      this.ordered.set(bk, all);
    }
    let rows = all.find((o) => o.column === column);
    if (rows === undefined) {
      rows = new OrderedRows(column, this.buckets.get(bk)?.values() ?? []);
      all.push(rows);
    }
    return rows;
  }
  seq = 0;

  record(kind: string, dealerId: string, id: string): StoredRecord | undefined {
    return this.buckets.get(bucketKey(kind, dealerId))?.get(id);
  }

  /** The committed rows of a bucket that could match `q`: one customer's, when it names one. */
  *candidates(bk: string, q: RecordCountQuery): Generator<StoredRecord> {
    const bucket = this.buckets.get(bk);
    if (bucket === undefined) return;
    if (q.customerId !== undefined) {
      for (const id of listOf(this.byCustomer.get(bk)?.get(q.customerId))) yield bucket.get(id)!;
      return;
    }
    if (q.assigneeId !== undefined) {
      for (const id of this.byAssignee.get(bk)?.get(q.assigneeId) ?? []) yield bucket.get(id)!;
      return;
    }
    yield* bucket.values();
  }

  /** The committed rows of a bucket in id order, with their ids (cached, see `sorted`). */
  sortedOf(bk: string): {
    readonly ids: readonly string[];
    readonly rows: readonly StoredRecord[];
  } {
    let s = this.sorted.get(bk);
    if (s === undefined) {
      const bucket = this.buckets.get(bk);
      const ids = [...(bucket?.keys() ?? [])].sort();
      s = { ids, rows: ids.map((id) => bucket!.get(id)!) };
      this.sorted.set(bk, s);
    }
    return s;
  }

  /** Commits a row into its bucket, keeping the cached order in step. */
  setRow(bk: string, bucket: Map<string, StoredRecord>, r: StoredRecord): void {
    const previous = bucket.get(r.id);
    const isNew = previous === undefined;
    bucket.set(r.id, r);
    if (previous?.customerId !== r.customerId)
      this.moveCustomer(bk, r.id, previous?.customerId, r.customerId);
    if (previous?.assigneeId !== r.assigneeId)
      this.moveAssignee(bk, r.id, previous?.assigneeId, r.assigneeId);
    for (const o of this.ordered.get(bk) ?? []) o.replace(previous, r);
    if (r.keys !== undefined || previous?.keys !== undefined) {
      let keys = this.lookupKeys.get(bk);
      if (keys === undefined) {
        keys = new LookupKeys();
        this.lookupKeys.set(bk, keys);
      }
      keys.replace(r.id, previous?.keys, r.keys);
    }
    const s = this.sorted.get(bk);
    if (s === undefined) return;
    if (isNew) {
      // Time-ordered ids (the engine's default) mostly arrive in order: append. Others: rebuild.
      const last = s.ids[s.ids.length - 1];
      if (last === undefined || r.id > last) {
        s.ids.push(r.id);
        s.rows.push(r);
      } else this.sorted.delete(bk); // rebuilt on the next query
      return;
    }
    const i = firstAfter(s.ids, r.id) - 1;
    s.rows[i] = r;
  }

  private moveAssignee(
    bk: string,
    id: string,
    from: string | undefined,
    to: string | undefined,
  ): void {
    let assignees = this.byAssignee.get(bk);
    if (assignees === undefined) {
      assignees = new Map();
      this.byAssignee.set(bk, assignees);
    }
    if (from !== undefined) {
      const ids = assignees.get(from);
      ids?.delete(id);
      if (ids?.size === 0) assignees.delete(from);
    }
    if (to !== undefined) {
      let ids = assignees.get(to);
      if (ids === undefined) {
        ids = new Set();
        assignees.set(to, ids);
      }
      ids.add(id);
    }
  }

  private moveCustomer(
    bk: string,
    id: string,
    from: string | undefined,
    to: string | undefined,
  ): void {
    let customers = this.byCustomer.get(bk);
    if (customers === undefined) {
      customers = new Map();
      this.byCustomer.set(bk, customers);
    }
    if (from !== undefined) {
      const ids = customers.get(from);
      const rest = ids === undefined ? undefined : withoutId(ids, id);
      if (rest === undefined) customers.delete(from);
      else customers.set(from, rest);
    }
    if (to !== undefined) customers.set(to, withId(customers.get(to), id));
  }
}

/** The optional columns of a row, in the order a stored row holds them. */
const OPTIONAL_COLUMNS = [
  'customerId',
  'assigneeRole',
  'assigneeId',
  'dueAt',
  'type',
  'outletId',
  'opensAt',
] as const;

/**
 * The frozen row stored for a put: built field by field (no spread of the caller's record to
 * copy again), `data` a frozen copy that shares the already-frozen parts of the row it replaces.
 *
 * The row is not an object literal with its fields, on purpose: V8 tracks an allocation site
 * for such a literal and, since every stored row survives, soon pretenures it (allocates its
 * objects straight in the old generation), apart from the `data` and property store allocated
 * after them. Reports over a million such rows were about twice as slow, and as fast again
 * with `--no-allocation-site-pretenuring` (see docs/performance.md). The row starts from
 * {@link blankFor} (an object with room for its columns inside it, made without an allocation
 * site), so it is allocated young with its parts and promoted with them.
 */
function storedRow(record: Omit<StoredRecord, 'version'>, version: number): StoredRecord {
  let count = 6;
  for (const c of OPTIONAL_COLUMNS) if (record[c] !== undefined) count++;
  if (record.keys !== undefined) count++;
  const row = blankFor(count) as { -readonly [K in keyof StoredRecord]?: StoredRecord[K] };
  row.kind = record.kind;
  row.id = record.id;
  row.dealerId = record.dealerId;
  row.version = version;
  row.status = record.status;
  row.data = frozenCopy(record.data);
  if (record.customerId !== undefined) row.customerId = record.customerId;
  if (record.assigneeRole !== undefined) row.assigneeRole = record.assigneeRole;
  if (record.assigneeId !== undefined) row.assigneeId = record.assigneeId;
  if (record.dueAt !== undefined) row.dueAt = record.dueAt;
  if (record.type !== undefined) row.type = record.type;
  if (record.outletId !== undefined) row.outletId = record.outletId;
  if (record.opensAt !== undefined) row.opensAt = record.opensAt;
  if (record.keys !== undefined) row.keys = Object.freeze([...record.keys]);
  return Object.freeze(row) as StoredRecord;
}

/** The frozen copy of an event the log keeps. */
function storedEvent(e: DomainEvent, seq: number): DomainEvent {
  return Object.freeze({
    seq,
    type: e.type,
    dealerId: e.dealerId,
    at: e.at,
    subject: Object.freeze({ kind: e.subject.kind, id: e.subject.id }),
    data: frozenCopy(e.data),
  });
}

/** The first index in sorted `ids` whose id is greater than `after`. */
function firstAfter(ids: readonly string[], after: string): number {
  let lo = 0;
  let hi = ids.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ids[mid]! <= after) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** `limit` as SQLite reads it: whole rows (truncated), none below 1, no limit if not finite. */
function pageSize(limit: number | undefined): number {
  const n = limit ?? 1000;
  return Number.isFinite(n) ? Math.max(0, Math.trunc(n)) : Number.POSITIVE_INFINITY;
}

/** Whether a query filters on anything besides dealer, kind and paging. */
function filters(q: RecordQuery): boolean {
  return (
    q.status !== undefined ||
    q.customerId !== undefined ||
    q.assigneeRole !== undefined ||
    q.assigneeId !== undefined ||
    q.dueBefore !== undefined ||
    q.dueFrom !== undefined ||
    q.type !== undefined ||
    q.outletId !== undefined ||
    q.opensFrom !== undefined ||
    q.opensTo !== undefined
  );
}

function oneOf(value: string | undefined, wanted: string | readonly string[]): boolean {
  return typeof wanted === 'string'
    ? value === wanted
    : value !== undefined && wanted.includes(value);
}

function matches(r: StoredRecord, q: RecordQuery): boolean {
  if (q.status !== undefined && !oneOf(r.status, q.status)) return false;
  if (q.type !== undefined && !oneOf(r.type, q.type)) return false;
  if (q.outletId !== undefined && r.outletId !== q.outletId) return false;
  if (q.dueFrom !== undefined && (r.dueAt === undefined || r.dueAt < q.dueFrom)) return false;
  if (q.opensFrom !== undefined && (r.opensAt === undefined || r.opensAt < q.opensFrom)) {
    return false;
  }
  if (q.opensTo !== undefined && (r.opensAt === undefined || r.opensAt > q.opensTo)) return false;
  if (q.customerId !== undefined && r.customerId !== q.customerId) return false;
  if (q.assigneeRole !== undefined && r.assigneeRole !== q.assigneeRole) return false;
  if (q.assigneeId !== undefined && r.assigneeId !== q.assigneeId) return false;
  if (q.dueBefore !== undefined && (r.dueAt === undefined || r.dueAt > q.dueBefore)) return false;
  if (q.afterId !== undefined && r.id <= q.afterId) return false;
  return true;
}

/**
 * One transaction: writes go to an overlay and reach the committed state only in `commit`,
 * which cannot fail half-way (plain Map operations). Reads see the overlay first.
 */
class MemoryTransaction implements StorageTransaction {
  /** This transaction's writes by (dealer, kind) bucket, then id: queries see only their own. */
  private readonly recordsByBucket = new Map<string, Map<string, StoredRecord>>();
  private readonly timerWrites = new Map<string, TimerRecord | null>();
  /** Ids of the timers this transaction wrote, by subject: lookups never scan all writes. */
  private readonly timerWritesBySubject = new Map<string, Set<string>>();
  private readonly newEvents: DomainEvent[] = [];
  private readonly rewrites: Array<{ dealerId: string; index: number; event: DomainEvent }> = [];
  private readonly newKeys = new Map<string, readonly string[] | null>();
  private seq: number;

  constructor(private readonly state: MemoryState) {
    this.seq = state.seq;
  }

  async get(kind: RecordKind, dealerId: string, id: string): Promise<StoredRecord | undefined> {
    return this.current(bucketKey(kind, dealerId), id);
  }

  /** The row of `id` this transaction sees in bucket `bk`: its own write, else the committed one. */
  private current(bk: string, id: string): StoredRecord | undefined {
    return this.recordsByBucket.get(bk)?.get(id) ?? this.state.buckets.get(bk)?.get(id);
  }

  async put(record: Omit<StoredRecord, 'version'>, expectedVersion: number): Promise<StoredRecord> {
    const stored = this.write(record, expectedVersion);
    // The caller's own object with its new version: it shares nothing with the stored copy.
    return { ...record, version: stored.version };
  }

  async putMany(writes: readonly RecordWrite[]): Promise<void> {
    for (const w of writes) this.write(w.record, w.expectedVersion);
  }

  /** Checks the version and stores a frozen copy in this transaction's overlay. */
  private write(record: Omit<StoredRecord, 'version'>, expectedVersion: number): StoredRecord {
    // The version check reads the stored record in place: no copy for a comparison.
    const bk = bucketKey(record.kind, record.dealerId);
    const current = this.current(bk, record.id);
    const actual = current?.version ?? 0;
    if (actual !== expectedVersion) {
      throw new VersionConflictError(record.kind, record.id, expectedVersion, current?.version);
    }
    const stored = storedRow(record, expectedVersion + 1);
    let own = this.recordsByBucket.get(bk);
    if (own === undefined) {
      own = new Map();
      this.recordsByBucket.set(bk, own);
    }
    own.set(record.id, stored);
    return stored;
  }

  /** Every record of a bucket this transaction sees that matches `q`, in no order. */
  private *visible(q: RecordQuery | RecordCountQuery): Generator<StoredRecord> {
    const bk = bucketKey(q.kind, q.dealerId);
    const own = this.recordsByBucket.get(bk);
    for (const r of this.state.candidates(bk, q)) {
      if ((own === undefined || !own.has(r.id)) && matches(r, q)) yield r;
    }
    for (const r of own?.values() ?? []) if (matches(r, q)) yield r;
  }

  async countByStatus(q: RecordCountQuery): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const r of this.visible(q)) counts[r.status] = (counts[r.status] ?? 0) + 1;
    return counts;
  }

  async findByKey(q: KeyQuery): Promise<StoredRecord[]> {
    const limit = pageSize(q.limit);
    if (limit <= 0) return [];
    const bk = bucketKey(q.kind, q.dealerId);
    const prefix = q.prefix === true;
    const hit = (r: StoredRecord) =>
      r.keys?.some((k) => (prefix ? k.startsWith(q.key) : k === q.key)) === true;
    const own = this.recordsByBucket.get(bk);
    const out: StoredRecord[] = [];
    for (const id of this.state.lookupKeys.get(bk)?.find(q.key, prefix) ?? []) {
      if (own?.has(id)) continue;
      out.push(this.state.record(q.kind, q.dealerId, id)!);
    }
    for (const r of own?.values() ?? []) if (hit(r)) out.push(r);
    out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return out.slice(0, limit);
  }

  async query(q: RecordQuery): Promise<StoredRecord[]> {
    const limit = pageSize(q.limit);
    if (limit <= 0) return [];
    if (q.orderBy === 'dueAt' || q.orderBy === 'opensAt') {
      const bk = bucketKey(q.kind, q.dealerId);
      if (!this.recordsByBucket.has(bk) && q.customerId === undefined) {
        // Committed rows only: walk the bucket's ordered rows from the cursor.
        const page: StoredRecord[] = [];
        this.state
          .orderedOf(bk, q.orderBy)
          .walk(q.after, (r) => !(matches(r, q) && page.push(r) >= limit));
        return page;
      }
      // One customer's rows, or with this transaction's own writes: one pass, keeping the best
      // `limit`.
      const page = new OrderedPage(q.orderBy, limit, q.after);
      for (const r of this.visible(q)) page.offer(r);
      return page.rows;
    }
    const bk = bucketKey(q.kind, q.dealerId);
    const committed = this.state.buckets.get(bk);
    const own = this.recordsByBucket.get(bk);
    if (committed !== undefined && own === undefined && q.customerId === undefined) {
      // Committed rows only: walk the rows in id order from `afterId`, stop at `limit` matches.
      const { ids, rows } = this.state.sortedOf(bk);
      const page: StoredRecord[] = [];
      const from = q.afterId === undefined ? 0 : firstAfter(ids, q.afterId);
      if (!filters(q)) return rows.slice(from, from + limit) as StoredRecord[];
      for (let i = from; i < rows.length; i++) {
        const r = rows[i]!;
        if (matches(r, q) && page.push(r) >= limit) break;
      }
      return page;
    }
    // One customer's rows (from the bucket's index by customer), or committed matches not
    // overwritten in this transaction, then this transaction's own: no copy of the bucket per
    // query (ingest queries often; copying made it quadratic).
    const out: StoredRecord[] = [...this.visible(q)];
    out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return out.slice(0, limit);
  }

  async appendEvents(events: readonly DomainEvent[]): Promise<DomainEvent[]> {
    // The log keeps frozen copies; the caller gets its own objects back with their numbers.
    return events.map((e) => {
      const seq = ++this.seq;
      this.newEvents.push(storedEvent(e, seq));
      return { ...e, seq };
    });
  }

  async readEvents(q: EventQuery): Promise<DomainEvent[]> {
    const limit = pageSize(q.limit);
    const all = [
      ...(this.state.events.get(q.dealerId) ?? []),
      ...this.newEvents.filter((e) => e.dealerId === q.dealerId),
    ];
    const out: DomainEvent[] = [];
    for (const e of all) {
      if (out.length >= limit) break;
      if (q.afterSeq !== undefined && (e.seq ?? 0) <= q.afterSeq) continue;
      if (q.subject && (e.subject.kind !== q.subject.kind || e.subject.id !== q.subject.id))
        continue;
      out.push(klona(e));
    }
    return out;
  }

  async readFeed(q: FeedQuery): Promise<FeedPage> {
    const after = sequenceFeedCursor.read(q.after);
    const limit = feedLimit(q.limit);
    if (this.newEvents.length > 0) {
      throw new StorageError(
        'memory storage: readFeed after appendEvents in the same transaction (its events are not committed yet)',
        { operation: 'readFeed' },
      );
    }
    const events = this.state.feed.page(after, limit);
    return { events, cursor: sequenceFeedCursor.next(after, events) };
  }

  async rewriteEvents(
    dealerId: string,
    subject: Subject,
    rewrite: (event: DomainEvent) => DomainEvent,
  ): Promise<number> {
    let n = 0;
    const log = this.state.events.get(dealerId) ?? [];
    log.forEach((e, index) => {
      if (e.subject.kind === subject.kind && e.subject.id === subject.id) {
        this.rewrites.push({
          dealerId,
          index,
          event: storedEvent(rewrite(klona(e)), e.seq!),
        });
        n++;
      }
    });
    this.newEvents.forEach((e, i) => {
      if (
        e.dealerId === dealerId &&
        e.subject.kind === subject.kind &&
        e.subject.id === subject.id
      ) {
        this.newEvents[i] = storedEvent(rewrite(klona(e)), e.seq!);
        n++;
      }
    });
    return n;
  }

  async putTimers(timers: readonly TimerRecord[]): Promise<void> {
    for (const t of timers) {
      this.timerWrites.set(t.id, frozenCopy(t));
      const sk = subjectKey(t.dealerId, t.subject);
      let ids = this.timerWritesBySubject.get(sk);
      if (ids === undefined) {
        ids = new Set();
        this.timerWritesBySubject.set(sk, ids);
      }
      ids.add(t.id);
    }
  }

  private pendingTimer(id: string): TimerRecord | undefined {
    const w = this.timerWrites.get(id);
    if (w === null) return undefined;
    return w ?? this.state.timers.get(id);
  }

  private subjectTimerIds(dealerId: string, subject: Subject): string[] {
    const sk = subjectKey(dealerId, subject);
    const ids = new Set(this.state.timers.idsOf(sk));
    for (const id of this.timerWritesBySubject.get(sk) ?? []) ids.add(id);
    // A timer put again under another subject in this transaction is listed under both: keep
    // those still of this subject.
    return [...ids].filter((id) => {
      const t = this.pendingTimer(id);
      return (
        t !== undefined &&
        t.dealerId === dealerId &&
        t.subject.kind === subject.kind &&
        t.subject.id === subject.id
      );
    });
  }

  async cancelTimers(dealerId: string, subject: Subject): Promise<number> {
    const ids = this.subjectTimerIds(dealerId, subject);
    for (const id of ids) this.timerWrites.set(id, null);
    return ids.length;
  }

  async timersOf(dealerId: string, subject: Subject): Promise<TimerRecord[]> {
    return this.subjectTimerIds(dealerId, subject)
      .map((id) => this.pendingTimer(id)!)
      .sort((a, b) => a.dueAt - b.dueAt || (a.id < b.id ? -1 : 1));
  }

  async dueTimers(now: number, limit: number): Promise<TimerRecord[]> {
    // Committed due timers, minus those this transaction removed, plus its own due ones.
    const committed = this.state.timers
      .due(now, limit + this.timerWrites.size)
      .filter((t) => !this.timerWrites.has(t.id));
    const own = [...this.timerWrites.values()].filter(
      (t): t is TimerRecord => t !== null && t.dueAt <= now,
    );
    return [...committed, ...own]
      .sort((a, b) => a.dueAt - b.dueAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .slice(0, limit);
  }

  async claimTimer(id: string, dueAt: number): Promise<boolean> {
    if (this.pendingTimer(id)?.dueAt !== dueAt) return false;
    this.timerWrites.set(id, null);
    return true;
  }

  // Batch operations: answered synchronously, one promise per call.

  async claimTimers(claims: readonly TimerClaim[]): Promise<string[]> {
    const taken: string[] = [];
    for (const { id, dueAt } of claims) {
      if (this.pendingTimer(id)?.dueAt !== dueAt) continue;
      this.timerWrites.set(id, null);
      taken.push(id);
    }
    return taken;
  }

  async getMany(
    kind: RecordKind,
    dealerId: string,
    ids: readonly string[],
  ): Promise<(StoredRecord | undefined)[]> {
    const bk = bucketKey(kind, dealerId);
    const own = this.recordsByBucket.get(bk);
    const committed = this.state.buckets.get(bk);
    return ids.map((id) => own?.get(id) ?? committed?.get(id));
  }

  async claimKey(dealerId: string, key: string): Promise<boolean> {
    const k = flatString(`${dealerId}${SEP}${key}`);
    if (this.state.keys.has(k) || this.newKeys.has(k)) return false;
    this.newKeys.set(k, null);
    return true;
  }

  async claimSource(dealerId: string, key: string, fingerprint: string): Promise<SourceClaim> {
    const k = flatString(`${dealerId}${SEP}${key}`);
    const known = this.newKeys.has(k) ? this.newKeys.get(k) : this.state.keys.get(k);
    if (known === undefined) {
      this.newKeys.set(k, [fingerprint]);
      return 'new';
    }
    if (known === null || known.includes(fingerprint)) return 'same';
    this.newKeys.set(k, [...known, fingerprint].slice(-SOURCE_FINGERPRINTS_KEPT));
    return 'changed';
  }

  /** Applies the overlay. Only Map/Set operations: it cannot fail half-way. */
  commit(): void {
    const s = this.state;
    for (const [bk, own] of this.recordsByBucket) {
      let bucket = s.buckets.get(bk);
      if (bucket === undefined) {
        bucket = new Map();
        s.buckets.set(bk, bucket);
      }
      for (const r of own.values()) s.setRow(bk, bucket, r);
    }
    for (const [id, t] of this.timerWrites) {
      if (t === null) s.timers.delete(id);
      else s.timers.put(t, subjectKey(t.dealerId, t.subject));
    }
    for (const { dealerId, index, event } of this.rewrites) {
      const log = s.events.get(dealerId);
      if (log) log[index] = event;
      s.feed.replace(event);
    }
    for (const e of this.newEvents) {
      let log = s.events.get(e.dealerId);
      if (log === undefined) {
        log = [];
        s.events.set(e.dealerId, log);
      }
      log.push(e);
      s.feed.push(e);
    }
    for (const [k, fingerprint] of this.newKeys) s.keys.set(k, fingerprint);
    s.seq = this.seq;
  }
}

/**
 * In-memory storage: every record in Maps, timers in a B+ tree, nothing on disk. The default for
 * tests and for embedding where durability comes from elsewhere. Transactions run one at a
 * time (the process is the only writer), and commit atomically.
 *
 * @example
 * ```ts
 * import { createEngine } from '@dealercare/core';
 * import { memoryStorage } from '@dealercare/storage-memory';
 * const engine = createEngine({ storage: memoryStorage() });
 * ```
 */
export const memoryStorage = defineStorageAdapter((options: MemoryStorageOptions = {}) => {
  const state = new MemoryState();
  let queue: Promise<unknown> = Promise.resolve();
  let closed = false;

  const adapter: StorageAdapter = {
    name: options.name ?? 'memory',
    // Rows live only in this process, written through this adapter, and are frozen copies.
    trusted: true,
    transaction<T>(fn: (tx: StorageTransaction) => Promise<T>): Promise<T> {
      if (closed) return Promise.reject(new StorageError('memory storage is closed'));
      const run = async (): Promise<T> => {
        const tx = new MemoryTransaction(state);
        const result = await fn(tx);
        tx.commit();
        return result;
      };
      const result = queue.then(run, run);
      queue = result.catch(() => undefined);
      return result;
    },
    async close(): Promise<void> {
      closed = true;
      await queue;
    },
  };
  return adapter;
});
