import type { Migration } from './migration';

/**
 * A leaner write set: fewer index entries written per ingested event, same guarantees.
 *
 * - **Timers keyed by (due time, subject, name)**, without a text id in the key: an id that is
 *   the engine's own (`kind:subjectId:name`, the name free of `:`) is stored as `''` and read
 *   back from the columns; any other id is stored as given and kept unique by a partial index
 *   that holds only such timers. One index (by subject) instead of two (by id, by subject).
 * - **A record's lookup keys in its own row** (`records.keys`, a JSON array), so replacing them
 *   reads the row instead of an index of `record_keys` by record, which every key insert paid
 *   for; that index is dropped.
 * - **The event log without `AUTOINCREMENT`**: `seq` is the rowid, the next one is the largest
 *   plus one, so an event's seq is still never reused (events are never deleted), without
 *   updating `sqlite_sequence` on every append.
 *
 * Upgrading copies the timers and the event log once, inside the opening transaction.
 */
export const leanWriteSet: Migration = {
  version: 5,
  name: 'lean-write-set',
  up: `
CREATE TABLE timers_lean (
  due_at       INTEGER NOT NULL,
  subject_kind TEXT    NOT NULL,
  subject_id   TEXT    NOT NULL,
  name         TEXT    NOT NULL,
  id           TEXT    NOT NULL,
  dealer_id    TEXT    NOT NULL,
  payload      TEXT    NOT NULL,
  PRIMARY KEY (due_at, subject_kind, subject_id, name, id)
) STRICT, WITHOUT ROWID;
INSERT INTO timers_lean (due_at, subject_kind, subject_id, name, id, dealer_id, payload)
  SELECT due_at, subject_kind, subject_id, name,
    CASE WHEN id = subject_kind || ':' || subject_id || ':' || name
           AND instr(subject_kind, ':') = 0 AND instr(name, ':') = 0 THEN '' ELSE id END,
    dealer_id, payload
  FROM timers;
DROP TABLE timers;
ALTER TABLE timers_lean RENAME TO timers;
CREATE INDEX        timers_by_subject  ON timers (subject_kind, subject_id, name);
CREATE UNIQUE INDEX timers_by_other_id ON timers (id) WHERE id <> '';

ALTER TABLE records ADD COLUMN keys TEXT;
UPDATE records SET keys = (
    SELECT json_group_array(k.key) FROM record_keys k
    WHERE k.dealer_id = records.dealer_id AND k.kind = records.kind AND k.id = records.id)
  WHERE EXISTS (
    SELECT 1 FROM record_keys k
    WHERE k.dealer_id = records.dealer_id AND k.kind = records.kind AND k.id = records.id);
DROP INDEX record_keys_by_record;

CREATE TABLE events_lean (
  seq          INTEGER PRIMARY KEY,
  dealer_id    TEXT    NOT NULL,
  type         TEXT    NOT NULL,
  at           TEXT    NOT NULL,
  subject_kind TEXT    NOT NULL,
  subject_id   TEXT    NOT NULL,
  data         TEXT    NOT NULL
) STRICT;
INSERT INTO events_lean (seq, dealer_id, type, at, subject_kind, subject_id, data)
  SELECT seq, dealer_id, type, at, subject_kind, subject_id, data FROM events ORDER BY seq;
DROP TABLE events;
ALTER TABLE events_lean RENAME TO events;
CREATE INDEX events_by_dealer  ON events (dealer_id, seq);
CREATE INDEX events_by_subject ON events (dealer_id, subject_kind, subject_id, seq);
DELETE FROM sqlite_sequence WHERE name = 'events';
`,
};
