import { vi } from 'vitest';
import * as Y from 'yjs';
import type { Store } from '../../../server/storage/store';

/**
 * What the M29 tests share, the nodes in this process (record/webhook-secret-lost.test.ts) and the
 * servers as server.ts wires them (cluster/webhook-keys.test.ts): the secret, the times the server
 * keeps, and the sentences the delivery log shows.
 */
export const SECRET = 'a-webhook-secret-of-some-length';
/** Past a PostgreSQL claim (N10: a minute), so a claimed delivery is due again. */
export const CLAIM_LAPSED_MS = 61_000;
/** Past the two minutes no node may have held a key before its secret counts as lost (M29). */
export const KEY_ABSENCE_MS = 121_000;
export const LOST = "Not sent: the webhook secret can no longer be opened (the server's key was replaced); set the secret again.";
export const KEY_GONE = 'Not sent: the webhook secret can no longer be opened (no running server holds the key it was sealed with); set the secret again.';
/** A delivery's last error while a node that cannot open its secret leaves it to one that holds the key (M29, M30). */
export const WAITING_FOR_HOLDER = 'Waiting for a server that holds the key the webhook secret was sealed with; the server that read it cannot open it.';
/** As WAITING_FOR_HOLDER, within the two minutes a key may be without a live holder (M29). */
export const WAITING_FOR_RETURN = 'Waiting: no running server holds the key the webhook secret was sealed with just now; one may be restarting.';
/** As WAITING_FOR_RETURN, for a secret the release before sealed, which names no key (M29). */
export const WAITING_FOR_OLD_KEY = 'Waiting for a server whose key opens the webhook secret (set before this release); the server that read it cannot open it.';

/** One change stored with one delivery to `url`, due at once, as a node's commit stores it (M9). */
export async function storeDelivery(store: Store, workspace: string, url: string): Promise<void> {
  const doc = new Y.Doc();
  doc.getText('t').insert(0, 'x');
  await store.commit([{ workspace, updates: [Y.encodeStateAsUpdate(doc)], deliveries: [{ workspace, event: 'pivot', url, body: '{"event":"pivot"}' }] }]);
}

/** Silences the server's log (console.error) and counts its lines that include `text`. */
export function logLines(text: string): () => number {
  const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
  return () => errors.mock.calls.filter(([line]) => String(line).includes(text)).length;
}
