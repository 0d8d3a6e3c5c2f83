import { createHash } from 'node:crypto';
import { stringify } from 'safe-stable-stringify';
import type { DmsEvent } from '../model/dms-event';

/**
 * A fingerprint of a validated DMS event's payload: equal for equal content whatever the key
 * order (and whatever defaults the sender left out), different when any value differs.
 */
export function sourceFingerprint(event: DmsEvent): string {
  return createHash('sha256')
    .update(stringify(event) ?? '')
    .digest('base64url')
    .slice(0, 22);
}
