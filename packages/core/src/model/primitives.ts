import { z } from 'zod';
import { formatInstant, parseInstant } from './instant-format';

/** Identifier of a record: non-empty, at most 128 characters, no control characters. */
export const idSchema = z
  .string()
  .min(1)
  .max(128)
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
  .regex(/^[^\u0000-\u001f]+$/, 'must not contain control characters');

/** A date and time without a UTC offset, `2026-03-02T09:00:00` (seconds and fraction optional). */
const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

/** The message for a timestamp without its offset: which instant it means cannot be known. */
export const MISSING_OFFSET_MESSAGE =
  "timestamp has no UTC offset, so the instant is ambiguous: add the offset, e.g. 2026-03-02T09:00:00+08:00 (Beijing time) or 2026-03-02T01:00:00Z (UTC), or create the engine with timestampsWithoutOffset: 'dealerTimeZone'";

/**
 * An instant as an ISO-8601 string with its UTC offset (`2026-02-10T09:30:00+08:00`, or `Z`);
 * stored records always hold the UTC form (`2026-02-10T01:30:00.000Z`) so they sort as text.
 * A timestamp without an offset (`2026-02-10T09:30:00`) is refused with a message saying so:
 * the library will not guess the time zone it was written in.
 */
export const instantInputSchema = z.iso
  .datetime({
    offset: true,
    error: (issue) =>
      issue.code === 'invalid_format' &&
      typeof issue.input === 'string' &&
      LOCAL_DATE_TIME.test(issue.input)
        ? MISSING_OFFSET_MESSAGE
        : undefined,
  })
  .transform((s) => toInstant(Date.parse(s)));

/** A stored instant: ISO-8601 in UTC (`Z`), as produced by `Date.prototype.toISOString`. */
export const instantSchema = z.iso.datetime();
/** ISO-8601 instant in UTC. */
export type Instant = string;

/** A calendar date without time (`YYYY-MM-DD`), interpreted in the dealer's time zone. */
export const localDateSchema = z.iso.date();

/** Role identifiers (DOMAIN.md §1). Packs may add their own; these are the defaults. */
export const DEFAULT_ROLES = [
  'followUpAgent',
  'csManager',
  'salesConsultant',
  'serviceAdvisor',
  'afterSalesManager',
  'serviceManager',
  'technicalDirector',
  'partsManager',
  'departmentManager',
  'generalManager',
  'frontDeskSupervisor',
  'infoClerk',
  /** 服务站站长: makes special-repair follow-ups with the front-desk supervisor [002]. */
  'stationManager',
] as const;

/** A role id such as `followUpAgent` or `csManager`. */
export const roleIdSchema = z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, 'invalid role id');
/** A role id such as `followUpAgent` or `csManager`. */
export type RoleId = string;

/** Converts an epoch-millisecond instant to the stored ISO form. */
export function toInstant(ms: number): Instant {
  return formatInstant(ms);
}

/** Converts a stored ISO instant to epoch milliseconds. */
export function toEpoch(instant: Instant): number {
  return parseInstant(instant);
}
