import { createSignal, type Accessor } from 'solid-js';

/** One thing a person asked for over REST: whether it is under way, and why it failed, in words. */
export interface Task {
  busy: Accessor<boolean>;
  error: Accessor<string | null>;
  /** Runs `work` unless it is already running; a failure's message is kept for the screen to show. */
  run(work: () => Promise<void>): Promise<void>;
  clearError(): void;
}

export function createTask(): Task {
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  return {
    busy,
    error,
    async run(work) {
      if (busy()) return;
      setBusy(true);
      setError(null);
      try {
        await work();
      } catch (failure) {
        setError((failure as Error).message);
      } finally {
        setBusy(false);
      }
    },
    clearError: () => setError(null),
  };
}
