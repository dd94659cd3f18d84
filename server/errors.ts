import type { RefusalReason } from './observability/refusals';
import type { OpError } from '../shared/schema/op-result';

/**
 * An error the HTTP and WebSocket routes raise themselves (a body too large, a plain GET on a
 * WebSocket address, a limit): a status, a stable machine-readable code, a sentence for a person
 * and, when several things were wrong at once, one line for each. Auth and the services throw
 * DomainError instead, which `app.onError` answers the same way.
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

/**
 * Why something a caller asked for cannot be done, in the domain's terms: auth and the services
 * throw DomainError, and `app.onError` answers each kind with its HTTP status (FAILURE_STATUS).
 */
export type Failure = 'unauthenticated' | 'forbidden' | 'not-found' | 'invalid' | 'conflict' | 'unavailable';

export const FAILURE_STATUS = {
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  invalid: 400,
  conflict: 409,
  unavailable: 503,
} as const satisfies Record<Failure, ApiError['status']>;

/** A refusal from auth or a service: its kind, a stable machine-readable code, a sentence for a person. */
export class DomainError extends Error {
  constructor(
    readonly failure: Failure,
    readonly code: string,
    message: string,
    readonly details?: string[],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

const FAILURE_OF_REFUSAL = {
  'not-found': 'not-found',
  invalid: 'invalid',
  archived: 'conflict',
  cycle: 'conflict',
  forbidden: 'forbidden',
  prerequisite: 'conflict',
  conflict: 'conflict',
} as const satisfies Record<OpError['code'], Failure>;

/** A refused edit from shared/ (an OpResult error) as the domain error it means. */
export function refusal(error: OpError): DomainError {
  return new DomainError(FAILURE_OF_REFUSAL[error.code], error.code.replace('-', '_'), error.message, error.details);
}

export function storageUnavailable(what: string): DomainError {
  return new DomainError('unavailable', 'storage_unavailable', `${what} could not be stored (the server's storage refused the write); nothing was changed.`);
}
