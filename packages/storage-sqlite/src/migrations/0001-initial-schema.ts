import type { Migration } from './migration';

/**
 * The first schema. Records keep the whole aggregate as JSON in `data` plus the columns every
 * query filters on, so queries never parse JSON. STRICT tables reject a value of the wrong type
 * instead of silently storing it.
 */
export const initialSchema: Migration = {
  version: 1,
  name: 'initial-schema',
  up: `
CREATE TABLE records (
  dealer_id     TEXT    NOT NULL,
  kind          TEXT    NOT NULL,
  id            TEXT    NOT NULL,
  version       INTEGER NOT NULL CHECK (version >= 1),
  status        TEXT    NOT NULL,
  customer_id   TEXT,
  assignee_role TEXT,
  assignee_id   TEXT,
  due_at        INTEGER,
  data          TEXT    NOT NULL,
  PRIMARY KEY (dealer_id, kind, id)
) STRICT;
-- Every query is scoped by (dealer_id, kind) and ordered by id; partial indexes skip the rows
-- whose column is NULL (an equality or range filter implies NOT NULL, so the planner uses them).
CREATE INDEX records_by_status   ON records (dealer_id, kind, status, id);
CREATE INDEX records_by_customer ON records (dealer_id, kind, customer_id)   WHERE customer_id   IS NOT NULL;
CREATE INDEX records_by_role     ON records (dealer_id, kind, assignee_role) WHERE assignee_role IS NOT NULL;
CREATE INDEX records_by_assignee ON records (dealer_id, kind, assignee_id)   WHERE assignee_id   IS NOT NULL;
CREATE INDEX records_by_due      ON records (dealer_id, kind, due_at)        WHERE due_at        IS NOT NULL;

CREATE TABLE timers (
  id           TEXT    NOT NULL PRIMARY KEY,
  dealer_id    TEXT    NOT NULL,
  subject_kind TEXT    NOT NULL,
  subject_id   TEXT    NOT NULL,
  name         TEXT    NOT NULL,
  due_at       INTEGER NOT NULL,
  payload      TEXT    NOT NULL
) STRICT, WITHOUT ROWID;
-- The tick sweep (all dealers, by due time) and the per-subject lookups.
CREATE INDEX timers_by_due     ON timers (due_at, id);
CREATE INDEX timers_by_subject ON timers (dealer_id, subject_kind, subject_id);

-- Append-only log. AUTOINCREMENT: a sequence number is never reused, even after the newest
-- rows are deleted, so a reader's "after seq N" cursor stays valid.
CREATE TABLE events (
  seq          INTEGER PRIMARY KEY AUTOINCREMENT,
  dealer_id    TEXT    NOT NULL,
  type         TEXT    NOT NULL,
  at           TEXT    NOT NULL,
  subject_kind TEXT    NOT NULL,
  subject_id   TEXT    NOT NULL,
  data         TEXT    NOT NULL
) STRICT;
CREATE INDEX events_by_dealer  ON events (dealer_id, seq);
CREATE INDEX events_by_subject ON events (dealer_id, subject_kind, subject_id, seq);

CREATE TABLE idempotency_keys (
  dealer_id TEXT NOT NULL,
  key       TEXT NOT NULL,
  PRIMARY KEY (dealer_id, key)
) STRICT, WITHOUT ROWID;
`,
};
