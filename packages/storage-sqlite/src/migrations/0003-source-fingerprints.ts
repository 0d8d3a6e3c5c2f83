import type { Migration } from './migration';

/**
 * The fingerprints of the payloads seen under each DMS source id (space-separated, the newest
 * last), so a re-delivery with a payload never seen (a correction) is told apart from a
 * duplicate — also an old payload re-sent after its correction. Keys recorded before have none:
 * a re-delivery of those counts as a duplicate, as it always did.
 */
export const sourceFingerprints: Migration = {
  version: 3,
  name: 'source-fingerprints',
  up: `ALTER TABLE idempotency_keys ADD COLUMN fingerprints TEXT;`,
};
