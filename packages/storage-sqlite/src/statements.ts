import type { KeyQuery, RecordCountQuery, RecordQuery } from '@dealercare/core';
import type BetterSqlite3 from 'better-sqlite3';

/** A row of `records`. */
export interface RecordRow {
  readonly kind: string;
  readonly id: string;
  readonly dealer_id: string;
  readonly version: number;
  readonly status: string;
  readonly customer_id: string | null;
  readonly assignee_role: string | null;
  readonly assignee_id: string | null;
  readonly due_at: number | null;
  readonly type: string | null;
  readonly outlet_id: string | null;
  readonly opens_at: number | null;
  readonly data: string;
}

/** A row of `timers`. */
export interface TimerRow {
  /** `''` when the id is the timer's own (`kind:subjectId:name`, see {@link ownTimerId}). */
  readonly id: string;
  readonly dealer_id: string;
  readonly subject_kind: string;
  readonly subject_id: string;
  readonly name: string;
  readonly due_at: number;
  readonly payload: string;
}

/**
 * The id a timer has when none other was chosen, `kind:subjectId:name` — the engine's ids.
 * Timers with such an id store `''` instead and are found by their columns (schema 5).
 */
export function ownTimerId(kind: string, subjectId: string, name: string): string {
  return `${kind}:${subjectId}:${name}`;
}

/** Whether `id` is the timer's own id, which its columns alone then say (one way only). */
export function isOwnTimerId(id: string, kind: string, subjectId: string, name: string): boolean {
  return !kind.includes(':') && !name.includes(':') && id === ownTimerId(kind, subjectId, name);
}

/**
 * The subject and name an own id (`kind:subjectId:name`) stands for: the kind up to the first
 * `:`, the name after the last one. `undefined` for an id that cannot be an own id.
 */
export function parseOwnTimerId(
  id: string,
): { kind: string; subjectId: string; name: string } | undefined {
  const first = id.indexOf(':');
  const last = id.lastIndexOf(':');
  if (first < 0 || last === first) return undefined;
  return {
    kind: id.slice(0, first),
    subjectId: id.slice(first + 1, last),
    name: id.slice(last + 1),
  };
}

/** A row of `events`. */
export interface EventRow {
  readonly seq: number;
  readonly dealer_id: string;
  readonly type: string;
  readonly at: string;
  readonly subject_kind: string;
  readonly subject_id: string;
  readonly data: string;
}

type Param = string | number | null;
type Stmt<P extends unknown[], R = unknown> = BetterSqlite3.Statement<P, R>;

const RECORD_COLUMNS =
  'kind, id, dealer_id, version, status, customer_id, assignee_role, assignee_id, due_at, type, outlet_id, opens_at, data';
/** The same columns of `records` aliased `r`. */
const R_COLUMNS = RECORD_COLUMNS.split(', ')
  .map((c) => `r.${c}`)
  .join(', ');

/** The upper bound of a prefix range: every text starting with `prefix` sorts below it. */
export function prefixEnd(prefix: string): string {
  return `${prefix}\u{10FFFF}`;
}
const TIMER_COLUMNS = 'id, dealer_id, subject_kind, subject_id, name, due_at, payload';
/** A timer's id in SQL, for the port's (dueAt, id) order. */
const TIMER_ID =
  "CASE id WHEN '' THEN subject_kind || ':' || subject_id || ':' || name ELSE id END";
const EVENT_COLUMNS = 'seq, dealer_id, type, at, subject_kind, subject_id, data';

/** A negative LIMIT means "no limit" in SQLite; anything else is truncated to an integer. */
export function sqlLimit(limit: number | undefined, fallback: number): number {
  const n = limit ?? fallback;
  if (!Number.isFinite(n)) return -1;
  return Math.max(0, Math.trunc(n));
}

/**
 * Every statement the adapter runs, prepared once per connection. Only placeholders carry
 * values; the few SQL strings built at run time (record queries) differ only in which filters
 * are present, never in a value, and are cached by that shape.
 */
export class Statements {
  readonly begin: Stmt<[]>;
  readonly commit: Stmt<[]>;
  readonly rollback: Stmt<[]>;

  readonly getRecord: Stmt<[string, string, string], RecordRow>;
  readonly recordVersion: Stmt<[string, string, string], number>;
  /**
   * (dealer, kind, id, version, status, customer, role, assignee, due, type, outlet, opens, data,
   * keys)
   */
  readonly insertRecord: Stmt<
    [
      string,
      string,
      string,
      number,
      string,
      Param,
      Param,
      Param,
      Param,
      Param,
      Param,
      Param,
      string,
      Param,
    ]
  >;
  /**
   * (version, status, customer, role, assignee, due, type, outlet, opens, data, keys (null:
   * kept), dealer, kind, id, expectedVersion)
   */
  readonly updateRecord: Stmt<
    [
      number,
      string,
      Param,
      Param,
      Param,
      Param,
      Param,
      Param,
      Param,
      string,
      Param,
      string,
      string,
      string,
      number,
    ]
  >;
  /** (dealer, kind, key, id) */
  readonly dropKey: Stmt<[string, string, string, string]>;
  /** (dealer, kind, key, id) */
  readonly insertKey: Stmt<[string, string, string, string]>;

  readonly insertEvent: Stmt<[string, string, string, string, string, string]>;
  readonly readEvents: Stmt<[string, number, number], EventRow>;
  readonly readSubjectEvents: Stmt<[string, string, string, number, number], EventRow>;
  readonly subjectEvents: Stmt<[string, string, string], EventRow>;
  readonly updateEvent: Stmt<[string, string, string, number, string]>;
  /** The cross-dealer feed: (after seq, limit). */
  readonly feedEvents: Stmt<[number, number], EventRow>;

  /** (due, kind, subject, name, stored id, dealer, payload) */
  readonly insertTimer: Stmt<[number, string, string, string, string, string, string]>;
  /** The timer whose own id is (kind, subject, name), wherever it is due. */
  readonly dropOwnIdTimer: Stmt<[string, string, string]>;
  /** The timer stored with this other id. */
  readonly dropOtherIdTimer: Stmt<[string]>;
  /** (kind, subject, dealer) */
  readonly cancelTimers: Stmt<[string, string, string]>;
  /** (kind, subject, dealer) */
  readonly timersOf: Stmt<[string, string, string], TimerRow>;
  readonly dueTimers: Stmt<[number, number], TimerRow>;
  /** (due, kind, subject, name): a timer with its own id, still due at that time. */
  readonly claimOwnIdTimer: Stmt<[number, string, string, string]>;
  /** (other id, due) */
  readonly claimOtherIdTimer: Stmt<[string, number]>;
  /** (dealer, kind, id): the record's lookup keys, a JSON array, or null. */
  readonly recordKeys: Stmt<[string, string, string], string | null>;

  readonly claimKey: Stmt<[string, string]>;
  readonly claimSource: Stmt<[string, string, string]>;
  readonly sourceFingerprints: Stmt<[string, string], { fingerprints: string | null }>;
  readonly replaceFingerprint: Stmt<[string, string, string]>;

  private readonly queries = new Map<string, Stmt<Param[], RecordRow>>();
  private readonly counts = new Map<string, Stmt<Param[], { status: string; n: number }>>();

  constructor(
    private readonly db: BetterSqlite3.Database,
    readonly: boolean,
  ) {
    // IMMEDIATE takes the write lock at BEGIN (waiting up to busy_timeout): a transaction never
    // fails half-way for want of the lock, and a read-then-write cannot interleave with another
    // process's write. A read-only connection cannot take it, and does not need it.
    this.begin = db.prepare(readonly ? 'BEGIN DEFERRED' : 'BEGIN IMMEDIATE');
    this.commit = db.prepare('COMMIT');
    this.rollback = db.prepare('ROLLBACK');

    this.getRecord = db.prepare(
      `SELECT ${RECORD_COLUMNS} FROM records WHERE dealer_id = ? AND kind = ? AND id = ?`,
    );
    this.recordVersion = db
      .prepare<[string, string, string], number>(
        'SELECT version FROM records WHERE dealer_id = ? AND kind = ? AND id = ?',
      )
      .pluck();
    this.insertRecord = db.prepare(
      `INSERT INTO records (dealer_id, kind, id, version, status, customer_id, assignee_role, assignee_id, due_at, type, outlet_id, opens_at, data, keys)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    );
    // The version check lives in the WHERE clause: it holds across processes, not just here.
    this.updateRecord = db.prepare(
      `UPDATE records SET version = ?, status = ?, customer_id = ?, assignee_role = ?, assignee_id = ?, due_at = ?,
         type = ?, outlet_id = ?, opens_at = ?, data = ?, keys = coalesce(?, keys)
       WHERE dealer_id = ? AND kind = ? AND id = ? AND version = ?`,
    );
    this.recordKeys = db
      .prepare<[string, string, string], string | null>(
        'SELECT keys FROM records WHERE dealer_id = ? AND kind = ? AND id = ?',
      )
      .pluck();
    this.dropKey = db.prepare(
      'DELETE FROM record_keys WHERE dealer_id = ? AND kind = ? AND key = ? AND id = ?',
    );
    this.insertKey = db.prepare(
      'INSERT INTO record_keys (dealer_id, kind, key, id) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
    );

    this.insertEvent = db.prepare(
      'INSERT INTO events (dealer_id, type, at, subject_kind, subject_id, data) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.readEvents = db.prepare(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE dealer_id = ? AND seq > ? ORDER BY seq LIMIT ?`,
    );
    this.readSubjectEvents = db.prepare(
      `SELECT ${EVENT_COLUMNS} FROM events
       WHERE dealer_id = ? AND subject_kind = ? AND subject_id = ? AND seq > ? ORDER BY seq LIMIT ?`,
    );
    this.subjectEvents = db.prepare(
      `SELECT ${EVENT_COLUMNS} FROM events
       WHERE dealer_id = ? AND subject_kind = ? AND subject_id = ? ORDER BY seq`,
    );
    // One writer at a time (BEGIN IMMEDIATE): seq order is commit order, so "after seq N" holds.
    this.feedEvents = db.prepare(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE seq > ? ORDER BY seq LIMIT ?`,
    );
    this.updateEvent = db.prepare(
      'UPDATE events SET type = ?, at = ?, data = ? WHERE seq = ? AND dealer_id = ?',
    );

    // Timers are keyed by (due, kind, subject, name, id); an own id is stored as '' (schema 5).
    this.insertTimer = db.prepare(
      `INSERT INTO timers (due_at, subject_kind, subject_id, name, id, dealer_id, payload)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    this.dropOwnIdTimer = db.prepare(
      "DELETE FROM timers WHERE subject_kind = ? AND subject_id = ? AND name = ? AND id = ''",
    );
    this.dropOtherIdTimer = db.prepare("DELETE FROM timers WHERE id = ? AND id <> ''");
    this.cancelTimers = db.prepare(
      'DELETE FROM timers WHERE subject_kind = ? AND subject_id = ? AND dealer_id = ?',
    );
    this.timersOf = db.prepare(
      `SELECT ${TIMER_COLUMNS} FROM timers
       WHERE subject_kind = ? AND subject_id = ? AND dealer_id = ? ORDER BY due_at, ${TIMER_ID}`,
    );
    // The one query across dealers, by design: the tick sweep fires every dealer's due timers.
    // A range of the primary key; only timers due at the same instant are sorted by id.
    this.dueTimers = db.prepare(
      `SELECT ${TIMER_COLUMNS} FROM timers WHERE due_at <= ? ORDER BY due_at, ${TIMER_ID} LIMIT ?`,
    );
    // Conditional on the due time the sweep read: a timer moved meanwhile is not this one.
    this.claimOwnIdTimer = db.prepare(
      "DELETE FROM timers WHERE due_at = ? AND subject_kind = ? AND subject_id = ? AND name = ? AND id = ''",
    );
    this.claimOtherIdTimer = db.prepare(
      "DELETE FROM timers WHERE id = ? AND id <> '' AND due_at = ?",
    );

    this.claimKey = db.prepare(
      'INSERT INTO idempotency_keys (dealer_id, key) VALUES (?, ?) ON CONFLICT DO NOTHING',
    );
    this.claimSource = db.prepare(
      'INSERT INTO idempotency_keys (dealer_id, key, fingerprints) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
    );
    this.sourceFingerprints = db.prepare(
      'SELECT fingerprints FROM idempotency_keys WHERE dealer_id = ? AND key = ?',
    );
    this.replaceFingerprint = db.prepare(
      'UPDATE idempotency_keys SET fingerprints = ? WHERE dealer_id = ? AND key = ?',
    );
  }

  /** The statement and parameters of a record query; statements are cached by filter shape. */
  recordQuery(q: RecordQuery): { statement: Stmt<Param[], RecordRow>; params: Param[] } {
    const { where, params } = recordFilters(q);
    const column = q.orderBy === 'dueAt' ? 'due_at' : q.orderBy === 'opensAt' ? 'opens_at' : 'id';
    // Without statistics SQLite prefers an index that already gives the order (the dealer's
    // whole primary key, or every due record) to sorting: a scan of a dealer's visits for one
    // customer's few. A unary `+` takes the ordering terms out of the choice of index, so the
    // rows come from the customer's (or, in id order, the assignee's) index and are sorted.
    // In id order the customer's index gives the order itself; by assignee and due time, too.
    const selective =
      (q.customerId !== undefined && column !== 'id') ||
      (q.assigneeId !== undefined && q.customerId === undefined && column === 'id');
    const p = selective ? '+' : '';
    let order = `${p}id`;
    if (column === 'id') {
      if (q.afterId !== undefined) {
        where.push(`${p}id > ?`);
        params.push(q.afterId);
      }
    } else {
      where.push(`${p}${column} IS NOT NULL`);
      if (q.after !== undefined) {
        where.push(`(${p}${column}, ${p}id) > (?, ?)`);
        params.push(q.after.at, q.after.id);
      }
      order = `${p}${column}, ${p}id`;
    }
    params.push(sqlLimit(q.limit, 1000));
    const sql = `SELECT ${RECORD_COLUMNS} FROM records WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT ?`;
    return { statement: this.cached(this.queries, sql), params };
  }

  /** Counts per status of the records matching a query's filters. */
  countQuery(q: RecordCountQuery): {
    statement: Stmt<Param[], { status: string; n: number }>;
    params: Param[];
  } {
    const { where, params } = recordFilters(q);
    // Grouped on the bare column, SQLite walks the dealer's whole status index to skip sorting,
    // even when a customer's or an assignee's index holds the few rows asked for; `+status`
    // takes the grouping off the index choice, so those filters are read from their index.
    const narrow =
      q.customerId !== undefined || q.assigneeId !== undefined || q.assigneeRole !== undefined;
    const sql = `SELECT status, count(*) AS n FROM records WHERE ${where.join(' AND ')} GROUP BY ${narrow ? '+status' : 'status'}`;
    return { statement: this.cached(this.counts, sql), params };
  }

  /** Records with a lookup key equal to (or starting with) the query's key. */
  keyQuery(q: KeyQuery): { statement: Stmt<Param[], RecordRow>; params: Param[] } {
    const match = q.prefix === true ? 'k.key >= ? AND k.key < ?' : 'k.key = ?';
    const params: Param[] = [q.dealerId, q.kind, q.key];
    if (q.prefix === true) params.push(prefixEnd(q.key));
    params.push(sqlLimit(q.limit, 1000));
    const sql = `SELECT ${R_COLUMNS} FROM records r WHERE (r.dealer_id, r.kind, r.id) IN (
        SELECT k.dealer_id, k.kind, k.id FROM record_keys k
        WHERE k.dealer_id = ? AND k.kind = ? AND ${match}) ORDER BY r.id LIMIT ?`;
    return { statement: this.cached(this.queries, sql), params };
  }

  private cached<R>(cache: Map<string, Stmt<Param[], R>>, sql: string): Stmt<Param[], R> {
    let statement = cache.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare<Param[], R>(sql);
      // Shapes are few (which filters are set, how many statuses); the cap only guards against
      // a caller passing ever-longer status lists.
      if (cache.size < 256) cache.set(sql, statement);
    }
    return statement;
  }
}

/** The WHERE terms (and their parameters) of a query's filters, paging aside. */
function recordFilters(q: RecordCountQuery & Pick<RecordQuery, 'status'>): {
  where: string[];
  params: Param[];
} {
  const where = ['dealer_id = ?', 'kind = ?'];
  const params: Param[] = [q.dealerId, q.kind];
  const oneOf = (column: string, value: string | readonly string[] | undefined) => {
    if (value === undefined) return;
    if (typeof value === 'string') {
      where.push(`${column} = ?`);
      params.push(value);
    } else {
      where.push(`${column} IN (${value.map(() => '?').join(', ')})`);
      params.push(...value);
    }
  };
  const range = (column: string, op: '<=' | '>=', value: number | undefined) => {
    if (value === undefined) return;
    where.push(`${column} ${op} ?`);
    params.push(value);
  };
  oneOf('status', q.status);
  oneOf('type', q.type);
  oneOf('customer_id', q.customerId);
  oneOf('assignee_role', q.assigneeRole);
  oneOf('assignee_id', q.assigneeId);
  oneOf('outlet_id', q.outletId);
  range('due_at', '<=', q.dueBefore);
  range('due_at', '>=', q.dueFrom);
  range('opens_at', '>=', q.opensFrom);
  range('opens_at', '<=', q.opensTo);
  return { where, params };
}
