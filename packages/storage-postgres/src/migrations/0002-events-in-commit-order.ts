import type { Migration } from './migration';

/**
 * The transaction that wrote each event (`tx`, its 64-bit id), for the cross-dealer feed. Per
 * dealer, `seq` commits in order (the dealer's counter row is held until commit); across
 * dealers nothing orders commits, so the feed reads in *snapshot cuts*: a page holds the events
 * of transactions that committed between two snapshots, and a transaction still running at the
 * cut comes in a later one — however old its id (see `postgres-feed.ts`). Rows written before
 * this step get the migrating transaction's id: committed, so in the first cut.
 */
export const eventsInCommitOrder: Migration = {
  version: 2,
  name: 'events-in-commit-order',
  up: (s) => `
ALTER TABLE ${s}.events ADD COLUMN tx xid8 NOT NULL DEFAULT pg_current_xact_id();
CREATE INDEX events_by_tx ON ${s}.events (tx);
`,
};
