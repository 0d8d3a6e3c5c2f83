import { z } from 'zod';
import { ValidationError } from '../errors';
import { issuesFromZod } from '../model/strict-input';
import type { FeedPage } from '../storage/event-feed';
import type { StorageAdapter } from '../storage/storage-port';

/** Input of `engine.feed`. */
export const feedQuerySchema = z.strictObject({
  /** The `cursor` of the last page, as it came back; absent from the start of the log. */
  after: z.string().min(1).max(100_000).optional(),
  /** Page size, a whole number from 0 to 10,000 (default 100). */
  limit: z.number().int().min(0).max(10_000).optional(),
});
/** Input of `engine.feed`. */
export type EngineFeedQuery = z.input<typeof feedQuerySchema>;

/**
 * One page of the cross-dealer feed in a read-only transaction of its own: committed events of
 * every dealer after `after`, in order per dealer, nothing that commits late skipped.
 */
export async function readFeedPage(
  storage: StorageAdapter,
  query: EngineFeedQuery = {},
): Promise<FeedPage> {
  const r = feedQuerySchema.safeParse(query);
  if (!r.success) throw new ValidationError('feed query', issuesFromZod(r.error));
  const q = r.data;
  return storage.transaction((tx) =>
    tx.readFeed({
      ...(q.after !== undefined ? { after: q.after } : {}),
      ...(q.limit !== undefined ? { limit: q.limit } : {}),
    }),
  );
}
