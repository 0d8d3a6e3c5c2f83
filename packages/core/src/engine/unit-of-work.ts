import { klona } from 'klona/json';
import { NotFoundError } from '../errors';
import type { DomainEvent, RecordKind } from '../model/domain-event';
import type { HistoryEntry } from '../model/history';
import type { Instant } from '../model/primitives';
import type { StorageTransaction, TimerRecord } from '../storage/storage-port';
import type { EngineEventData } from './engine-event-data';
import type { EngineEventType } from './engine-events';
import { type AggregateByKind, decodeRecord, encodeRecord } from './record-codec';

type Subject = { readonly kind: RecordKind; readonly id: string };

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

  constructor(
    readonly tx: StorageTransaction,
    /** Instant of the command, epoch ms. */
    readonly now: number,
    readonly at: Instant,
    /** Validate every record read (`false` for a trusted adapter: rows are taken as stored). */
    readonly verifyReads = true,
  ) {}

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
    const key = `${kind}\u0000${dealerId}\u0000${id}`;
    const known = this.loaded.get(key) as AggregateByKind[K] | undefined;
    if (known !== undefined) return known;
    const record = await this.tx.get(kind, dealerId, id);
    if (record === undefined) return undefined;
    const aggregate = decodeRecord(kind, record, { verify: this.verifyReads });
    this.loaded.set(key, aggregate);
    return aggregate;
  }

  /**
   * Writes an aggregate whose `version` is the version it was read at (0 = new). A concurrent
   * change makes the adapter throw `VERSION_CONFLICT`. Returns the aggregate at its new version.
   */
  async save<K extends RecordKind>(
    kind: K,
    aggregate: AggregateByKind[K],
  ): Promise<AggregateByKind[K]> {
    const expected = aggregate.version;
    const next = { ...aggregate, version: expected + 1, updatedAt: this.at };
    const record = encodeRecord(kind, next);
    await this.tx.put(record, expected);
    this.loaded.set(`${kind}\u0000${record.dealerId}\u0000${record.id}`, next);
    return next;
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

  /** Replaces a subject's pending timers with `timers` (any already past `now` fire on the next tick). */
  async replaceTimers(
    dealerId: string,
    subject: Subject,
    timers: readonly TimerRecord[],
  ): Promise<void> {
    await this.tx.cancelTimers(dealerId, subject);
    if (timers.length > 0) await this.tx.putTimers(timers);
  }

  /** Whether the subject's pending timers differ from `desired` (ids, names, instants, payloads). */
  async timersDiffer(
    dealerId: string,
    subject: Subject,
    desired: readonly TimerRecord[],
  ): Promise<boolean> {
    const key = (t: TimerRecord) => `${t.id}|${t.name}|${t.dueAt}|${JSON.stringify(t.payload)}`;
    const current = (await this.tx.timersOf(dealerId, subject)).map(key).sort();
    const wanted = desired.map(key).sort();
    return current.length !== wanted.length || current.some((k, i) => k !== wanted[i]);
  }

  /** A history entry stamped with this command's instant. */
  fact(entry: Omit<HistoryEntry, 'at'>): HistoryEntry {
    return { at: this.at, ...entry };
  }

  /** Appends the collected events to the log (inside the transaction). */
  async flush(): Promise<DomainEvent[]> {
    if (this.events.length === 0) return [];
    return this.tx.appendEvents(this.events);
  }
}
