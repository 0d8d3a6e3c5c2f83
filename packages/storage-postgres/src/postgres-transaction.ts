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
  type TimerClaim,
  type TimerRecord,
  VersionConflictError,
} from '@dealercare/core';
import type { Session } from './connection/session';
import { toStorageError } from './postgres-errors';
import { readFeedCursor, writeFeedCursor } from './postgres-feed';
import {
  type EventRow,
  type RecordRow,
  type Statements,
  sqlLimit,
  type TimerRow,
} from './statements';

type Subject = { readonly kind: RecordKind; readonly id: string };

/** A feed cut of fewer than this many pages is read by transaction id and sorted per page. */
const SMALL_CUT_PAGES = 10;

/** The drivers return JSON columns parsed; a text column (or a driver that does not) as text. */
function json<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

/**
 * Rows as columns: the arrays a statement over `unnest($1::text[], $2::bigint[], …)` takes, so a
 * whole batch is one statement.
 */
function columnsOf(rows: readonly (readonly unknown[])[], width: number): unknown[][] {
  const columns: unknown[][] = Array.from({ length: width }, () => []);
  for (const row of rows) {
    for (let i = 0; i < width; i++) columns[i]!.push(row[i]);
  }
  return columns;
}

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
    data: json<JsonObject>(row.data),
  };
  if (row.customer_id !== null) record.customerId = row.customer_id;
  if (row.assignee_role !== null) record.assigneeRole = row.assignee_role;
  if (row.assignee_id !== null) record.assigneeId = row.assignee_id;
  if (row.due_at !== null) record.dueAt = Number(row.due_at);
  if (row.type !== null) record.type = row.type;
  if (row.outlet_id !== null) record.outletId = row.outlet_id;
  if (row.opens_at !== null) record.opensAt = Number(row.opens_at);
  return record;
}

function toTimer(row: TimerRow): TimerRecord {
  return {
    id: row.id,
    dealerId: row.dealer_id,
    subject: { kind: row.subject_kind as RecordKind, id: row.subject_id },
    name: row.name,
    dueAt: Number(row.due_at),
    payload: json<JsonObject>(row.payload),
  };
}

function toEvent(row: EventRow): DomainEvent {
  return {
    seq: Number(row.seq),
    type: row.type,
    dealerId: row.dealer_id,
    at: row.at,
    subject: { kind: row.subject_kind as RecordKind, id: row.subject_id },
    data: json<Record<string, unknown>>(row.data),
  };
}

/**
 * One open transaction (`BEGIN` … on one pooled connection) seen through the storage port.
 * After the transaction ends, or after a database failure inside it (PostgreSQL refuses every
 * further statement of a failed transaction anyway), every call throws: a callback that
 * swallowed a `StorageError` still cannot commit a half-done transaction.
 */
export class PostgresTransaction implements StorageTransaction {
  private ended = false;
  /** Whether this transaction appended events (then `readFeed` is refused). */
  private appended = false;
  /**
   * Whether this transaction read the feed (then `appendEvents` is refused: the snapshot a cursor
   * keeps counts this transaction as committed, so its events would be behind that cursor).
   */
  private readTheFeed = false;
  /** The first database failure; once set, the transaction can only roll back. */
  failure: StorageError | undefined;

  constructor(
    private readonly session: Session,
    private readonly statements: Statements,
    private readonly where: string,
  ) {}

  /** Called by the adapter when it commits or rolls back. */
  end(): void {
    this.ended = true;
  }

  private async run<T>(operation: string, body: () => Promise<T>): Promise<T> {
    if (this.ended) {
      throw new StorageError(
        `postgres storage ${this.where}: ${operation} called after the transaction ended (keep using the transaction only inside its callback)`,
        { operation, where: this.where, reason: 'closed' },
      );
    }
    if (this.failure !== undefined) {
      throw new StorageError(
        `postgres storage ${this.where}: ${operation} refused: the transaction already failed and will be rolled back`,
        {
          operation,
          where: this.where,
          reason: this.failure.details.reason,
          pgCode: this.failure.details.pgCode,
        },
        this.failure,
      );
    }
    try {
      return await body();
    } catch (error) {
      const wrapped = toStorageError(error, { operation, where: this.where });
      if (wrapped instanceof StorageError) this.failure ??= wrapped;
      throw wrapped;
    }
  }

  private rows<R>(statement: { name?: string; text: string }, values: readonly unknown[]) {
    return this.session.query<R>(statement, values);
  }

  async get(kind: RecordKind, dealerId: string, id: string): Promise<StoredRecord | undefined> {
    return this.run('get', async () => {
      const { rows } = await this.rows<RecordRow>(this.statements.getRecord, [dealerId, kind, id]);
      return rows[0] === undefined ? undefined : toRecord(rows[0]);
    });
  }

  async put(record: Omit<StoredRecord, 'version'>, expectedVersion: number): Promise<StoredRecord> {
    const version = expectedVersion + 1;
    const changed = await this.run('put', async () => {
      const s = this.statements;
      const values = recordValues(record, version);
      const { rowCount } =
        expectedVersion === 0
          ? await this.rows(s.insertRecord, values)
          : await this.rows(s.updateRecord, [...values, expectedVersion]);
      if (rowCount === 1) {
        if (record.keys !== undefined) {
          const id = [record.dealerId, record.kind, record.id];
          if (expectedVersion !== 0) await this.rows(s.dropKeys, id);
          if (record.keys.length > 0) await this.rows(s.insertKeys, [...id, [...record.keys]]);
        }
        return undefined;
      }
      const { rows } = await this.rows<{ version: number }>(s.recordVersion, [
        record.dealerId,
        record.kind,
        record.id,
      ]);
      return rows[0]?.version ?? null;
    });
    if (changed !== undefined) {
      throw new VersionConflictError(record.kind, record.id, expectedVersion, changed ?? undefined);
    }
    return { ...record, version };
  }

  async putMany(writes: readonly RecordWrite[]): Promise<void> {
    if (writes.length === 0) return;
    const conflict = await this.run('putMany', async () => {
      for (const part of withDistinctRecords(writes)) {
        const missed = await this.writeAll(part);
        if (missed !== undefined) return missed;
      }
      return undefined;
    });
    if (conflict !== undefined) {
      const { write, actual } = conflict;
      throw new VersionConflictError(
        write.record.kind,
        write.record.id,
        write.expectedVersion,
        actual ?? undefined,
      );
    }
  }

  /**
   * Writes records named once each: one INSERT for the new ones, one UPDATE for the others, then
   * their lookup keys. Returns the first write (in the order given) whose version check failed,
   * with the version stored, or `undefined` when every one was written.
   */
  private async writeAll(
    writes: readonly RecordWrite[],
  ): Promise<{ write: RecordWrite; actual: number | null } | undefined> {
    const s = this.statements;
    const written = new Set<string>();
    const inserts = writes.filter((w) => w.expectedVersion === 0);
    const updates = writes.filter((w) => w.expectedVersion !== 0);
    const note = (rows: readonly { dealer_id: string; kind: string; id: string }[]) => {
      for (const r of rows) written.add(recordKeyOf(r.dealer_id, r.kind, r.id));
    };
    if (inserts.length > 0) {
      note((await this.rows<WrittenRow>(s.insertRecords, recordColumns(inserts))).rows);
    }
    if (updates.length > 0) {
      const columns = recordColumns(updates);
      columns.push(updates.map((w) => w.expectedVersion));
      note((await this.rows<WrittenRow>(s.updateRecords, columns)).rows);
    }
    const missed = writes.find(
      ({ record: r }) => !written.has(recordKeyOf(r.dealerId, r.kind, r.id)),
    );
    if (missed !== undefined) {
      const { record: r } = missed;
      const { rows } = await this.rows<{ version: number }>(s.recordVersion, [
        r.dealerId,
        r.kind,
        r.id,
      ]);
      return { write: missed, actual: rows[0]?.version ?? null };
    }
    const rekeyed = updates.filter((w) => w.record.keys !== undefined);
    if (rekeyed.length > 0) {
      await this.rows(s.dropKeysOf, [
        rekeyed.map((w) => w.record.dealerId),
        rekeyed.map((w) => w.record.kind),
        rekeyed.map((w) => w.record.id),
      ]);
    }
    const keys: [string[], string[], string[], string[]] = [[], [], [], []];
    for (const { record: r } of writes) {
      for (const key of r.keys ?? []) {
        keys[0].push(r.dealerId);
        keys[1].push(r.kind);
        keys[2].push(key);
        keys[3].push(r.id);
      }
    }
    if (keys[0].length > 0) await this.rows(s.insertKeysOf, keys);
    return undefined;
  }

  async query(q: RecordQuery): Promise<StoredRecord[]> {
    return this.run('query', async () => {
      const { statement, params } = this.statements.recordQuery(q);
      return (await this.rows<RecordRow>(statement, params)).rows.map(toRecord);
    });
  }

  async countByStatus(q: RecordCountQuery): Promise<Record<string, number>> {
    return this.run('countByStatus', async () => {
      const { statement, params } = this.statements.countQuery(q);
      const counts: Record<string, number> = {};
      for (const { status, n } of (
        await this.rows<{ status: string; n: number }>(statement, params)
      ).rows) {
        counts[status] = Number(n);
      }
      return counts;
    });
  }

  async findByKey(q: KeyQuery): Promise<StoredRecord[]> {
    return this.run('findByKey', async () => {
      const { statement, params } = this.statements.keyQuery(q);
      return (await this.rows<RecordRow>(statement, params)).rows.map(toRecord);
    });
  }

  async appendEvents(events: readonly DomainEvent[]): Promise<DomainEvent[]> {
    if (events.length === 0) return [];
    if (this.readTheFeed) {
      throw new StorageError(
        `postgres storage ${this.where}: appendEvents after readFeed in the same transaction (a cursor it returned would pass these events by)`,
        { operation: 'appendEvents', where: this.where },
      );
    }
    this.appended = true;
    return this.run('appendEvents', async () => {
      const counts = new Map<string, number>();
      for (const e of events) counts.set(e.dealerId, (counts.get(e.dealerId) ?? 0) + 1);
      const dealers = [...counts.keys()];
      const allocated = await this.rows<{ dealer_id: string; last_seq: string | number }>(
        this.statements.allocateSeqs,
        [dealers, dealers.map((d) => counts.get(d))],
      );
      // The first seq of each dealer's block: last_seq is the block's end after the increment.
      const next = new Map<string, number>();
      for (const r of allocated.rows) {
        next.set(r.dealer_id, Number(r.last_seq) - (counts.get(r.dealer_id) ?? 0) + 1);
      }
      const out: DomainEvent[] = [];
      const rows: unknown[][] = [];
      for (const e of events) {
        const seq = next.get(e.dealerId)!;
        next.set(e.dealerId, seq + 1);
        rows.push([
          e.dealerId,
          seq,
          e.type,
          e.at,
          e.subject.kind,
          e.subject.id,
          JSON.stringify(e.data),
        ]);
        out.push({ ...e, subject: { kind: e.subject.kind, id: e.subject.id }, seq });
      }
      await this.rows(this.statements.insertEvents, columnsOf(rows, 7));
      return out;
    });
  }

  async readEvents(q: EventQuery): Promise<DomainEvent[]> {
    return this.run('readEvents', async () => {
      const after = q.afterSeq ?? 0;
      const limit = sqlLimit(q.limit, 1000);
      const { rows } = q.subject
        ? await this.rows<EventRow>(this.statements.readSubjectEvents, [
            q.dealerId,
            q.subject.kind,
            q.subject.id,
            after,
            limit,
          ])
        : await this.rows<EventRow>(this.statements.readEvents, [q.dealerId, after, limit]);
      return rows.map(toEvent);
    });
  }

  /** See `postgres-feed.ts`: the log in cuts between snapshots, (dealer, seq) inside a cut. */
  async readFeed(q: FeedQuery): Promise<FeedPage> {
    const cursor = readFeedCursor(q.after);
    const limit = feedLimit(q.limit);
    if (limit === 0) return { events: [], cursor: writeFeedCursor(cursor) };
    return this.run('readFeed', async () => {
      if (this.appended) {
        throw new StorageError(
          `postgres storage ${this.where}: readFeed after appendEvents in the same transaction (its events are not committed yet)`,
          { operation: 'readFeed', where: this.where },
        );
      }
      this.readTheFeed = true;
      const feed = this.statements.feed;
      const hi = cursor.hi ?? (await this.rows<{ hi: string }>(feed.snapshot, [])).rows[0]!.hi;
      const dealer = cursor.dealer ?? '';
      const seq = cursor.seq ?? 0;
      let statement = feed.first;
      let params: unknown[] = [hi, dealer, seq, limit];
      if (cursor.lo !== null) {
        // Sorting a small cut per page is cheap; a large one (a consumer back after a while) is
        // paged along the primary key instead.
        const bound = SMALL_CUT_PAGES * limit;
        const size = (await this.rows<{ n: number }>(feed.cutSize, [cursor.lo, hi, bound]))
          .rows[0]!;
        statement = size.n < bound ? feed.smallCut : feed.largeCut;
        params = [cursor.lo, hi, dealer, seq, limit];
      }
      const { rows } = await this.rows<EventRow>(statement, params);
      const events = rows.map(toEvent);
      const last = events[events.length - 1];
      // A short page ends the cut: the next read starts a new one at a newer snapshot.
      const next =
        last === undefined || events.length < limit
          ? { lo: hi }
          : { lo: cursor.lo, hi, dealer: last.dealerId, seq: last.seq! };
      return { events, cursor: writeFeedCursor(next) };
    });
  }

  async rewriteEvents(
    dealerId: string,
    subject: Subject,
    rewrite: (event: DomainEvent) => DomainEvent,
  ): Promise<number> {
    const rows = await this.run(
      'rewriteEvents',
      async () =>
        (
          await this.rows<EventRow>(this.statements.subjectEvents, [
            dealerId,
            subject.kind,
            subject.id,
          ])
        ).rows,
    );
    if (rows.length === 0) return 0;
    // Dealer, subject and seq stay: erasure changes what an event says, not where it sits.
    const changed = rows.map((row) => {
      const next = rewrite(toEvent(row));
      return [row.seq, next.type, next.at, JSON.stringify(next.data)];
    });
    await this.run('rewriteEvents', () =>
      this.rows(this.statements.updateEvents, [dealerId, ...columnsOf(changed, 4)]),
    );
    return rows.length;
  }

  async putTimers(timers: readonly TimerRecord[]): Promise<void> {
    if (timers.length === 0) return;
    // One statement for all; a timer put twice in the call is put once, as the later one.
    const byKey = new Map<string, TimerRecord>();
    for (const t of timers) byKey.set(`${t.dealerId}\u0000${t.id}`, t);
    const rows = [...byKey.values()].map((t) => [
      t.dealerId,
      t.id,
      t.subject.kind,
      t.subject.id,
      t.name,
      t.dueAt,
      JSON.stringify(t.payload),
    ]);
    await this.run('putTimers', () => this.rows(this.statements.upsertTimers, columnsOf(rows, 7)));
  }

  async cancelTimers(dealerId: string, subject: Subject): Promise<number> {
    return this.run(
      'cancelTimers',
      async () =>
        (await this.rows(this.statements.cancelTimers, [dealerId, subject.kind, subject.id]))
          .rowCount,
    );
  }

  async timersOf(dealerId: string, subject: Subject): Promise<TimerRecord[]> {
    return this.run('timersOf', async () =>
      (
        await this.rows<TimerRow>(this.statements.timersOf, [dealerId, subject.kind, subject.id])
      ).rows.map(toTimer),
    );
  }

  async dueTimers(now: number, limit: number): Promise<TimerRecord[]> {
    return this.run('dueTimers', async () =>
      (await this.rows<TimerRow>(this.statements.dueTimers, [now, sqlLimit(limit, 1000)])).rows.map(
        toTimer,
      ),
    );
  }

  /**
   * Deletes the timer and returns `true`, or `false` when it is already gone. With `dueAt`, only
   * a timer still due at that instant is taken: a timer rescheduled since the sweep read it is
   * left for a later sweep.
   */
  async claimTimer(id: string, dueAt: number): Promise<boolean> {
    return this.run(
      'claimTimer',
      async () => (await this.rows(this.statements.claimTimer, [id, dueAt])).rowCount > 0,
    );
  }

  // Batch operations: one statement each.

  async claimTimers(claims: readonly TimerClaim[]): Promise<string[]> {
    if (claims.length === 0) return [];
    return this.run('claimTimers', async () => {
      const ids = claims.map((c) => c.id);
      const dues = claims.map((c) => c.dueAt);
      const { rows } = await this.rows<{ id: string; due_at: string | number }>(
        this.statements.claimTimers,
        [ids, dues],
      );
      const taken = new Set(rows.map((r) => `${r.id}\u0000${Number(r.due_at)}`));
      // In the order given, each once.
      return claims.filter((c) => taken.delete(`${c.id}\u0000${c.dueAt}`)).map((c) => c.id);
    });
  }

  async getMany(
    kind: RecordKind,
    dealerId: string,
    ids: readonly string[],
  ): Promise<(StoredRecord | undefined)[]> {
    if (ids.length === 0) return [];
    return this.run('getMany', async () => {
      const { rows } = await this.rows<RecordRow>(this.statements.getRecords, [
        dealerId,
        kind,
        [...ids],
      ]);
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => {
        const row = byId.get(id);
        return row === undefined ? undefined : toRecord(row);
      });
    });
  }

  async claimSource(dealerId: string, key: string, fingerprint: string): Promise<SourceClaim> {
    return this.run('claimSource', async () => {
      const st = this.statements;
      if ((await this.rows(st.claimSource, [dealerId, key, fingerprint])).rowCount === 1) {
        return 'new';
      }
      const replaced = await this.rows(st.replaceFingerprint, [
        dealerId,
        key,
        fingerprint,
        SOURCE_FINGERPRINTS_KEPT,
      ]);
      return replaced.rowCount === 1 ? 'changed' : 'same';
    });
  }

  async claimKey(dealerId: string, key: string): Promise<boolean> {
    return this.run(
      'claimKey',
      async () => (await this.rows(this.statements.claimKey, [dealerId, key])).rowCount === 1,
    );
  }
}

/** A record `putMany` wrote, as the INSERT or UPDATE returns it. */
interface WrittenRow {
  readonly dealer_id: string;
  readonly kind: string;
  readonly id: string;
}

const recordKeyOf = (dealerId: string, kind: string, id: string) =>
  `${dealerId}\u0000${kind}\u0000${id}`;

/**
 * Splits writes into runs in which each record is named once, in order: a batch statement writes
 * a record once, so a record named again starts the next run (and expects the version the
 * previous run stored).
 */
function withDistinctRecords(writes: readonly RecordWrite[]): RecordWrite[][] {
  const parts: RecordWrite[][] = [];
  let part: RecordWrite[] = [];
  let named = new Set<string>();
  for (const w of writes) {
    const key = recordKeyOf(w.record.dealerId, w.record.kind, w.record.id);
    if (named.has(key)) {
      parts.push(part);
      part = [];
      named = new Set();
    }
    named.add(key);
    part.push(w);
  }
  parts.push(part);
  return parts;
}

/** A record's row at `version`, in the order of `insert_record` ($1 to $13). */
function recordValues(r: Omit<StoredRecord, 'version'>, version: number): unknown[] {
  return [
    r.dealerId,
    r.kind,
    r.id,
    version,
    r.status,
    r.customerId ?? null,
    r.assigneeRole ?? null,
    r.assigneeId ?? null,
    r.dueAt ?? null,
    r.type ?? null,
    r.outletId ?? null,
    r.opensAt ?? null,
    JSON.stringify(r.data),
  ];
}

/** The parallel arrays of `insert_records` / `update_records` ($1 to $13), one element per write. */
function recordColumns(writes: readonly RecordWrite[]): unknown[][] {
  const columns: unknown[][] = Array.from({ length: 13 }, () => []);
  for (const { record, expectedVersion } of writes) {
    const values = recordValues(record, expectedVersion + 1);
    for (let i = 0; i < values.length; i++) columns[i]!.push(values[i]);
  }
  return columns;
}
