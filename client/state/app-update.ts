import { createRoot, createSignal } from 'solid-js';
import { registerSW } from 'virtual:pwa-register';

/**
 * The app shell's service worker (SPEC U20), registered once the page has loaded so that caching
 * the shell never competes with opening a workspace. A new release takes over at once (Workbox's
 * skipWaiting), but this page keeps running the code it loaded: rather than reloading under
 * someone typing in a meeting, it says a new version is ready and lets them reload (U27).
 */
const [updateReady, setUpdateReady] = createRoot(() => createSignal(false));

export { updateReady };

export function registerAppShell(): void {
  registerSW({ immediate: false, onNeedReload: () => setUpdateReady(true) });
}
