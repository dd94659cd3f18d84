import { createRoot, createSignal } from 'solid-js';
import { registerSW } from 'virtual:pwa-register';

/**
 * The app shell's service worker (SPEC U20). A new release takes over at once (Workbox's
 * skipWaiting), but this page keeps running the code it loaded: rather than reloading under
 * someone typing in a meeting, it says a new version is ready and lets them reload (U27).
 */
const [updateReady, setUpdateReady] = createRoot(() => createSignal(false));

export { updateReady };

/**
 * How long after it is asked for the shell waits before caching: a large workspace's first view
 * waits on the network and then draws its rows over many frames, and the idle moments in between
 * must not go to downloading the shell (on a busy two-core machine that slowed the first view).
 */
const CACHE_AFTER_MS = 3_000;
/** At most this long after that, the shell is cached even if the page never idles. */
const CACHE_WITHIN_MS = 10_000;

let asked = false;

/**
 * Registers the service worker a little after a workspace shows its content (or another page has
 * loaded), once the page idles.
 */
export function cacheAppShell(): void {
  if (asked || !('serviceWorker' in navigator)) return;
  asked = true;
  const register = () => void registerSW({ immediate: true, onNeedReload: () => setUpdateReady(true) });
  setTimeout(() => requestIdleCallback(register, { timeout: CACHE_WITHIN_MS }), CACHE_AFTER_MS);
}
