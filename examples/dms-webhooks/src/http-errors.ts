import { DealercareError } from '@dealercare/core';

/** HTTP status for each library error code: bad input is the client's, a conflict is a 409. */
const STATUS: Readonly<Record<string, number>> = {
  VALIDATION_FAILED: 400,
  PERMISSION_DENIED: 403,
  REAL_NAME_REQUIRED: 403,
  NOT_FOUND: 404,
  TRANSITION_NOT_ALLOWED: 409,
  VERSION_CONFLICT: 409,
  CALENDAR_YEAR_UNKNOWN: 422,
};

/** A request the service itself rejects before the engine sees it (bad JSON, unknown route). */
export class RequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The response for an error: library errors keep their code and details (issues with paths). */
export function errorResponse(error: unknown): { status: number; body: unknown } {
  if (error instanceof RequestError) {
    return { status: error.status, body: { code: error.code, message: error.message } };
  }
  if (error instanceof DealercareError) {
    return {
      status: STATUS[error.code] ?? 500,
      body: { code: error.code, message: error.message, details: error.details },
    };
  }
  return { status: 500, body: { code: 'INTERNAL', message: 'internal error' } };
}
