/** A value, or the promise of one: SQLite answers at once, PostgreSQL later. */
export type Awaitable<T> = T | Promise<T>;

/** Whether a storage answer is still to come. */
export const isPending = <T>(value: Awaitable<T>): value is Promise<T> => value instanceof Promise;

/**
 * Runs `next` on the value now when it is here, later when it is a promise: code that reads
 * SQLite stays synchronous (and inside the turn whose group commit it joins) without a second
 * copy for PostgreSQL.
 */
export function after<T, R>(value: Awaitable<T>, next: (value: T) => Awaitable<R>): Awaitable<R> {
  return isPending(value) ? value.then(next) : next(value);
}

/** The value of an answer that must be here already: tools and tests that drive SQLite directly. */
export function atOnce<T>(value: Awaitable<T>): T {
  if (isPending(value)) throw new Error('Expected an answer at once (SQLite), got a promise.');
  return value;
}
