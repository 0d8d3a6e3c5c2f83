import { randomFillSync } from 'node:crypto';

/** Largest 48-bit timestamp (milliseconds) a version 7 UUID holds. */
const MAX_TIMESTAMP = 2 ** 48 - 1;
/** Largest value of the 42-bit counter (12 bits of `rand_a`, 30 of `rand_b`). */
const MAX_COUNTER = 2 ** 42 - 1;
/** A clock step back up to this long (ms) keeps the previous timestamp: ids stay in order. */
const ROLLBACK_ALLOWANCE = 10_000;
/** Random bytes drawn at once; refilled when used up. */
const RANDOM_PAGE = 4_096;

/** The lower-case hex digits of each byte, as character codes. */
const HEX_HIGH = new Uint8Array(256);
const HEX_LOW = new Uint8Array(256);
for (let b = 0; b < 256; b++) {
  const hex = b.toString(16).padStart(2, '0');
  HEX_HIGH[b] = hex.charCodeAt(0);
  HEX_LOW[b] = hex.charCodeAt(1);
}

/**
 * A generator of time-ordered UUIDs (version 7, RFC 9562), stamped with `now()` (whole
 * milliseconds since the epoch; below 0 counts as 0, past 48 bits is a `RangeError`): 48 bits of timestamp, then a 42-bit counter that
 * starts at a random value each millisecond and counts up within it (a new millisecond, or the
 * counter's end, moves the timestamp on), then 32 random bits. Ids it makes compare (as strings
 * and as bytes) in the order they were made, also across a clock step back of up to 10 s (the
 * previous timestamp is kept); after a longer step back it starts again from the clock. The
 * layout and the 10 s allowance are those of the `uuidv7` package's generator.
 *
 * Randomness comes from a page of `crypto.randomFillSync` bytes, refilled when used up; each id
 * is written as ASCII into a small buffer and read out as one flat string (not a tree of
 * concatenated pieces that a record would keep alive).
 */
export function uuidV7Ids(now: () => number): () => string {
  const random = Buffer.allocUnsafe(RANDOM_PAGE);
  let cursor = RANDOM_PAGE;
  const text = Buffer.alloc(36, 0x2d); // '-' where the groups meet
  /** The timestamp of the last id (-1: none yet) and its counter. */
  let timestamp = -1;
  let counter = 0;

  /** The next 32 random bits, as an unsigned number. */
  const next32 = (): number => {
    if (cursor > RANDOM_PAGE - 4) {
      randomFillSync(random);
      cursor = 0;
    }
    const v = random.readUInt32LE(cursor);
    cursor += 4;
    return v;
  };
  /** A fresh counter: 42 random bits. */
  const freshCounter = (): number => next32() * 0x400 + (next32() & 0x3ff);

  /** Writes byte `b` as two hex digits at `at`. */
  const hex = (at: number, b: number) => {
    text[at] = HEX_HIGH[b]!;
    text[at + 1] = HEX_LOW[b]!;
  };

  return () => {
    const ms = Math.max(0, now());
    if (!Number.isInteger(ms) || ms > MAX_TIMESTAMP) {
      throw new RangeError(`an id's timestamp must be a 48-bit unsigned integer, got ${ms}`);
    }
    if (ms > timestamp || ms + ROLLBACK_ALLOWANCE < timestamp) {
      timestamp = ms;
      counter = freshCounter();
    } else if (++counter > MAX_COUNTER) {
      // The millisecond's counter is used up: go on in the next one.
      timestamp++;
      counter = freshCounter();
    }
    // 48-bit timestamp: the high 16 bits and the low 32.
    const tsHigh = Math.floor(timestamp / 2 ** 32);
    const tsLow = timestamp >>> 0;
    // The counter: 12 bits after the version nibble, 30 after the variant bits.
    const counterHigh = Math.floor(counter / 2 ** 30);
    const counterLow = counter % 2 ** 30;
    const tail = next32();
    hex(0, tsHigh >>> 8);
    hex(2, tsHigh & 0xff);
    hex(4, tsLow >>> 24);
    hex(6, (tsLow >>> 16) & 0xff);
    // 8: '-'
    hex(9, (tsLow >>> 8) & 0xff);
    hex(11, tsLow & 0xff);
    // 13: '-'
    hex(14, 0x70 | (counterHigh >>> 8)); // version 7
    hex(16, counterHigh & 0xff);
    // 18: '-'
    hex(19, 0x80 | (counterLow >>> 24)); // variant 10
    hex(21, (counterLow >>> 16) & 0xff);
    // 23: '-'
    hex(24, (counterLow >>> 8) & 0xff);
    hex(26, counterLow & 0xff);
    hex(28, tail >>> 24);
    hex(30, (tail >>> 16) & 0xff);
    hex(32, (tail >>> 8) & 0xff);
    hex(34, tail & 0xff);
    return text.toString('latin1', 0, 36);
  };
}
