import { invalidFeedCursor } from '@dealercare/core';
import type { Statement } from './connection/session';
import { quoteIdentifier } from './migrations/migrate';

/**
 * Where a feed reader stands. The feed reads the log in *cuts*: `lo` and `hi` are snapshots
 * (`pg_current_snapshot()` as text, `xmin:xmax:xip,…`), and a cut holds the events of the
 * transactions visible in `hi` but not in `lo` — those that committed between the two. A
 * transaction still running when `hi` was taken is not visible in it, so it belongs to a later
 * cut, however small its id: a late commit is never behind the cursor, as it could be behind a
 * number from a sequence. Each dealer's events commit in `seq` order, so a dealer's later event
 * never falls in an earlier cut than its earlier one; inside a cut the order is (dealer, seq),
 * and `dealer`/`seq` say where the last page of the cut ended.
 */
export interface PostgresFeedCursor {
  /** The snapshot the previous cut ended at; `null` from the start of the log. */
  readonly lo: string | null;
  /** The snapshot the cut being paged ends at; absent between cuts. */
  readonly hi?: string;
  /** The last event read in the cut being paged. */
  readonly dealer?: string;
  readonly seq?: number;
}

const PREFIX = 'pg1:';
const SNAPSHOT = /^[0-9]{1,20}:[0-9]{1,20}:([0-9]{1,20}(,[0-9]{1,20})*)?$/;

/** The cursor as the consumer stores it. */
export function writeFeedCursor(cursor: PostgresFeedCursor): string {
  return PREFIX + JSON.stringify(cursor);
}

/** A cursor from {@link writeFeedCursor}; anything else is `VALIDATION_FAILED` at `after`. */
export function readFeedCursor(after: string | undefined): PostgresFeedCursor {
  if (after === undefined) return { lo: null };
  const expected = 'a cursor of the postgres feed ("pg1:…")';
  if (!after.startsWith(PREFIX)) throw invalidFeedCursor(after, expected);
  let value: unknown;
  try {
    value = JSON.parse(after.slice(PREFIX.length));
  } catch {
    throw invalidFeedCursor(after, expected);
  }
  const c = value as Partial<Record<keyof PostgresFeedCursor, unknown>> | null;
  const snapshot = (v: unknown) => typeof v === 'string' && SNAPSHOT.test(v);
  const paging = c?.hi !== undefined;
  const ok =
    typeof c === 'object' &&
    c !== null &&
    (c.lo === null || snapshot(c.lo)) &&
    (!paging || snapshot(c.hi)) &&
    (paging
      ? typeof c.dealer === 'string' && Number.isSafeInteger(c.seq) && (c.seq as number) >= 0
      : c.dealer === undefined && c.seq === undefined);
  if (!ok) throw invalidFeedCursor(after, expected);
  return c as PostgresFeedCursor;
}

/** The feed's statements over one schema. */
export class FeedStatements {
  /** The snapshot a new cut ends at. */
  readonly snapshot: Statement = { text: 'SELECT pg_current_snapshot()::text AS hi' };
  /** From the start of the log: ($hi, $dealer, $seq, $limit). */
  readonly first: Statement;
  /** How many events a cut holds, counted up to a bound: ($lo, $hi, $bound). */
  readonly cutSize: Statement;
  /** A small cut: its rows found by `events_by_tx`, then sorted: ($lo, $hi, $dealer, $seq, $limit). */
  readonly smallCut: Statement;
  /** A large cut, read in (dealer, seq) order: ($lo, $hi, $dealer, $seq, $limit). */
  readonly largeCut: Statement;

  constructor(schema: string, columns: string) {
    const s = quoteIdentifier(schema);
    // Read by the primary key: the whole log up to `hi`, dealer by dealer.
    this.first = {
      name: 'dc_feed_first',
      text: `SELECT ${columns} FROM ${s}.events
       WHERE tx < pg_snapshot_xmax($1::pg_snapshot) AND pg_visible_in_snapshot(tx, $1::pg_snapshot)
         AND (dealer_id, seq) > ($2::text, $3::bigint)
       ORDER BY dealer_id, seq LIMIT $4`,
    };
    // A transaction not visible in `lo` has an id of at least lo's xmin, and one visible in `hi`
    // an id below hi's xmax: the cut's rows lie in that range of `events_by_tx`.
    const inCut = `tx >= pg_snapshot_xmin($1::pg_snapshot) AND tx < pg_snapshot_xmax($2::pg_snapshot)`;
    const visible = `pg_visible_in_snapshot(tx, $2::pg_snapshot)
         AND NOT pg_visible_in_snapshot(tx, $1::pg_snapshot)`;
    this.cutSize = {
      name: 'dc_feed_cut_size',
      text: `SELECT count(*)::int AS n FROM (SELECT 1 FROM ${s}.events WHERE ${inCut} LIMIT $3) AS c`,
    };
    // Planned on its own (MATERIALIZED), the range is read from `events_by_tx`; planned with the
    // ORDER BY … LIMIT, the planner would walk the whole primary key instead, filtering.
    this.smallCut = {
      name: 'dc_feed_small_cut',
      text: `WITH cut AS MATERIALIZED (
         SELECT ${columns} FROM ${s}.events WHERE ${inCut} AND ${visible})
       SELECT ${columns} FROM cut WHERE (dealer_id, seq) > ($3::text, $4::bigint)
       ORDER BY dealer_id, seq LIMIT $5`,
    };
    // A consumer that was away long: pages walk the primary key from where the last one ended,
    // rather than sorting the whole cut again for each page.
    this.largeCut = {
      name: 'dc_feed_large_cut',
      text: `SELECT ${columns} FROM ${s}.events
       WHERE (dealer_id, seq) > ($3::text, $4::bigint) AND ${inCut} AND ${visible}
       ORDER BY dealer_id, seq LIMIT $5`,
    };
  }
}
