import type { Migration } from './migration';

/**
 * Work lists and search. Records gain the columns a desk screen filters and sorts on (the type
 * of item, its outlet, when it opens) and indexes that serve a page in due or opening order
 * from the index alone; lookup keys (normalised phone, VIN, plate, name) get a table of their
 * own, keyed so an exact key and a prefix are both one range read. Existing rows keep NULL in
 * the new columns until they are next written; `backfill` fills them from the stored JSON.
 */
export const workListsAndLookupKeys: Migration = {
  version: 4,
  name: 'work-lists-and-lookup-keys',
  up: `
ALTER TABLE records ADD COLUMN type TEXT;
ALTER TABLE records ADD COLUMN outlet_id TEXT;
ALTER TABLE records ADD COLUMN opens_at INTEGER;
UPDATE records SET type = json_extract(data, '$.type') WHERE kind = 'visit';
UPDATE records SET type = json_extract(data, '$.category') WHERE kind = 'complaint';
UPDATE records SET opens_at = CAST(strftime('%s', json_extract(data, '$.window.opensAt')) AS INTEGER) * 1000
  + CAST(substr(json_extract(data, '$.window.opensAt'), 21, 3) AS INTEGER)
  WHERE kind = 'visit';
UPDATE records SET outlet_id = json_extract(data, '$.subject.outletId') WHERE kind = 'visit';
DROP INDEX records_by_due;
DROP INDEX records_by_assignee;
CREATE INDEX records_by_due        ON records (dealer_id, kind, due_at, id)              WHERE due_at      IS NOT NULL;
CREATE INDEX records_by_status_due ON records (dealer_id, kind, status, due_at, id)      WHERE due_at      IS NOT NULL;
CREATE INDEX records_by_assignee   ON records (dealer_id, kind, assignee_id, due_at, id) WHERE assignee_id IS NOT NULL;
CREATE INDEX records_by_opening    ON records (dealer_id, kind, status, opens_at, id)    WHERE opens_at    IS NOT NULL;

CREATE TABLE record_keys (
  dealer_id TEXT NOT NULL,
  kind      TEXT NOT NULL,
  key       TEXT NOT NULL,
  id        TEXT NOT NULL,
  PRIMARY KEY (dealer_id, kind, key, id)
) STRICT, WITHOUT ROWID;
CREATE INDEX record_keys_by_record ON record_keys (dealer_id, kind, id);
`,
};
