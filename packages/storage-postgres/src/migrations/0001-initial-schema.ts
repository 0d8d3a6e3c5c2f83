import type { Migration } from './migration';

/**
 * The first schema. Every table's key starts with `dealer_id`, so the tables can be distributed
 * by dealer (Citus) unchanged: each dealer's rows, and every statement about one dealer, live on
 * one node. Keys and ids are `COLLATE "C"`: byte order, as the other adapters sort, and cheaper
 * comparisons than a linguistic collation.
 *
 * - `records`: the aggregate as JSON (`data`) plus the columns queries filter on. `kind` is
 *   free text, so new record kinds need no migration.
 * - `timers`: keyed by (dealer, id); the sweep reads `timers_by_due` in (due_at, id) order, and a
 *   claim conditional on the due time the sweep read is one entry of the same index.
 * - `events`: each dealer's log numbered by `event_seqs`, a counter row per dealer taken at the
 *   end of the appending transaction: a dealer's events commit in `seq` order, so a reader that
 *   follows the log "after seq N" never misses an event that committed late.
 * - `idempotency_keys`: one row per (dealer, key); the primary key makes a claim exactly-once
 *   across processes. `fingerprints`: the DMS payloads seen under the key, for `claimSource` (null from `claimKey`).
 */
export const initialSchema: Migration = {
  version: 1,
  name: 'initial-schema',
  up: (s) => `
CREATE TABLE ${s}.records (
  dealer_id     text COLLATE "C" NOT NULL,
  kind          text COLLATE "C" NOT NULL,
  id            text COLLATE "C" NOT NULL,
  version       integer NOT NULL CHECK (version >= 1),
  status        text COLLATE "C" NOT NULL,
  customer_id   text COLLATE "C",
  assignee_role text COLLATE "C",
  assignee_id   text COLLATE "C",
  due_at        bigint,
  data          jsonb NOT NULL,
  PRIMARY KEY (dealer_id, kind, id)
);
-- Every query is scoped by (dealer_id, kind) and ordered by id; the partial indexes skip rows
-- whose column is NULL (an equality or range filter implies NOT NULL).
CREATE INDEX records_by_status   ON ${s}.records (dealer_id, kind, status, id);
CREATE INDEX records_by_customer ON ${s}.records (dealer_id, kind, customer_id, id)   WHERE customer_id   IS NOT NULL;
CREATE INDEX records_by_role     ON ${s}.records (dealer_id, kind, assignee_role, id) WHERE assignee_role IS NOT NULL;
CREATE INDEX records_by_assignee ON ${s}.records (dealer_id, kind, assignee_id, id)   WHERE assignee_id   IS NOT NULL;
CREATE INDEX records_by_due      ON ${s}.records (dealer_id, kind, due_at)            WHERE due_at        IS NOT NULL;

CREATE TABLE ${s}.timers (
  dealer_id    text COLLATE "C" NOT NULL,
  id           text COLLATE "C" NOT NULL,
  subject_kind text COLLATE "C" NOT NULL,
  subject_id   text COLLATE "C" NOT NULL,
  name         text NOT NULL,
  due_at       bigint NOT NULL,
  payload      jsonb NOT NULL,
  PRIMARY KEY (dealer_id, id)
);
CREATE INDEX timers_by_due     ON ${s}.timers (due_at, id);
CREATE INDEX timers_by_subject ON ${s}.timers (dealer_id, subject_kind, subject_id);

CREATE TABLE ${s}.event_seqs (
  dealer_id text COLLATE "C" NOT NULL PRIMARY KEY,
  last_seq  bigint NOT NULL
);
-- at: the ISO instant exactly as the engine wrote it (text round-trips byte for byte).
CREATE TABLE ${s}.events (
  dealer_id    text COLLATE "C" NOT NULL,
  seq          bigint NOT NULL,
  type         text NOT NULL,
  at           text NOT NULL,
  subject_kind text COLLATE "C" NOT NULL,
  subject_id   text COLLATE "C" NOT NULL,
  data         jsonb NOT NULL,
  PRIMARY KEY (dealer_id, seq)
);
CREATE INDEX events_by_subject ON ${s}.events (dealer_id, subject_kind, subject_id, seq);

CREATE TABLE ${s}.idempotency_keys (
  dealer_id   text COLLATE "C" NOT NULL,
  key         text COLLATE "C" NOT NULL,
  fingerprints text[],
  PRIMARY KEY (dealer_id, key)
);
`,
};
