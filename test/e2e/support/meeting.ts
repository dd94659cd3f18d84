import type * as Y from 'yjs';
import type { CreatedWorkspace } from '../../integration/support/test-server';
import { createWorkspace } from '../../integration/support/test-server';
import type { ServerAndBrowser } from './browser';
import { join, type Participant } from './join';
import { seedWorkspace, type SeededIds } from './seed';

export interface Meeting {
  workspace: CreatedWorkspace;
  ids: SeededIds;
  /** The facilitator. */
  ana: Participant;
  /** An editor. */
  ben: Participant;
}

/** A new workspace seeded with the review every e2e test starts from; `more` adds to it. */
export async function seededReview(env: ServerAndBrowser, more?: (doc: Y.Doc) => void): Promise<{ workspace: CreatedWorkspace; ids: SeededIds }> {
  const workspace = await createWorkspace(env.server.url, 'Q4 operating review');
  return { workspace, ids: await seedWorkspace(env.server.wsUrl, workspace, more) };
}

/** The usual start of a test: a seeded review, its facilitator Ana and an editor, Ben, joined. */
export async function startMeeting(env: ServerAndBrowser): Promise<Meeting> {
  const { workspace, ids } = await seededReview(env);
  const ana = await join(env.browser, workspace.links.facilitator!, 'Ana Diaz');
  const ben = await join(env.browser, workspace.links.editor!, 'Ben Okafor');
  return { workspace, ids, ana, ben };
}
