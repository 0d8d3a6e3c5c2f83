import { randomFillSync } from 'node:crypto';
import { V7Generator } from 'uuidv7';

/** Random bytes drawn at once; refilled when used up. */
const RANDOM_PAGE = 4_096;

/** The two lower-case hex digits of each byte, as character codes (`2b`, `2b + 1`). */
const HEX = new Uint8Array(512);
for (let b = 0; b < 256; b++) {
  const hex = b.toString(16).padStart(2, '0');
  HEX[2 * b] = hex.charCodeAt(0);
  HEX[2 * b + 1] = hex.charCodeAt(1);
}
/** Where each of the 16 bytes goes in the 36-character text (the dashes stay between). */
const AT = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34] as const;

/**
 * A generator of time-ordered UUIDs (version 7, RFC 9562), stamped with `now()` (whole
 * milliseconds since the epoch; below 0 counts as 0, not a 48-bit time is a `RangeError`). The
 * `uuidv7` package's generator makes them: ids compare (as strings and as bytes) in the order
 * they were made, within a millisecond and across a clock step back of up to 10 s.
 *
 * Two things are added around it, both for ingest's sake: its random numbers come from a page of
 * `crypto.randomFillSync` bytes instead of a call to the system's generator every few ids, and
 * each id's 16 bytes are written as ASCII into a small buffer and read out as one flat string
 * (the package's `toString` joins pieces, and V8 keeps such a string as a tree of them for as
 * long as a record holds it).
 */
export function uuidV7Ids(now: () => number): () => string {
  const random = Buffer.allocUnsafe(RANDOM_PAGE);
  let cursor = RANDOM_PAGE;
  const generator = new V7Generator({
    nextUint32: () => {
      if (cursor > RANDOM_PAGE - 4) {
        randomFillSync(random);
        cursor = 0;
      }
      const v = random.readUInt32LE(cursor);
      cursor += 4;
      return v;
    },
  });
  const text = Buffer.alloc(36, 0x2d); // '-' where the groups meet
  return () => {
    const { bytes } = generator.generateOrResetWithTs(Math.max(0, now()));
    for (let i = 0; i < 16; i++) {
      const at = AT[i]!;
      const b = bytes[i]!;
      text[at] = HEX[2 * b]!;
      text[at + 1] = HEX[2 * b + 1]!;
    }
    return text.toString('latin1', 0, 36);
  };
}
