import { z } from 'zod';
import { formatInstant, parseInstant } from './instant-format';

/** Identifier of a record: non-empty, at most 128 characters, no control characters. */
export const idSchema = z
  .string()
  .min(1)
  .max(128)
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
  .regex(/^[^\u0000-\u001f]+$/, 'must not contain control characters');

/**
 * An instant as an ISO-8601 string. Input may carry any offset (`2026-02-10T09:30:00+08:00`);
 * stored records always hold the UTC form (`2026-02-10T01:30:00.000Z`) so they sort as text.
 */
export const instantInputSchema = z.iso
  .datetime({ offset: true })
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
