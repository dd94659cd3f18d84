import { onTestFinished } from 'vitest';
import { connectSynced, type Client } from '../../integration/support/clients';
import type { CreatedWorkspace } from '../../integration/support/test-server';
import type { ServerAndBrowser } from './browser';

/**
 * People here on the workspace's editor link, each a stock client announcing a name as a page
 * does once its guest has typed it; the server marks them guests (SPEC A3). For a test about how
 * the people here are drawn, where a browser each would only add their presence at several
 * seconds of CPU apiece. They leave when the test finishes.
 */
export async function guestsHere(env: ServerAndBrowser, workspace: CreatedWorkspace, names: readonly string[]): Promise<Client[]> {
  const clients = await Promise.all(names.map(() => connectSynced(env.server.wsUrl, workspace.id, workspace.tokens.editor)));
  // The e2e files share one process: clients left behind by a failure would reconnect for ever.
  onTestFinished(() => clients.forEach((client) => client.destroy()));
  names.forEach((name, i) =>
    clients[i]!.provider.awareness.setLocalState({ user: { id: `guest-${i}`, name, color: '#0e7490', role: 'editor' }, view: 'tree', selection: null, editing: null, since: Date.now() }),
  );
  return clients;
}
