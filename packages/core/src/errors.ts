/**
 * Every error the library throws on purpose is a {@link DealercareError} with a stable
 * string `code`. Match on `code` (or `instanceof`), never on the message: messages are for
 * people and may improve between releases; codes never change meaning.
 *
 * @module
 */

/** The stable codes of every error class. */
export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'TRANSITION_NOT_ALLOWED'
  | 'PERMISSION_DENIED'
  | 'REAL_NAME_REQUIRED'
  | 'VERSION_CONFLICT'
  | 'NOT_FOUND'
  | 'DUPLICATE'
  | 'RULE_PACK_INVALID'
  | 'CALENDAR_INVALID'
  | 'CALENDAR_YEAR_UNKNOWN'
  | 'SCHEMA_TOO_NEW'
  | 'STORAGE_FAILURE'
  | 'CONTACT_NOT_ALLOWED';

/** One problem found in an input, with the JSON path to the offending value. */
export interface Issue {
  /** Path to the value, e.g. `['visits', 2, 'window', 'toWorkingDay']`. */
  readonly path: readonly (string | number)[];
  /** What is wrong, for a person. */
  readonly message: string;
  /** Machine-readable kind of problem (zod's issue code where it came from zod). */
  readonly code: string;
  /**
   * The rule pack the problem is in, when a pack was loaded with `extends`: the id of the pack
   * whose JSON holds the offending value (the id it is known by in `extends`), and `path` is then
   * relative to that pack's own JSON — the file the integrator wrote — not to the merged pack.
   */
  readonly packId?: string;
}

/** Formats a path the way people write it: `visits[2].window.toWorkingDay`. */
export function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? part : `.${part}`;
  }
  return out === '' ? '(root)' : out;
}

/** Base class: a stable `code` plus structured `details`. */
export class DealercareError extends Error {
  readonly code: ErrorCode;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(
    code: ErrorCode,
    message: string,
    details: Record<string, unknown> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.details = details;
  }
}

/** One issue as a line: `my-dealer visits[0].visit.window: must be …` (the pack id when known). */
export function formatIssue(issue: Issue): string {
  const where = formatPath(issue.path);
  return `${issue.packId === undefined ? '' : `${issue.packId} `}${where}: ${issue.message}`;
}

function issueLines(issues: readonly Issue[]): string {
  return issues.map((i) => `  - ${formatIssue(i)}`).join('\n');
}

/** Input (a command, a DMS event, stored data) failed validation. Nothing was written. */
export class ValidationError extends DealercareError {
  readonly issues: readonly Issue[];
  constructor(what: string, issues: readonly Issue[]) {
    super('VALIDATION_FAILED', `Invalid ${what}:\n${issueLines(issues)}`, { what, issues });
    this.issues = issues;
  }
}

/** A rule pack failed validation or compilation. The engine keeps its previous pack. */
export class RulePackError extends DealercareError {
  readonly issues: readonly Issue[];
  constructor(issues: readonly Issue[]) {
    super('RULE_PACK_INVALID', `Invalid rule pack:\n${issueLines(issues)}`, { issues });
    this.issues = issues;
  }
}

/** A command is not allowed in the aggregate's current state. */
export class TransitionNotAllowedError extends DealercareError {
  readonly machine: string;
  readonly state: string;
  readonly command: string;
  constructor(machine: string, state: string, command: string, why?: string) {
    super(
      'TRANSITION_NOT_ALLOWED',
      `${machine}: command "${command}" is not allowed in state "${state}"${why ? ` (${why})` : ''}`,
      { machine, state, command, ...(why ? { why } : {}) },
    );
    this.machine = machine;
    this.state = state;
    this.command = command;
  }
}

/** The actor lacks every role the transition allows. */
export class PermissionDeniedError extends DealercareError {
  constructor(machine: string, command: string, actorId: string, allowed: readonly string[]) {
    super(
      'PERMISSION_DENIED',
      `${machine}: actor "${actorId}" may not "${command}" (needs one of: ${allowed.join(', ')})`,
      { machine, command, actorId, allowed },
    );
  }
}

/** 实名制: the transition must be made by a named person, not the system actor. */
export class RealNameRequiredError extends DealercareError {
  constructor(machine: string, command: string) {
    super(
      'REAL_NAME_REQUIRED',
      `${machine}: "${command}" must be recorded by a named person (real-name rule), not the system`,
      { machine, command },
    );
  }
}

/** Optimistic concurrency: somebody else changed the record first. */
export class VersionConflictError extends DealercareError {
  constructor(kind: string, id: string, expected: number, actual: number | undefined) {
    super(
      'VERSION_CONFLICT',
      `${kind} "${id}": expected version ${expected}, found ${actual ?? 'none'}`,
      { kind, id, expected, actual },
    );
  }
}

/** The record does not exist for this dealer (another dealer's record looks the same). */
export class NotFoundError extends DealercareError {
  constructor(kind: string, id: string) {
    super('NOT_FOUND', `${kind} "${id}" not found`, { kind, id });
  }
}

/** A working-calendar definition is inconsistent (overlapping periods, bad times, …). */
export class CalendarError extends DealercareError {
  readonly issues: readonly Issue[];
  constructor(issues: readonly Issue[]) {
    super('CALENDAR_INVALID', `Invalid calendar:\n${issueLines(issues)}`, { issues });
    this.issues = issues;
  }
}

/**
 * A strict calendar was asked about a year its data does not cover (`unknownYears: 'strict'`).
 * `details.year` is the latest year the query needed; `details.missing` every uncovered year
 * between the data and it.
 */
export class CalendarYearUnknownError extends DealercareError {
  constructor(
    calendarId: string,
    year: number,
    covered: readonly [number, number],
    missing: readonly number[] = [year],
  ) {
    const span =
      missing.length > 1 ? ` (nor for ${missing[0]}–${missing[missing.length - 1]})` : '';
    super(
      'CALENDAR_YEAR_UNKNOWN',
      `calendar "${calendarId}" has no data for ${year}${span}: it covers ${covered[0]}–${covered[1]}; add the year's holidays (extraYears) or allow provisional years`,
      { calendarId, year, covered, missing },
    );
  }
}

/** The database was written by a newer version of the library. It was not touched. */
export class SchemaTooNewError extends DealercareError {
  constructor(found: number, supported: number) {
    super(
      'SCHEMA_TOO_NEW',
      `database schema version ${found} is newer than this library supports (${supported}); upgrade @dealercare packages`,
      { found, supported },
    );
  }
}

/** The storage backend failed (I/O, disk full, corrupt file, …). The transaction was rolled back. */
export class StorageError extends DealercareError {
  constructor(message: string, details: Record<string, unknown> = {}, cause?: unknown) {
    super('STORAGE_FAILURE', message, details, { cause });
  }
}

/**
 * The pack's contact rules do not allow this contact now: outside the dealer's quiet hours, the
 * customer's daily limit reached, or a phone call to a customer who does not take calls.
 * `details.nextAllowedAt` says when it would be (none for `no-phone-calls`: use `details.channel`).
 */
export class ContactNotAllowedError extends DealercareError {
  constructor(
    visitId: string,
    reason: 'quiet-hours' | 'daily-limit' | 'no-phone-calls',
    nextAllowedAt: string | null,
    channel: string,
  ) {
    const why =
      reason === 'quiet-hours'
        ? 'outside the hours customers may be contacted'
        : reason === 'daily-limit'
          ? "the customer's contacts for today are used up"
          : `the customer does not take phone calls; use ${channel}`;
    super(
      'CONTACT_NOT_ALLOWED',
      `visit "${visitId}": ${why}${nextAllowedAt ? ` (next allowed ${nextAllowedAt})` : ''}`,
      { visitId, reason, nextAllowedAt, channel },
    );
  }
}
