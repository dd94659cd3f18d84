/** Polls until `check` holds; fails with `what` after the timeout. */
export async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Resolves after the event loop's next check phase: what was queued with setImmediate before it has run. */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
