import { klona } from 'klona/json';
import { stringify } from 'safe-stable-stringify';
import { NotFoundError, VersionConflictError } from '../errors';
import type { DomainEvent, RecordKind } from '../model/domain-event';
import type { HistoryEntry } from '../model/history';
import type { Instant } from '../model/primitives';
import type { Visit } from '../model/visit';
import type {
  RecordCountQuery,
  RecordQuery,
  RecordWrite,
  StorageTransaction,
  StoredRecord,
  TimerClaim,
  TimerRecord,
} from '../storage/storage-port';
import type { EngineEventData } from './engine-event-data';
import type { EngineEventType } from './engine-events';
import { type AggregateByKind, decodeRecord, encodeRecord } from './record-codec';

type Subject = { readonly kind: RecordKind; readonly id: string };

/** One record (or timer subject) of one dealer, as a map key. */
const recordKey = (kind: RecordKind, dealerId: string, id: string) =>
  `${kind}\u0000${dealerId}\u0000${id}`;

/** How every visit's identity-map key starts. */
const VISIT_KEY_PREFIX = recordKey('visit', '', '').slice(0, 'visit'.length + 1);

/** Adds a visit (by identity-map key) to its customer's set. */
function addVisitOfCustomer(index: Map<string, Set<string>>, key: string, v: Visit): void {
  const ck = `${v.dealerId}\u0000${v.subject.customerId}`;
  let set = index.get(ck);
  if (set === undefined) {
    set = new Set();
    index.set(ck, set);
  }
  set.add(key);
}

/**
 * The engine's view of one storage transaction: typed loads and saves with version checks,
 * timers, and the events to announce once the transaction commits.
 */
export class UnitOfWork {
  readonly events: DomainEvent[] = [];
  /**
   * Identity map: every aggregate this transaction read or wrote, at its latest version. A
   * second read of the same record (ingest reads a customer, saves it, then moves it) costs a
   * map lookup instead of a storage read and a decode. Aggregates are never mutated in place,
   * so sharing them is safe.
   */
  private readonly loaded = new Map<string, unknown>();
  /** Saved and not yet written: the version each record was read at (see {@link save}). */
  private readonly dirty = new Map<
    string,
    { readonly kind: RecordKind; readonly expected: number }
  >();
  /** Subjects whose timers this transaction replaced or cancelled. */
  private readonly timed = new Set<string>();
  /** Ids of the timers this transaction put. */
  private readonly timersPut = new Set<string>();
  /**
   * Timers put and not yet written: they reach storage in one `putTimers` when the transaction
   * ends, or before anything that reads, claims or cancels timers ({@link writeTimers}).
   */
  private unwrittenTimers: TimerRecord[] = [];
  /** What to do once the transaction has committed (engine caches of what storage now holds). */
  readonly committed: (() => void)[] = [];

  /**
   * The visits of each customer (dealer and customer id) this transaction read or saved, by
   * identity-map key; an entry may be stale (the visit moved to another customer) and is checked
   * against the visit when read ({@link customerVisits}). Built on the first `customerVisits`
   * (from the identity map) and kept from then on: a tick, which loads thousands of visits and
   * never asks, builds none.
   */
  private visitsByCustomer: Map<string, Set<string>> | undefined;
  /** Visits of a customer in some states, as storage held them when first asked. */
  private readonly customerVisitsRead = new Map<string, readonly string[]>();

  /** Dealers whose rule pack versions this transaction made sure are known (see `prepare`). */
  private readonly prepared = new Set<string>();

  constructor(
    readonly tx: StorageTransaction,
    /** Instant of the command, epoch ms. */
    readonly now: number,
    readonly at: Instant,
    /** Validate every record read (`false` for a trusted adapter: rows are taken as stored). */
    readonly verifyReads = true,
    /**
     * Called once per dealer before this transaction first reads that dealer's records: the
     * engine reads the dealer's stored rule pack versions there, so flows resolve packs without
     * waiting.
     */
    private readonly prepare?: (uow: UnitOfWork, dealerId: string) => Promise<void>,
  ) {}

  /** Runs `prepare` for a dealer, once per transaction. */
  async touch(dealerId: string): Promise<void> {
    if (this.prepare === undefined || this.prepared.has(dealerId)) return;
    this.prepared.add(dealerId);
    await this.prepare(this, dealerId);
  }

  /** Loads a dealer's aggregate or throws `NOT_FOUND` (another dealer's record is not found too). */
  async load<K extends RecordKind>(
    kind: K,
    dealerId: string,
    id: string,
  ): Promise<AggregateByKind[K]> {
    const found = await this.find(kind, dealerId, id);
    if (found === undefined) throw new NotFoundError(kind, id);
    return found;
  }

  async find<K extends RecordKind>(
    kind: K,
    dealerId: string,
    id: string,
  ): Promise<AggregateByKind[K] | undefined> {
    const key = recordKey(kind, dealerId, id);
    const known = this.loaded.get(key) as AggregateByKind[K] | undefined;
    if (known !== undefined) return known;
    await this.touch(dealerId);
    const record = await this.tx.get(kind, dealerId, id);
    if (record === undefined) return undefined;
    const aggregate = decodeRecord(kind, record, { verify: this.verifyReads });
    this.remember(kind, key, aggregate);
    return aggregate;
  }

  /** Puts an aggregate in the identity map (and a visit in its customer's set, once kept). */
  private remember(kind: RecordKind, key: string, aggregate: unknown): void {
    this.loaded.set(key, aggregate);
    if (kind === 'visit' && this.visitsByCustomer !== undefined) {
      addVisitOfCustomer(this.visitsByCustomer, key, aggregate as Visit);
    }
  }

  /** The visits of each customer in the identity map, built once from it when first needed. */
  private customersVisits(): Map<string, Set<string>> {
    if (this.visitsByCustomer === undefined) {
      const index = new Map<string, Set<string>>();
      for (const [key, aggregate] of this.loaded) {
        if (key.startsWith(VISIT_KEY_PREFIX)) addVisitOfCustomer(index, key, aggregate as Visit);
      }
      this.visitsByCustomer = index;
    }
    return this.visitsByCustomer;
  }

  /**
   * Reads many records at once into the identity map (one `getMany` per dealer and kind), so
   * that {@link find} answers them from memory. Records already read are not read again; absent
   * ones are left for `find` to report.
   */
  async preload(
    refs: readonly { readonly kind: RecordKind; readonly dealerId: string; readonly id: string }[],
  ): Promise<void> {
    const wanted = new Map<string, { kind: RecordKind; dealerId: string; ids: string[] }>();
    for (const { kind, dealerId, id } of refs) {
      if (this.loaded.has(recordKey(kind, dealerId, id))) continue;
      const group = `${kind}\u0000${dealerId}`;
      let w = wanted.get(group);
      if (w === undefined) {
        w = { kind, dealerId, ids: [] };
        wanted.set(group, w);
      }
      if (!w.ids.includes(id)) w.ids.push(id);
    }
    for (const { kind, dealerId, ids } of wanted.values()) {
      await this.touch(dealerId);
      const records = await this.tx.getMany(kind, dealerId, ids);
      records.forEach((record, i) => {
        if (record === undefined) return;
        const key = recordKey(kind, dealerId, ids[i]!);
        if (!this.loaded.has(key))
          this.remember(kind, key, decodeRecord(kind, record, { verify: this.verifyReads }));
      });
    }
  }

  /**
   * Saves an aggregate whose `version` is the version it was read at (0 = new) and returns it at
   * its new version. Write-behind: the record reaches storage once, when the transaction ends
   * ({@link flush}) or before a query needs it, so a record changed twice in one transaction (a
   * customer created, then made an owner) is written once and its version goes up by one (by
   * one per write when a query made it write back in between: versions only grow). Saving an
   * aggregate at an older version than this transaction's latest is a `VERSION_CONFLICT` at
   * once, and so is a concurrent change by someone else when the record is written. Two saves
   * built from the same read are not told apart (both carry its version): save what the
   * previous save returned, as every flow does.
   */
  async save<K extends RecordKind>(
    kind: K,
    aggregate: AggregateByKind[K],
  ): Promise<AggregateByKind[K]> {
    const a = aggregate as AggregateByKind[K] & { id: string; dealerId: string };
    const key = recordKey(kind, a.dealerId, a.id);
    const pending = this.dirty.get(key);
    let expected = a.version;
    if (pending !== undefined) {
      if (a.version !== pending.expected + 1) {
        throw new VersionConflictError(kind, a.id, a.version, pending.expected + 1);
      }
      expected = pending.expected;
    } else {
      this.dirty.set(key, { kind, expected });
    }
    const next = { ...aggregate, version: expected + 1, updatedAt: this.at };
    this.remember(kind, key, next);
    return next;
  }

  /** Writes every aggregate saved since the last write-back, in one `putMany`. */
  async writeBack(): Promise<void> {
    if (this.dirty.size === 0) return;
    const writes: RecordWrite[] = [];
    for (const [key, { kind, expected }] of this.dirty) {
      const latest = this.loaded.get(key) as AggregateByKind[typeof kind];
      writes.push({ record: encodeRecord(kind, latest), expectedVersion: expected });
    }
    this.dirty.clear();
    await this.tx.putMany(writes);
  }

  /** Queries records (after writing back what this transaction saved, so the query sees it). */
  async query(q: RecordQuery): Promise<StoredRecord[]> {
    await this.touch(q.dealerId);
    await this.writeBack();
    return this.tx.query(q);
  }

  /** Counts records by status (after writing back what this transaction saved, as {@link query}). */
  async countByStatus(q: RecordCountQuery): Promise<Record<string, number>> {
    await this.touch(q.dealerId);
    await this.writeBack();
    return this.tx.countByStatus(q);
  }

  /**
   * A customer's visits in one of `states`, in id order, as this transaction now sees them: what
   * {@link query} would return, without writing back first. Storage is asked once per customer
   * and states in a transaction; visits this transaction saved since (or read at a newer
   * version) come from the identity map. Ingest asks this for every duty rule of every event.
   */
  async customerVisits(
    dealerId: string,
    customerId: string,
    states: readonly Visit['state'][],
  ): Promise<Visit[]> {
    const readKey = `${dealerId}\u0000${customerId}\u0000${states.join(',')}`;
    let stored = this.customerVisitsRead.get(readKey);
    if (stored === undefined) {
      await this.touch(dealerId);
      const rows = await this.tx.query({
        dealerId,
        kind: 'visit',
        customerId,
        status: [...states],
        limit: 10_000,
      });
      stored = rows.map((r) => {
        const key = recordKey('visit', dealerId, r.id);
        if (!this.loaded.has(key))
          this.remember('visit', key, decodeRecord('visit', r, { verify: this.verifyReads }));
        return key;
      });
      this.customerVisitsRead.set(readKey, stored);
    }
    const keys = new Set(stored);
    for (const k of this.customersVisits().get(`${dealerId}\u0000${customerId}`) ?? []) keys.add(k);
    const out: Visit[] = [];
    for (const k of keys) {
      const v = this.loaded.get(k) as Visit;
      if (v.subject.customerId === customerId && states.includes(v.state)) out.push(v);
    }
    return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  emit<T extends EngineEventType>(
    type: T,
    dealerId: string,
    subject: Subject,
    data: EngineEventData[T],
  ): void {
    this.events.push({
      type,
      dealerId,
      at: this.at,
      subject: { kind: subject.kind, id: subject.id },
      // The event's own deep copy: data often quotes the rule pack (`notify` roles) or an
      // aggregate (scores), and a listener that changes its event must not change those.
      data: klona(data) as unknown as Record<string, unknown>,
    });
  }

  /**
   * Replaces a subject's pending timers with `timers` (any already past `now` fire on the next
   * tick). A subject created in this transaction has none yet, so its first set is put without
   * a delete. Engine code changes timers only through here, {@link putTimers} and
   * {@link cancelTimers}.
   */
  async replaceTimers(
    dealerId: string,
    subject: Subject,
    timers: readonly TimerRecord[],
  ): Promise<void> {
    const key = recordKey(subject.kind, dealerId, subject.id);
    const fresh = this.dirty.get(key)?.expected === 0 && !this.timed.has(key);
    this.timed.add(key);
    if (!fresh) {
      await this.writeTimers();
      await this.tx.cancelTimers(dealerId, subject);
    }
    if (timers.length > 0) this.putTimers(timers);
  }

  /**
   * Inserts or replaces timers by id (a rules switch's next page, a revived dead timer, a
   * failed timer put back). Write-behind, as records are: see {@link writeTimers}.
   */
  putTimers(timers: readonly TimerRecord[]): void {
    for (const t of timers) {
      this.timersPut.add(t.id);
      this.unwrittenTimers.push(t);
    }
  }

  /** Writes the timers put since the last write, in one `putTimers` (in the order put). */
  async writeTimers(): Promise<void> {
    if (this.unwrittenTimers.length === 0) return;
    const timers = this.unwrittenTimers;
    this.unwrittenTimers = [];
    await this.tx.putTimers(timers);
  }

  /** {@link StorageTransaction.claimTimer}, after writing the timers put so far. */
  async claimTimer(id: string, dueAt: number): Promise<boolean> {
    await this.writeTimers();
    return this.tx.claimTimer(id, dueAt);
  }

  /** {@link StorageTransaction.claimTimers}, after writing the timers put so far. */
  async claimTimers(claims: readonly TimerClaim[]): Promise<string[]> {
    await this.writeTimers();
    return this.tx.claimTimers(claims);
  }

  /**
   * Whether this transaction changed what is pending for `timer`: put a timer with its id, or
   * replaced or cancelled the timers of its subject. A batch that claimed the timer before such
   * a change claims it again as it now is (`tick`).
   */
  timerTouched(timer: TimerRecord): boolean {
    return (
      this.timersPut.has(timer.id) ||
      (this.timed.size > 0 &&
        this.timed.has(recordKey(timer.subject.kind, timer.dealerId, timer.subject.id)))
    );
  }

  /** Deletes a subject's pending timers. */
  async cancelTimers(dealerId: string, subject: Subject): Promise<void> {
    this.timed.add(recordKey(subject.kind, dealerId, subject.id));
    await this.writeTimers();
    await this.tx.cancelTimers(dealerId, subject);
  }

  /**
   * Whether the subject's pending timers differ from `desired` (ids, names, instants, payloads).
   * Payloads compare by content, whatever their key order: a store may hand JSON back with its
   * keys in another order (PostgreSQL's jsonb does).
   */
  async timersDiffer(
    dealerId: string,
    subject: Subject,
    desired: readonly TimerRecord[],
  ): Promise<boolean> {
    const key = (t: TimerRecord) => `${t.id}|${t.name}|${t.dueAt}|${stringify(t.payload)}`;
    await this.writeTimers();
    const current = (await this.tx.timersOf(dealerId, subject)).map(key).sort();
    const wanted = desired.map(key).sort();
    return current.length !== wanted.length || current.some((k, i) => k !== wanted[i]);
  }

  /** Runs `fn` after the transaction commits (never if it rolls back). */
  afterCommit(fn: () => void): void {
    this.committed.push(fn);
  }

  /** A history entry stamped with this command's instant. */
  fact(entry: Omit<HistoryEntry, 'at'>): HistoryEntry {
    return { at: this.at, ...entry };
  }

  /**
   * Writes back what was saved and the timers put, then appends the collected events to the log
   * (in the transaction).
   */
  async flush(): Promise<DomainEvent[]> {
    await this.writeBack();
    await this.writeTimers();
    if (this.events.length === 0) return [];
    return this.tx.appendEvents(this.events);
  }
}
