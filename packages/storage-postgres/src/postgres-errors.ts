import { DealercareError, StorageError } from '@dealercare/core';

/**
 * What went wrong, in `details.reason` of a `STORAGE_FAILURE` from this adapter. Match on it (or
 * on `details.pgCode`, the SQLSTATE) rather than on the message.
 *
 * - `connection-lost`: the connection broke during the transaction (server restarted, backend
 *   terminated, network). The transaction was rolled back by the server — unless it broke
 *   during `COMMIT`, when `details.committed` is `'unknown'`.
 * - `connect-failed`: no connection could be opened (server down, wrong URL, refused login,
 *   pool exhausted for `connectTimeoutMs`).
 * - `statement-timeout`: a statement ran longer than `statementTimeoutMs`.
 * - `serialization-failure` / `deadlock`: retried `maxRetries` times and still failing.
 * - `closed`: the adapter was closed.
 * - `database-error`: any other error the server reported (see `pgCode`).
 */
export type PostgresFailureReason =
  | 'connection-lost'
  | 'connect-failed'
  | 'statement-timeout'
  | 'serialization-failure'
  | 'deadlock'
  | 'closed'
  | 'database-error';

interface ErrorWithCode {
  readonly code?: unknown;
  readonly message: string;
}

/** The SQLSTATE of a server error, or the driver's / the OS's error code (`ECONNREFUSED`). */
export function errorCode(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const code = (error as ErrorWithCode).code;
  return typeof code === 'string' ? code : undefined;
}

const SQLSTATE = /^[0-9A-Z]{5}$/;

/** Deadlocks and serialization failures: the whole transaction can simply run again. */
export function isRetryable(error: unknown): boolean {
  const code = error instanceof StorageError ? (error.details.pgCode as unknown) : errorCode(error);
  return code === '40001' || code === '40P01';
}

const CONNECTION_LOST =
  /connection terminated|connection.*(closed|ended|reset)|ECONNRESET|EPIPE|socket/i;

/** Whether an error means the connection itself is gone (the session cannot be used again). */
export function isConnectionLoss(error: unknown): boolean {
  const code = errorCode(error);
  if (code !== undefined) {
    // 08xxx connection exception; 57P01–57P03 the server is shutting down or terminated us.
    if (code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03')
      return true;
    if (
      [
        'ECONNRESET',
        'EPIPE',
        'ETIMEDOUT',
        'CONNECTION_CLOSED',
        'CONNECTION_ENDED',
        'CONNECTION_DESTROYED',
      ].includes(code)
    )
      return true;
    if (SQLSTATE.test(code)) return false;
  }
  return error instanceof Error && CONNECTION_LOST.test(error.message);
}

function reasonOf(error: unknown, phase: 'connect' | 'query'): PostgresFailureReason {
  const code = errorCode(error);
  if (phase === 'connect') return 'connect-failed';
  if (code === '40001') return 'serialization-failure';
  if (code === '40P01') return 'deadlock';
  if (code === '57014') return 'statement-timeout';
  if (isConnectionLoss(error)) return 'connection-lost';
  return 'database-error';
}

const HINTS: Readonly<Record<PostgresFailureReason, string>> = {
  'connection-lost':
    'the connection to PostgreSQL broke (server restarted, backend terminated, network); nothing of the transaction was committed',
  'connect-failed':
    'cannot connect to PostgreSQL: is it running and is the URL right? (e.g. `pg_isready -h 127.0.0.1 -p 5432`)',
  'statement-timeout': 'a statement ran longer than statementTimeoutMs and was cancelled',
  'serialization-failure': 'PostgreSQL could not serialize the transaction, even after retrying',
  deadlock: 'the transaction deadlocked with another, even after retrying',
  closed: 'the storage was closed',
  'database-error': 'PostgreSQL reported an error',
};

/** Where a failure happened, for the message and details. */
export interface FailureContext {
  readonly operation: string;
  /** The database, without password: `host:port/db`, and the schema. */
  readonly where: string;
  readonly phase?: 'connect' | 'query';
  readonly extra?: Record<string, unknown>;
}

/**
 * Turns whatever the driver threw into a {@link StorageError} that says what failed, where and
 * why, with `details.reason` and the SQLSTATE in `details.pgCode`. Only for errors of driver
 * calls: errors of the library pass through unchanged.
 */
export function toStorageError(error: unknown, context: FailureContext): unknown {
  if (error instanceof DealercareError) return error;
  const code = errorCode(error);
  const reason = reasonOf(error, context.phase ?? 'query');
  const message = error instanceof Error ? error.message : String(error);
  return new StorageError(
    `postgres storage ${context.where}: ${context.operation} failed: ${message} (${reason}${code ? ` ${code}` : ''}: ${HINTS[reason]})`,
    {
      reason,
      ...(code !== undefined ? { pgCode: code } : {}),
      operation: context.operation,
      where: context.where,
      ...context.extra,
    },
    error,
  );
}
