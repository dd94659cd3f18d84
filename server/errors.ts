import type { RefusalReason } from './observability/refusals';
import type { OpError } from '../shared/schema/op-result';

/**
 * The one error type that crosses into HTTP: a status, a stable machine-readable code, a
 * sentence for a person and, when several things were wrong at once, one line for each.
 */
export class ApiError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 426 | 429 | 503,
    readonly code: string,
    message: string,
    readonly details?: string[],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/**
 * A limit the server keeps for everyone's sake (DESIGN §5), refused under its own reason in
 * /metrics (H14) rather than as an HTTP error code, whichever status it answers with.
 */
export class LimitRefusal extends ApiError {
  constructor(
    status: 429 | 503,
    readonly reason: RefusalReason,
    message: string,
  ) {
    super(status, reason, message);
    this.name = 'LimitRefusal';
  }
}

const STATUS_OF_REFUSAL = {
  'not-found': 404,
  invalid: 400,
  archived: 409,
  cycle: 409,
  forbidden: 403,
  prerequisite: 409,
  conflict: 409,
} as const;

/** A refused edit from shared/ (an OpResult error) as the HTTP error it means. */
export function refusal(error: OpError): ApiError {
  return new ApiError(STATUS_OF_REFUSAL[error.code], error.code.replace('-', '_'), error.message, error.details);
}

export function storageUnavailable(what: string): ApiError {
  return new ApiError(503, 'storage_unavailable', `${what} could not be stored (the server's storage refused the write); nothing was changed.`);
}
