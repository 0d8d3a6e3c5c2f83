import type { Migration } from './migration';

/**
 * Work lists and search. Records gain the columns a desk screen filters and sorts on (the type
 * of item, its outlet, when it opens) and indexes that serve a page in due or opening order
 * from the index alone; lookup keys (normalised phone, VIN, plate, name) get a table of their
 * own keyed by dealer first (so it distributes with the records on Citus), where an exact key
 * and a prefix are both one range read (`COLLATE "C"`: byte order).
 */
export const workListsAndLookupKeys: Migration = {
  version: 3,
  name: 'work-lists-and-lookup-keys',
  up: (s) => `
ALTER TABLE ${s}.records ADD COLUMN type text COLLATE "C";
ALTER TABLE ${s}.records ADD COLUMN outlet_id text COLLATE "C";
ALTER TABLE ${s}.records ADD COLUMN opens_at bigint;
UPDATE ${s}.records SET type = data->>'type' WHERE kind = 'visit';
UPDATE ${s}.records SET type = data->>'category' WHERE kind = 'complaint';
UPDATE ${s}.records
   SET opens_at = (extract(epoch FROM (data->'window'->>'opensAt')::timestamptz) * 1000)::bigint,
       outlet_id = data->'subject'->>'outletId'
 WHERE kind = 'visit';
DROP INDEX ${s}.records_by_due;
DROP INDEX ${s}.records_by_assignee;
CREATE INDEX records_by_due        ON ${s}.records (dealer_id, kind, due_at, id)              WHERE due_at      IS NOT NULL;
CREATE INDEX records_by_status_due ON ${s}.records (dealer_id, kind, status, due_at, id)      WHERE due_at      IS NOT NULL;
CREATE INDEX records_by_assignee   ON ${s}.records (dealer_id, kind, assignee_id, due_at, id) WHERE assignee_id IS NOT NULL;
CREATE INDEX records_by_opening    ON ${s}.records (dealer_id, kind, status, opens_at, id)    WHERE opens_at    IS NOT NULL;

CREATE TABLE ${s}.record_keys (
  dealer_id text COLLATE "C" NOT NULL,
  kind      text COLLATE "C" NOT NULL,
  key       text COLLATE "C" NOT NULL,
  id        text COLLATE "C" NOT NULL,
  PRIMARY KEY (dealer_id, kind, key, id)
);
CREATE INDEX record_keys_by_record ON ${s}.record_keys (dealer_id, kind, id);
`,
};
