import type { KeyQuery, RecordCountQuery, RecordQuery } from '@dealercare/core';
import type { Statement } from './connection/session';
import { quoteIdentifier } from './migrations/migrate';
import { FeedStatements } from './postgres-feed';

/** A row of `records`. `due_at` is a bigint, which the drivers return as a string. */
export interface RecordRow {
  readonly kind: string;
  readonly id: string;
  readonly dealer_id: string;
  readonly version: number;
  readonly status: string;
  readonly customer_id: string | null;
  readonly assignee_role: string | null;
  readonly assignee_id: string | null;
  readonly due_at: string | number | null;
  readonly type: string | null;
  readonly outlet_id: string | null;
  readonly opens_at: string | number | null;
  readonly data: unknown;
}

/** A row of `timers`. */
export interface TimerRow {
  readonly id: string;
  readonly dealer_id: string;
  readonly subject_kind: string;
  readonly subject_id: string;
  readonly name: string;
  readonly due_at: string | number;
  readonly payload: unknown;
}

/** A row of `events`. */
export interface EventRow {
  readonly seq: string | number;
  readonly dealer_id: string;
  readonly type: string;
  readonly at: string;
  readonly subject_kind: string;
  readonly subject_id: string;
  readonly data: unknown;
}

const RECORD_COLUMNS =
  'kind, id, dealer_id, version, status, customer_id, assignee_role, assignee_id, due_at, type, outlet_id, opens_at, data';
/** The same columns of `records` aliased `r`. */
const R_COLUMNS = RECORD_COLUMNS.split(', ')
  .map((c) => `r.${c}`)
  .join(', ');
const TIMER_COLUMNS = 'id, dealer_id, subject_kind, subject_id, name, due_at, payload';
const EVENT_COLUMNS = 'seq, dealer_id, type, at, subject_kind, subject_id, data';

/** `LIMIT NULL` is no limit in PostgreSQL; anything else is truncated to a non-negative integer. */
export function sqlLimit(limit: number | undefined, fallback: number): number | null {
  const n = limit ?? fallback;
  if (!Number.isFinite(n)) return null;
  return Math.max(0, Math.trunc(n));
}

/**
 * Every statement the adapter runs, with every table qualified by the adapter's schema. The
 * statements run on every transaction have names, so each connection parses and plans them once.
 * Only placeholders carry values; the SQL built at run time (record queries) differs only in
 * which filters are present, never in a value.
 */
export class Statements {
  readonly begin: Statement = { text: 'BEGIN' };
  readonly commit: Statement = { text: 'COMMIT' };
  readonly rollback: Statement = { text: 'ROLLBACK' };

  readonly getRecord: Statement;
  readonly recordVersion: Statement;
  readonly insertRecord: Statement;
  readonly updateRecord: Statement;
  readonly dropKeys: Statement;
  readonly insertKeys: Statement;
  readonly insertRecords: Statement;
  readonly updateRecords: Statement;
  readonly dropKeysOf: Statement;
  readonly insertKeysOf: Statement;
  readonly countQueries = new Map<string, Statement>();

  readonly allocateSeqs: Statement;
  readonly insertEvents: Statement;
  readonly readEvents: Statement;
  readonly readSubjectEvents: Statement;
  readonly subjectEvents: Statement;
  readonly updateEvents: Statement;
  /** The cross-dealer feed (`postgres-feed.ts`). */
  readonly feed: FeedStatements;

  readonly upsertTimers: Statement;
  readonly cancelTimers: Statement;
  readonly timersOf: Statement;
  readonly dueTimers: Statement;
  readonly claimTimer: Statement;
  readonly claimTimers: Statement;
  readonly getRecords: Statement;

  readonly claimKey: Statement;
  readonly claimSource: Statement;
  readonly replaceFingerprint: Statement;

  private readonly queries = new Map<string, Statement>();

  constructor(readonly schema: string) {
    const s = quoteIdentifier(schema);
    const named = (name: string, text: string): Statement => ({ name: `dc_${name}`, text });

    this.getRecord = named(
      'get_record',
      `SELECT ${RECORD_COLUMNS} FROM ${s}.records WHERE dealer_id = $1 AND kind = $2 AND id = $3`,
    );
    this.getRecords = named(
      'get_records',
      `SELECT ${RECORD_COLUMNS} FROM ${s}.records WHERE dealer_id = $1 AND kind = $2 AND id = ANY($3::text[])`,
    );
    this.recordVersion = named(
      'record_version',
      `SELECT version FROM ${s}.records WHERE dealer_id = $1 AND kind = $2 AND id = $3`,
    );
    this.insertRecord = named(
      'insert_record',
      `INSERT INTO ${s}.records (dealer_id, kind, id, version, status, customer_id, assignee_role, assignee_id, due_at, type, outlet_id, opens_at, data)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::text::jsonb) ON CONFLICT DO NOTHING`,
    );
    // The version check lives in the WHERE clause: a concurrent writer's UPDATE waits for this
    // one's row lock, then finds the version changed and updates nothing.
    this.updateRecord = named(
      'update_record',
      `UPDATE ${s}.records SET version = $4, status = $5, customer_id = $6, assignee_role = $7,
         assignee_id = $8, due_at = $9, type = $10, outlet_id = $11, opens_at = $12, data = $13::text::jsonb
       WHERE dealer_id = $1 AND kind = $2 AND id = $3 AND version = $14`,
    );
    // Batch forms (`putMany`): one statement per batch over parallel arrays, one element per
    // record. The update locks its rows in key order first, so two batches over the same records
    // wait for each other instead of deadlocking.
    this.insertRecords = named(
      'insert_records',
      `INSERT INTO ${s}.records (dealer_id, kind, id, version, status, customer_id, assignee_role, assignee_id, due_at, type, outlet_id, opens_at, data)
       SELECT w.dealer_id, w.kind, w.id, w.version, w.status, w.customer_id, w.assignee_role, w.assignee_id, w.due_at, w.type, w.outlet_id, w.opens_at, w.data::jsonb
       FROM unnest($1::text[], $2::text[], $3::text[], $4::integer[], $5::text[], $6::text[], $7::text[], $8::text[], $9::bigint[], $10::text[], $11::text[], $12::bigint[], $13::text[])
         AS w(dealer_id, kind, id, version, status, customer_id, assignee_role, assignee_id, due_at, type, outlet_id, opens_at, data)
       ON CONFLICT DO NOTHING RETURNING dealer_id, kind, id`,
    );
    this.updateRecords = named(
      'update_records',
      `WITH w AS (
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::integer[], $5::text[], $6::text[], $7::text[], $8::text[], $9::bigint[], $10::text[], $11::text[], $12::bigint[], $13::text[], $14::integer[])
           AS w(dealer_id, kind, id, version, status, customer_id, assignee_role, assignee_id, due_at, type, outlet_id, opens_at, data, expected)),
       locked AS (
         SELECT r.dealer_id, r.kind, r.id FROM ${s}.records r
         JOIN w ON r.dealer_id = w.dealer_id AND r.kind = w.kind AND r.id = w.id AND r.version = w.expected
         ORDER BY r.dealer_id, r.kind, r.id
         FOR UPDATE OF r)
       UPDATE ${s}.records r SET version = w.version, status = w.status, customer_id = w.customer_id,
         assignee_role = w.assignee_role, assignee_id = w.assignee_id, due_at = w.due_at, type = w.type,
         outlet_id = w.outlet_id, opens_at = w.opens_at, data = w.data::jsonb
       FROM w JOIN locked l ON l.dealer_id = w.dealer_id AND l.kind = w.kind AND l.id = w.id
       WHERE r.dealer_id = w.dealer_id AND r.kind = w.kind AND r.id = w.id AND r.version = w.expected
       RETURNING r.dealer_id, r.kind, r.id`,
    );
    this.dropKeysOf = named(
      'drop_keys_of',
      `DELETE FROM ${s}.record_keys k USING unnest($1::text[], $2::text[], $3::text[]) AS w(dealer_id, kind, id)
       WHERE k.dealer_id = w.dealer_id AND k.kind = w.kind AND k.id = w.id`,
    );
    this.insertKeysOf = named(
      'insert_keys_of',
      `INSERT INTO ${s}.record_keys (dealer_id, kind, key, id)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) ON CONFLICT DO NOTHING`,
    );
    this.dropKeys = named(
      'drop_keys',
      `DELETE FROM ${s}.record_keys WHERE dealer_id = $1 AND kind = $2 AND id = $3`,
    );
    this.insertKeys = named(
      'insert_keys',
      `INSERT INTO ${s}.record_keys (dealer_id, kind, key, id)
       SELECT $1, $2, k, $3 FROM unnest($4::text[]) AS k ON CONFLICT DO NOTHING`,
    );

    // Each dealer's counter row, taken in dealer order (so two transactions appending for the
    // same dealers never wait for each other in a cycle) and held until commit.
    this.allocateSeqs = named(
      'allocate_seqs',
      `INSERT INTO ${s}.event_seqs AS q (dealer_id, last_seq)
       SELECT d, n FROM unnest($1::text[], $2::bigint[]) AS a(d, n) ORDER BY d
       ON CONFLICT (dealer_id) DO UPDATE SET last_seq = q.last_seq + excluded.last_seq
       RETURNING dealer_id, last_seq`,
    );
    this.insertEvents = named(
      'insert_events',
      `INSERT INTO ${s}.events (dealer_id, seq, type, at, subject_kind, subject_id, data)
       SELECT d, q, t, a, k, i, j::jsonb
       FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
         AS e(d, q, t, a, k, i, j)`,
    );
    this.readEvents = named(
      'read_events',
      `SELECT ${EVENT_COLUMNS} FROM ${s}.events WHERE dealer_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
    );
    this.readSubjectEvents = named(
      'read_subject_events',
      `SELECT ${EVENT_COLUMNS} FROM ${s}.events
       WHERE dealer_id = $1 AND subject_kind = $2 AND subject_id = $3 AND seq > $4 ORDER BY seq LIMIT $5`,
    );
    this.subjectEvents = named(
      'subject_events',
      `SELECT ${EVENT_COLUMNS} FROM ${s}.events
       WHERE dealer_id = $1 AND subject_kind = $2 AND subject_id = $3 ORDER BY seq FOR UPDATE`,
    );
    this.updateEvents = named(
      'update_events',
      `UPDATE ${s}.events AS e SET type = u.t, at = u.a, data = u.j::jsonb
       FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[]) AS u(q, t, a, j)
       WHERE e.dealer_id = $1 AND e.seq = u.q`,
    );

    this.feed = new FeedStatements(schema, EVENT_COLUMNS);

    this.upsertTimers = named(
      'upsert_timers',
      `INSERT INTO ${s}.timers (dealer_id, id, subject_kind, subject_id, name, due_at, payload)
       SELECT d, i, k, si, n, due, p::jsonb
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::text[])
         AS t(d, i, k, si, n, due, p)
       ON CONFLICT (dealer_id, id) DO UPDATE SET subject_kind = excluded.subject_kind,
         subject_id = excluded.subject_id, name = excluded.name, due_at = excluded.due_at,
         payload = excluded.payload`,
    );
    this.cancelTimers = named(
      'cancel_timers',
      `DELETE FROM ${s}.timers WHERE dealer_id = $1 AND subject_kind = $2 AND subject_id = $3`,
    );
    this.timersOf = named(
      'timers_of',
      `SELECT ${TIMER_COLUMNS} FROM ${s}.timers
       WHERE dealer_id = $1 AND subject_kind = $2 AND subject_id = $3 ORDER BY due_at, id`,
    );
    // The one query across dealers, by design: the tick sweep fires every dealer's due timers.
    this.dueTimers = named(
      'due_timers',
      `SELECT ${TIMER_COLUMNS} FROM ${s}.timers WHERE due_at <= $1 ORDER BY due_at, id LIMIT $2`,
    );
    // A claim is a conditional delete. Of two processes claiming the same timer, the second
    // waits for the first's transaction: if it committed, the timer is gone (the claim deletes
    // nothing and returns false); if it rolled back, the timer is claimed now. Waiting, rather
    // than skipping locked timers, keeps each process firing a subject's timers in due order:
    // a sweep that skipped a window-opening timer held by another process could fire the same
    // visit's deadline first, and the opening would then schedule the deadline again.
    this.claimTimer = named('claim_timer', `DELETE FROM ${s}.timers WHERE due_at = $2 AND id = $1`);
    // The batch claim: the same conditional delete for a sweep's timers at once. The rows are
    // locked first in the sweep's (due_at, id) order, so two processes claiming overlapping
    // sweeps wait for each other as single claims do, and never deadlock; a row moved meanwhile
    // is re-checked against the due time read and left alone.
    this.claimTimers = named(
      'claim_timers',
      `WITH c AS (
         SELECT t.dealer_id, t.id FROM ${s}.timers t
         JOIN unnest($1::text[], $2::bigint[]) AS w(id, due) ON t.id = w.id AND t.due_at = w.due
         ORDER BY t.due_at, t.id
         FOR UPDATE OF t)
       DELETE FROM ${s}.timers t USING c WHERE t.dealer_id = c.dealer_id AND t.id = c.id
       RETURNING t.id, t.due_at`,
    );

    this.claimKey = named(
      'claim_key',
      `INSERT INTO ${s}.idempotency_keys (dealer_id, key) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
    );
    this.claimSource = named(
      'claim_source',
      `INSERT INTO ${s}.idempotency_keys (dealer_id, key, fingerprints) VALUES ($1, $2, ARRAY[$3::text]) ON CONFLICT DO NOTHING`,
    );
    // A payload never seen under the key is added (the newest $4 kept); a key recorded without
    // fingerprints (claimKey) is always the same payload.
    this.replaceFingerprint = named(
      'add_fingerprint',
      `UPDATE ${s}.idempotency_keys
          SET fingerprints = (fingerprints || $3::text)[greatest(1, cardinality(fingerprints) + 2 - $4::int):]
        WHERE dealer_id = $1 AND key = $2 AND fingerprints IS NOT NULL AND NOT ($3 = ANY (fingerprints))`,
    );
  }

  /** The statement and parameters of a record query; statements are named by filter shape. */
  recordQuery(q: RecordQuery): { statement: Statement; params: unknown[] } {
    const f = recordFilters(q);
    const column = q.orderBy === 'dueAt' ? 'due_at' : q.orderBy === 'opensAt' ? 'opens_at' : 'id';
    let order = 'id';
    if (column === 'id') {
      if (q.afterId !== undefined) f.add('id', '> ?', q.afterId, 'i');
    } else {
      f.where.push(`${column} IS NOT NULL`);
      f.shape.push(column === 'due_at' ? 'D' : 'O');
      if (q.after !== undefined) {
        f.params.push(q.after.at, q.after.id);
        f.where.push(`(${column}, id) > ($${f.params.length - 1}, $${f.params.length})`);
        f.shape.push('x');
      }
      order = `${column}, id`;
    }
    f.params.push(sqlLimit(q.limit, 1000));
    const key = f.shape.join('');
    let statement = this.queries.get(key);
    if (statement === undefined) {
      statement = {
        name: `dc_query_${key || 'all'}`,
        text: `SELECT ${RECORD_COLUMNS} FROM ${quoteIdentifier(this.schema)}.records WHERE ${f.where.join(' AND ')} ORDER BY ${order} LIMIT $${f.params.length}`,
      };
      this.queries.set(key, statement);
    }
    return { statement, params: f.params };
  }

  /** Counts per status of the records matching a query's filters. */
  countQuery(q: RecordCountQuery): { statement: Statement; params: unknown[] } {
    const f = recordFilters(q);
    const key = f.shape.join('');
    let statement = this.countQueries.get(key);
    if (statement === undefined) {
      statement = {
        name: `dc_count_${key || 'all'}`,
        text: `SELECT status, count(*)::int AS n FROM ${quoteIdentifier(this.schema)}.records WHERE ${f.where.join(' AND ')} GROUP BY status`,
      };
      this.countQueries.set(key, statement);
    }
    return { statement, params: f.params };
  }

  /** Records with a lookup key equal to (or starting with) the query's key. */
  keyQuery(q: KeyQuery): { statement: Statement; params: unknown[] } {
    const s = quoteIdentifier(this.schema);
    const prefix = q.prefix === true;
    // A prefix as a range on the C-collated key: [prefix, prefix + U+10FFFF).
    const params: unknown[] = [q.dealerId, q.kind, q.key];
    if (prefix) params.push(`${q.key}\u{10FFFF}`);
    params.push(sqlLimit(q.limit, 1000));
    const match = prefix ? 'k.key >= $3 AND k.key < $4' : 'k.key = $3';
    return {
      statement: {
        name: prefix ? 'dc_find_key_prefix' : 'dc_find_key',
        text: `SELECT ${R_COLUMNS} FROM ${s}.records r WHERE r.dealer_id = $1 AND r.kind = $2 AND r.id IN (
                 SELECT k.id FROM ${s}.record_keys k WHERE k.dealer_id = $1 AND k.kind = $2 AND ${match})
               ORDER BY r.id LIMIT $${params.length}`,
      },
      params,
    };
  }
}

/** The WHERE terms of a query's filters (paging aside), their parameters and a shape key. */
function recordFilters(q: RecordCountQuery & Pick<RecordQuery, 'status'>) {
  const params: unknown[] = [q.dealerId, q.kind];
  const where = ['dealer_id = $1', 'kind = $2'];
  const shape: string[] = [];
  const add = (column: string, op: string, value: unknown, letter: string) => {
    params.push(value);
    where.push(`${column} ${op.replace('?', `$${params.length}`)}`);
    shape.push(letter);
  };
  const oneOf = (column: string, value: string | readonly string[] | undefined, l: string) => {
    if (value === undefined) return;
    if (typeof value === 'string') add(column, '= ?', value, l);
    else add(column, '= ANY(?::text[])', [...value], l.toUpperCase());
  };
  oneOf('status', q.status, 's');
  oneOf('type', q.type, 't');
  if (q.customerId !== undefined) add('customer_id', '= ?', q.customerId, 'c');
  if (q.assigneeRole !== undefined) add('assignee_role', '= ?', q.assigneeRole, 'r');
  if (q.assigneeId !== undefined) add('assignee_id', '= ?', q.assigneeId, 'a');
  if (q.outletId !== undefined) add('outlet_id', '= ?', q.outletId, 'o');
  if (q.dueBefore !== undefined) add('due_at', '<= ?', q.dueBefore, 'd');
  if (q.dueFrom !== undefined) add('due_at', '>= ?', q.dueFrom, 'e');
  if (q.opensFrom !== undefined) add('opens_at', '>= ?', q.opensFrom, 'f');
  if (q.opensTo !== undefined) add('opens_at', '<= ?', q.opensTo, 'g');
  return { params, where, shape, add };
}
