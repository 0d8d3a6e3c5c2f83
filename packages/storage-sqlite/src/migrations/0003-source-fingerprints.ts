import type { Migration } from './migration';

/**
 * A fingerprint of each DMS event's payload beside its source id, so a re-delivery with a
 * different payload (a correction) is told apart from a plain duplicate. Keys recorded before
 * have none: a re-delivery of those counts as a duplicate, as it always did.
 */
export const sourceFingerprints: Migration = {
  version: 3,
  name: 'source-fingerprints',
  up: `ALTER TABLE idempotency_keys ADD COLUMN fingerprint TEXT;`,
};
