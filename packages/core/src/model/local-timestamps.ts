import { tzOffset } from '@date-fns/tz';
import { toInstant } from './primitives';

/**
 * What the engine does with a timestamp that has no UTC offset (`2026-03-02T09:00:00`):
 * `refuse` it (the default: `VALIDATION_FAILED`, the message says the offset is missing), or read
 * it as wall-clock time in the dealer's calendar time zone (`dealerTimeZone`).
 */
export type TimestampsWithoutOffset = 'refuse' | 'dealerTimeZone';

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?$/;
const DAY = 24 * 60 * 60 * 1000;

/**
 * The instant a wall-clock time names in an IANA zone, as the stored UTC form; `undefined` when
 * the text is not a date and time without offset (anything else is left to validation).
 * Daylight-saving changes are read as JavaScript's Temporal does by default ("compatible"): a
 * time that happens twice (the autumn hour) is its first occurrence, and a time that does not
 * happen (the spring gap) is moved forward by the gap — `02:30` on the spring day in Madrid is
 * `03:30` summer time.
 */
export function wallClockToInstant(text: string, timeZone: string): string | undefined {
  const m = LOCAL.exec(text);
  if (m === null) return undefined;
  const [, y, mo, d, h, mi, s, frac] = m;
  const wall = Date.UTC(
    Number(y),
    Number(mo) - 1,
    Number(d),
    Number(h),
    Number(mi),
    Number(s ?? 0),
    Number((frac ?? '0').padEnd(3, '0').slice(0, 3)),
  );
  // 30 February or 24:00 do not roll over into another day: validation refuses them.
  if (Number.isNaN(wall) || new Date(wall).toISOString().slice(0, 16) !== text.slice(0, 16)) {
    return undefined;
  }
  // The zone's offsets a day either side: at most one change lies between them.
  const before = tzOffset(timeZone, new Date(wall - DAY));
  const after = tzOffset(timeZone, new Date(wall + DAY));
  const fits = [before, after]
    .map((offset) => wall - offset * 60_000)
    .filter((t) => wall - tzOffset(timeZone, new Date(t)) * 60_000 === t);
  // Twice (autumn): the first. Never (spring gap): with the offset before the change.
  const t = fits.length > 0 ? Math.min(...fits) : wall - before * 60_000;
  return toInstant(t);
}

/** Where DMS events and command inputs carry timestamps the engine reads. */
export const TIMESTAMP_PATHS: readonly (readonly string[])[] = [
  ['occurredAt'],
  ['appointmentAt'],
  ['callBackAt'],
  ['customer', 'consent', 'recordedAt'],
];

/**
 * A copy of an input (DMS event or command) in which the timestamps at {@link TIMESTAMP_PATHS}
 * that have no offset are read in `timeZone` and written as UTC; the input itself is not
 * changed, and anything that is not such a timestamp is left for validation to judge.
 */
export function readWallClockTimestamps(input: unknown, timeZone: string): unknown {
  let out = input;
  for (const path of TIMESTAMP_PATHS) out = rewrite(out, path, 0, timeZone);
  return out;
}

function rewrite(value: unknown, path: readonly string[], i: number, timeZone: string): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const key = path[i]!;
  if (!Object.hasOwn(value, key)) return value;
  const current = (value as Record<string, unknown>)[key];
  const next =
    i === path.length - 1
      ? typeof current === 'string'
        ? (wallClockToInstant(current, timeZone) ?? current)
        : current
      : rewrite(current, path, i + 1, timeZone);
  return next === current ? value : { ...value, [key]: next };
}
