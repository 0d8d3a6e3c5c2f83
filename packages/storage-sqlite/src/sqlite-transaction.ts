import {
  type DomainEvent,
  type EventQuery,
  type FeedPage,
  type FeedQuery,
  feedLimit,
  type JsonObject,
  type KeyQuery,
  type RecordCountQuery,
  type RecordKind,
  type RecordQuery,
  type RecordWrite,
  SOURCE_FINGERPRINTS_KEPT,
  type SourceClaim,
  StorageError,
  type StorageTransaction,
  type StoredRecord,
  sequenceFeedCursor,
  type TimerClaim,
  type TimerRecord,
  VersionConflictError,
} from '@dealercare/core';
import { toStorageError } from './sqlite-errors';
import {
  type EventRow,
  isOwnTimerId,
  ownTimerId,
  parseOwnTimerId,
  type RecordRow,
  type Statements,
  sqlLimit,
  type TimerRow,
} from './statements';

type Subject = { readonly kind: RecordKind; readonly id: string };

/** NULL columns come back absent, so a read deep-equals what was put. */
function toRecord(row: RecordRow): StoredRecord {
  const record: {
    -readonly [K in keyof StoredRecord]: StoredRecord[K];
  } = {
    kind: row.kind as RecordKind,
    id: row.id,
    dealerId: row.dealer_id,
    version: row.version,
    status: row.status,
    data: JSON.parse(row.data) as JsonObject,
  };
  if (row.customer_id !== null) record.customerId = row.customer_id;
  if (row.assignee_role !== null) record.assigneeRole = row.assignee_role;
  if (row.assignee_id !== null) record.assigneeId = row.assignee_id;
  if (row.due_at !== null) record.dueAt = row.due_at;
  if (row.type !== null) record.type = row.type;
  if (row.outlet_id !== null) record.outletId = row.outlet_id;
  if (row.opens_at !== null) record.opensAt = row.opens_at;
  return record;
}

function toTimer(row: TimerRow): TimerRecord {
  return {
    id: row.id === '' ? ownTimerId(row.subject_kind, row.subject_id, row.name) : row.id,
    dealerId: row.dealer_id,
    subject: { kind: row.subject_kind as RecordKind, id: row.subject_id },
    name: row.name,
    dueAt: row.due_at,
    payload: JSON.parse(row.payload) as JsonObject,
  };
}

function toEvent(row: EventRow): DomainEvent {
  return {
    seq: row.seq,
    type: row.type,
    dealerId: row.dealer_id,
    at: row.at,
    subject: { kind: row.subject_kind as RecordKind, id: row.subject_id },
    data: JSON.parse(row.data) as Record<string, unknown>,
  };
}

/**
 * One open `BEGIN IMMEDIATE` transaction seen through the storage port. Every call runs
 * synchronously on the connection (better-sqlite3); the methods are `async` only because the
 * port is. After the transaction ends, or after a storage failure inside it, every call throws:
 * a callback that swallowed a `StorageError` still cannot commit a half-done transaction.
 */
export class SqliteTransaction implements StorageTransaction {
  private ended = false;
  /** Whether this transaction appended events (then `readFeed` is refused). */
  private appended = false;
  /** The first storage failure; once set, the transaction can only roll back. */
  failure: StorageError | undefined;

  constructor(
    private readonly statements: Statements,
    private readonly filename: string,
  ) {}

  /** Called by the adapter when it commits or rolls back. */
  end(): void {
    this.ended = true;
  }

  private run<T>(operation: string, body: () => T): T {
    if (this.ended) {
      throw new StorageError(
        `sqlite storage "${this.filename}": ${operation} called after the transaction ended (keep using the transaction only inside its callback)`,
        { operation, filename: this.filename },
      );
    }
    if (this.failure !== undefined) {
      throw new StorageError(
        `sqlite storage "${this.filename}": ${operation} refused: the transaction already failed and will be rolled back`,
        { operation, filename: this.filename, sqliteCode: this.failure.details.sqliteCode },
        this.failure,
      );
    }
    try {
      return body();
    } catch (error) {
      const wrapped = toStorageError(error, operation, this.filename);
      if (wrapped instanceof StorageError) this.failure = wrapped;
      throw wrapped;
    }
  }

  async get(kind: RecordKind, dealerId: string, id: string): Promise<StoredRecord | undefined> {
    return this.run('get', () => {
      const row = this.statements.getRecord.get(dealerId, kind, id);
      return row === undefined ? undefined : toRecord(row);
    });
  }

  async put(record: Omit<StoredRecord, 'version'>, expectedVersion: number): Promise<StoredRecord> {
    return this.run('put', () => {
      this.write(record, expectedVersion);
      return { ...record, version: expectedVersion + 1 };
    });
  }

  async putMany(writes: readonly RecordWrite[]): Promise<void> {
    this.run('putMany', () => {
      for (const w of writes) this.write(w.record, w.expectedVersion);
    });
  }

  /** Inserts or updates one record under its version check, and its lookup keys. */
  private write(record: Omit<StoredRecord, 'version'>, expectedVersion: number): void {
    const s = this.statements;
    const version = expectedVersion + 1;
    const data = JSON.stringify(record.data);
    const columns = [
      record.status,
      record.customerId ?? null,
      record.assigneeRole ?? null,
      record.assigneeId ?? null,
      record.dueAt ?? null,
      record.type ?? null,
      record.outletId ?? null,
      record.opensAt ?? null,
    ] as const;
    const keys = record.keys === undefined ? null : JSON.stringify(record.keys);
    // The keys the row had, to replace only those that changed (schema 5 keeps them in the
    // row: there is no index of lookup keys by record).
    const before =
      expectedVersion === 0 || keys === null
        ? null
        : s.recordKeys.get(record.dealerId, record.kind, record.id);
    const changes =
      expectedVersion === 0
        ? s.insertRecord.run(
            record.dealerId,
            record.kind,
            record.id,
            version,
            ...columns,
            data,
            keys,
          ).changes
        : s.updateRecord.run(
            version,
            ...columns,
            data,
            keys,
            record.dealerId,
            record.kind,
            record.id,
            expectedVersion,
          ).changes;
    if (changes !== 1) {
      const actual = s.recordVersion.get(record.dealerId, record.kind, record.id);
      throw new VersionConflictError(record.kind, record.id, expectedVersion, actual);
    }
    if (record.keys !== undefined) {
      const next = new Set(record.keys);
      const old = new Set(before == null ? [] : (JSON.parse(before) as string[]));
      for (const key of old)
        if (!next.has(key)) s.dropKey.run(record.dealerId, record.kind, key, record.id);
      for (const key of next)
        if (!old.has(key)) s.insertKey.run(record.dealerId, record.kind, key, record.id);
    }
  }

  async query(q: RecordQuery): Promise<StoredRecord[]> {
    return this.run('query', () => {
      const { statement, params } = this.statements.recordQuery(q);
      return statement.all(...params).map(toRecord);
    });
  }

  async countByStatus(q: RecordCountQuery): Promise<Record<string, number>> {
    return this.run('countByStatus', () => {
      const { statement, params } = this.statements.countQuery(q);
      const counts: Record<string, number> = {};
      for (const { status, n } of statement.all(...params)) counts[status] = n;
      return counts;
    });
  }

  async findByKey(q: KeyQuery): Promise<StoredRecord[]> {
    return this.run('findByKey', () => {
      const { statement, params } = this.statements.keyQuery(q);
      return statement.all(...params).map(toRecord);
    });
  }

  async appendEvents(events: readonly DomainEvent[]): Promise<DomainEvent[]> {
    if (events.length > 0) this.appended = true;
    return this.run('appendEvents', () =>
      events.map((e) => {
        const { lastInsertRowid } = this.statements.insertEvent.run(
          e.dealerId,
          e.type,
          e.at,
          e.subject.kind,
          e.subject.id,
          JSON.stringify(e.data),
        );
        return {
          ...e,
          subject: { kind: e.subject.kind, id: e.subject.id },
          seq: Number(lastInsertRowid),
        };
      }),
    );
  }

  async readEvents(q: EventQuery): Promise<DomainEvent[]> {
    return this.run('readEvents', () => {
      const after = q.afterSeq ?? 0;
      const limit = sqlLimit(q.limit, 1000);
      const rows = q.subject
        ? this.statements.readSubjectEvents.all(
            q.dealerId,
            q.subject.kind,
            q.subject.id,
            after,
            limit,
          )
        : this.statements.readEvents.all(q.dealerId, after, limit);
      return rows.map(toEvent);
    });
  }

  async readFeed(q: FeedQuery): Promise<FeedPage> {
    const after = sequenceFeedCursor.read(q.after);
    const limit = feedLimit(q.limit);
    return this.run('readFeed', () => {
      if (this.appended) {
        throw new StorageError(
          `sqlite storage "${this.filename}": readFeed after appendEvents in the same transaction (its events are not committed yet)`,
          { operation: 'readFeed', filename: this.filename },
        );
      }
      const events = this.statements.feedEvents.all(after, limit).map(toEvent);
      return { events, cursor: sequenceFeedCursor.next(after, events) };
    });
  }

  async rewriteEvents(
    dealerId: string,
    subject: Subject,
    rewrite: (event: DomainEvent) => DomainEvent,
  ): Promise<number> {
    return this.run('rewriteEvents', () => {
      const rows = this.statements.subjectEvents.all(dealerId, subject.kind, subject.id);
      for (const row of rows) {
        // Dealer, subject and seq stay: erasure changes what an event says, not where it sits.
        const next = rewrite(toEvent(row));
        this.statements.updateEvent.run(
          next.type,
          next.at,
          JSON.stringify(next.data),
          row.seq,
          dealerId,
        );
      }
      return rows.length;
    });
  }

  async putTimers(timers: readonly TimerRecord[]): Promise<void> {
    this.run('putTimers', () => {
      const st = this.statements;
      for (const t of timers) {
        const { kind, id: subjectId } = t.subject;
        // Replace by id: the timer with this id goes, wherever it is due and however stored.
        const own = parseOwnTimerId(t.id);
        if (own !== undefined) st.dropOwnIdTimer.run(own.kind, own.subjectId, own.name);
        st.dropOtherIdTimer.run(t.id);
        st.insertTimer.run(
          t.dueAt,
          kind,
          subjectId,
          t.name,
          isOwnTimerId(t.id, kind, subjectId, t.name) ? '' : t.id,
          t.dealerId,
          JSON.stringify(t.payload),
        );
      }
    });
  }

  async cancelTimers(dealerId: string, subject: Subject): Promise<number> {
    return this.run(
      'cancelTimers',
      () => this.statements.cancelTimers.run(subject.kind, subject.id, dealerId).changes,
    );
  }

  async timersOf(dealerId: string, subject: Subject): Promise<TimerRecord[]> {
    return this.run('timersOf', () =>
      this.statements.timersOf.all(subject.kind, subject.id, dealerId).map(toTimer),
    );
  }

  async dueTimers(now: number, limit: number): Promise<TimerRecord[]> {
    return this.run('dueTimers', () =>
      this.statements.dueTimers.all(now, sqlLimit(limit, 1000)).map(toTimer),
    );
  }

  /** Deletes the timer `id` if it is still due at `dueAt`; whether it did. */
  private claimOne(id: string, dueAt: number): boolean {
    const st = this.statements;
    const own = parseOwnTimerId(id);
    if (
      own !== undefined &&
      st.claimOwnIdTimer.run(dueAt, own.kind, own.subjectId, own.name).changes > 0
    ) {
      return true;
    }
    return st.claimOtherIdTimer.run(id, dueAt).changes > 0;
  }

  async claimTimer(id: string, dueAt: number): Promise<boolean> {
    return this.run('claimTimer', () => this.claimOne(id, dueAt));
  }

  // Batch operations: the one-row prepared statements in one loop, inside the transaction.

  async claimTimers(claims: readonly TimerClaim[]): Promise<string[]> {
    return this.run('claimTimers', () => {
      const taken: string[] = [];
      for (const { id, dueAt } of claims) if (this.claimOne(id, dueAt)) taken.push(id);
      return taken;
    });
  }

  async getMany(
    kind: RecordKind,
    dealerId: string,
    ids: readonly string[],
  ): Promise<(StoredRecord | undefined)[]> {
    return this.run('getMany', () => {
      const get = this.statements.getRecord;
      return ids.map((id) => {
        const row = get.get(dealerId, kind, id);
        return row === undefined ? undefined : toRecord(row);
      });
    });
  }

  async claimSource(dealerId: string, key: string, fingerprint: string): Promise<SourceClaim> {
    return this.run('claimSource', () => {
      const st = this.statements;
      if (st.claimSource.run(dealerId, key, fingerprint).changes === 1) return 'new';
      const known = st.sourceFingerprints.get(dealerId, key)?.fingerprints ?? null;
      if (known === null) return 'same'; // recorded by claimKey, or before fingerprints
      const seen = known.split(' ');
      if (seen.includes(fingerprint)) return 'same';
      const kept = [...seen, fingerprint].slice(-SOURCE_FINGERPRINTS_KEPT).join(' ');
      st.replaceFingerprint.run(kept, dealerId, key);
      return 'changed';
    });
  }

  async claimKey(dealerId: string, key: string): Promise<boolean> {
    return this.run('claimKey', () => this.statements.claimKey.run(dealerId, key).changes === 1);
  }
}
