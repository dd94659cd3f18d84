import type { Page } from 'playwright-core';
import type * as Y from 'yjs';
import { connectSynced, type Client } from '../../integration/support/clients';
import type { CreatedWorkspace } from '../../integration/support/test-server';
import { createWorkspace } from '../../integration/support/test-server';
import type { ServerAndBrowser } from './browser';
import { signedIn, type Participant } from './join';
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

/** The usual start of a test: a seeded review, its facilitator Ana and an editor, Ben, signed in (`signedIn`). */
export async function startMeeting(env: ServerAndBrowser): Promise<Meeting> {
  const { workspace, ids } = await seededReview(env);
  const ana = await signedIn(env.browser, workspace.links.facilitator!, 'Ana Diaz');
  const ben = await signedIn(env.browser, workspace.links.editor!, 'Ben Okafor');
  return { workspace, ids, ana, ben };
}

/** A seeded review with Ana on an editor link in Chromium and a colleague's stock client. */
export async function anaAndColleague(
  env: ServerAndBrowser,
): Promise<{ workspace: CreatedWorkspace; ids: SeededIds; ana: Participant; colleague: Client }> {
  const { workspace, ids } = await seededReview(env);
  const ana = await signedIn(env.browser, workspace.links.editor!, 'Ana Diaz');
  const colleague = await connectSynced(env.server.wsUrl, workspace.id, workspace.tokens.editor);
  return { workspace, ids, ana, colleague };
}

/** A facilitator ends the meeting from the agenda: End meeting, then the step's "Yes" (SPEC U104). */
export async function endMeetingInAgenda(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'End meeting' }).click();
  await page.getByRole('button', { name: 'Yes, end the meeting' }).click();
}
