import { createRoot, createSignal } from 'solid-js';
import { registerSW } from 'virtual:pwa-register';

/**
 * The app shell's service worker (SPEC U20). A new release takes over at once (Workbox's
 * skipWaiting), but this page keeps running the code it loaded: rather than reloading under
 * someone typing in a meeting, it says a new version is ready and lets them reload (U27).
 */
const [updateReady, setUpdateReady] = createRoot(() => createSignal(false));

export { updateReady };

/** At most this long after it is asked for, the shell is cached even if the page never idles. */
const CACHE_WITHIN_MS = 10_000;

let asked = false;

/**
 * Registers the service worker once the page next idles. A workspace asks only after its first
 * view has content: downloading the shell into the cache must not compete with opening a large
 * workspace (its document's sync, the tree's first rows), which leaves the page idle while it waits
 * for the network.
 */
export function cacheAppShell(): void {
  if (asked || !('serviceWorker' in navigator)) return;
  asked = true;
  requestIdleCallback(() => void registerSW({ immediate: true, onNeedReload: () => setUpdateReady(true) }), { timeout: CACHE_WITHIN_MS });
}
