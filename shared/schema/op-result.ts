/**
 * What a refused edit returns instead of throwing: the UI shows `message` to the person who
 * tried, the REST routes map `code` to a 4xx. Programming errors (a wrong type in a typed call)
 * still throw; a refusal is an ordinary outcome of a meeting (a stage gate, a missing owner).
 */
export type OpErrorCode =
  | 'not-found'
  | 'invalid'
  | 'archived'
  | 'cycle'
  | 'forbidden'
  | 'prerequisite'
  | 'conflict';

export interface OpError {
  code: OpErrorCode;
  message: string;
  /** Per-field or per-row messages when several things were wrong at once. */
  details?: string[];
}

export type OpResult<T = void> = { ok: true; value: T } | { ok: false; error: OpError };

export function ok(): OpResult<void>;
export function ok<T>(value: T): OpResult<T>;
export function ok<T>(value?: T): OpResult<T | undefined> {
  return { ok: true, value };
}

export function fail<T = never>(code: OpErrorCode, message: string, details?: string[]): OpResult<T> {
  return { ok: false, error: details ? { code, message, details } : { code, message } };
}

/** For callers that built the input themselves (the demo, benchmarks): a refusal is a bug. */
export function unwrap<T>(result: OpResult<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}
