import { isPending, type Awaitable } from './awaitable';
import { StorageError } from './store';

/**
 * Runs a bookkeeping write (when a session or a member was last seen) that must not fail the
 * request or connection it rides on: a full disk refuses edits with its own error, and here only
 * blurs idle times. A storage failure is logged under `tag`, now or when the promise settles;
 * anything else is a bug and is thrown.
 */
export function writeQuietly(tag: string, write: () => Awaitable<unknown>): void {
  const report = (error: unknown) => {
    if (!(error instanceof StorageError)) throw error;
    console.error(`[${tag}] ${error.message}`);
  };
  try {
    const written = write();
    if (isPending(written)) written.catch(report);
  } catch (error) {
    report(error);
  }
}
