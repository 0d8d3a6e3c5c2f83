import { type Issue, ValidationError } from '../errors';
import type { DomainEvent } from '../model/domain-event';

/** Filters for {@link EventFeedReads.readFeed}. */
export interface FeedQuery {
  /**
   * Where the last page ended: the `cursor` of a {@link FeedPage}, exactly as it came back.
   * Leave it out to read from the start of the log.
   */
  readonly after?: string;
  /** At most this many events (default {@link FEED_DEFAULT_LIMIT}). */
  readonly limit?: number;
}

/** One page of the feed: events in feed order, and where to read on from. */
export interface FeedPage {
  readonly events: DomainEvent[];
  /**
   * Pass as `after` to read the next page. Opaque: its form is the adapter's own (a sequence
   * number, a pair of snapshots); store it as it is. It may change even when `events` is empty.
   */
  readonly cursor: string;
}

/** The page size of {@link EventFeedReads.readFeed} when none is asked for. */
export const FEED_DEFAULT_LIMIT = 100;

/**
 * The cross-dealer feed over the stored event log, read by a consumer that keeps its cursor
 * (durable delivery: SMS, WeChat, webhooks). Its own part of the port, so adapters implement it
 * in one place.
 */
export interface EventFeedReads {
  /**
   * Committed events of every dealer after a cursor, in feed order, at most `limit`:
   *
   * - **nothing skipped**: an event committed after a page was read, by a transaction that began
   *   before it (a late commit), comes on a later page — never behind the cursor;
   * - **in order per dealer**: one dealer's events come in `seq` order;
   * - **at least once**: reading from the same cursor again returns the same events (the
   *   consumer makes sending idempotent, e.g. keyed by dealer and `seq`).
   *
   * Read the feed in a transaction of its own. Events appended in the calling transaction are not
   * committed yet: an adapter refuses `readFeed` after `appendEvents` in one transaction
   * (`STORAGE_FAILURE`), and may refuse `appendEvents` after `readFeed` (PostgreSQL does: the
   * snapshot its cursor keeps counts the reading transaction as committed). A cursor the adapter
   * did not write fails with `VALIDATION_FAILED` at path `after`.
   */
  readFeed(query: FeedQuery): Promise<FeedPage>;
}

/** `VALIDATION_FAILED` for a feed cursor an adapter cannot read (another adapter's, edited). */
export function invalidFeedCursor(after: string, expected: string): ValidationError {
  const issue: Issue = {
    path: ['after'],
    message: `is not a feed cursor of this adapter (expected ${expected}, got ${JSON.stringify(after.slice(0, 80))})`,
    code: 'invalid_format',
  };
  return new ValidationError('feed query', [issue]);
}

/**
 * The page size a feed read uses: `limit` truncated to a whole number, default
 * {@link FEED_DEFAULT_LIMIT}, at least 0; anything not finite is refused (`VALIDATION_FAILED`).
 */
export function feedLimit(limit: number | undefined): number {
  const n = limit ?? FEED_DEFAULT_LIMIT;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) {
    throw new ValidationError('feed query', [
      { path: ['limit'], message: 'must be a finite number, 0 or more', code: 'invalid_value' },
    ]);
  }
  return Math.trunc(n);
}

/**
 * Cursor helpers for an adapter whose feed order is one sequence committed in order (a single
 * writer: memory, SQLite): the cursor is the last `seq` read, in decimal.
 */
export const sequenceFeedCursor = {
  /** The `seq` after which to read; 0 from the start. */
  read(after: string | undefined): number {
    if (after === undefined) return 0;
    if (!/^(0|[1-9][0-9]{0,15})$/.test(after)) throw invalidFeedCursor(after, 'a sequence number');
    return Number(after);
  },
  /** The cursor after `events`, or `after` again when there are none. */
  next(after: number, events: readonly DomainEvent[]): string {
    return String(events.length === 0 ? after : events[events.length - 1]!.seq!);
  },
};
