import { expect } from 'vitest';

/**
 * Polls a value a person would see until the assertion holds. Changes cross a server and
 * another browser on a shared 2-core machine, so it allows 10 s, well past a normal round trip,
 * instead of expect.poll's default of 1 s.
 */
export function eventually<T>(read: () => T | Promise<T>, timeout = 10_000) {
  return expect.poll(read, { timeout, interval: 50 });
}
