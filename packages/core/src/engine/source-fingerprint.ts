import * as crypto from 'node:crypto';
import { stringify } from 'safe-stable-stringify';
import type { DmsEvent } from '../model/dms-event';

/**
 * SHA-256 of a string as base64url: `crypto.hash` (Node ≥ 20.12) in one call where there is
 * one, else a `Hash` object. Both read the string as UTF-8 and give the same digest.
 */
const sha256 =
  typeof crypto.hash === 'function'
    ? (text: string) => crypto.hash('sha256', text, 'base64url')
    : (text: string) => crypto.createHash('sha256').update(text).digest('base64url');

/**
 * A fingerprint of a validated DMS event's payload: equal for equal content whatever the key
 * order (and whatever defaults the sender left out), different when any value differs.
 */
export function sourceFingerprint(event: DmsEvent): string {
  return sha256(stringify(event) ?? '').slice(0, 22);
}
