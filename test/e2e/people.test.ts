import type { Page } from 'playwright-core';
import { describe, expect, it, onTestFinished } from 'vitest';
import type * as Y from 'yjs';
import { connectSynced } from '../integration/support/clients';
import type { CreatedWorkspace } from '../integration/support/test-server';
import { unnamedControls } from './support/accessibility';
import { saveScreenshot, useServerAndBrowser } from './support/browser';
import { join, joinAsMember, newParticipant, typeName } from './support/join';
import { seededReview } from './support/meeting';
import { eventually } from './support/poll';

/** Invites a person over REST as an integration would, with the facilitator link's token; answers their personal link. */
async function inviteOverRest(url: string, workspace: CreatedWorkspace, name: string, role: string): Promise<string> {
  const response = await fetch(`${url}/api/workspaces/${workspace.id}/invites`, {
    method: 'POST',
    headers: { authorization: `Bearer ${workspace.tokens.facilitator}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name, role }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { link: string }).link;
}

/** The id of the member called `name`, from the members list a facilitator reads. */
async function memberId(url: string, workspace: CreatedWorkspace, name: string): Promise<string> {
  const response = await fetch(`${url}/api/workspaces/${workspace.id}/members`, { headers: { authorization: `Bearer ${workspace.tokens.facilitator}` } });
  const { members } = (await response.json()) as { members: { id: string; name: string }[] };
  return members.find((member) => member.name === name)!.id;
}

/** Gives a member another role over REST, as a facilitator's integration would. */
async function changeRoleOverRest(url: string, workspace: CreatedWorkspace, id: string, role: string): Promise<void> {
  const response = await fetch(`${url}/api/workspaces/${workspace.id}/members/${id}`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${workspace.tokens.facilitator}`, 'content-type': 'application/json' },
    body: JSON.stringify({ role }),
  });
  expect(response.status).toBe(200);
}

function nodeTitle(doc: Y.Doc, id: string): string {
  return String(doc.getMap<Y.Map<unknown>>('nodes').get(id)?.get('title') ?? '');
}

/** The page a browser shows in place of a workspace it cannot be in: its heading and sentence. */
async function accessPage(page: Page): Promise<{ title: string; sentence: string }> {
  const section = page.getByTestId('access-page');
  return { title: (await section.getByRole('heading').textContent()) ?? '', sentence: (await section.getByTestId('access-sentence').textContent()) ?? '' };
}

/**
 * Holds the next request of `page` for its session of `workspace` (a role change's reopen asks
 * for it) until `answer` is called: `asked` settles once it has been made.
 */
async function holdSession(page: Page, workspace: string): Promise<{ asked: Promise<void>; answer: () => void }> {
  let made!: () => void;
  const asked = new Promise<void>((resolve) => (made = resolve));
  let answer!: () => void;
  const answered = new Promise<void>((resolve) => (answer = resolve));
  await page.route(
    `**/api/session/${workspace}`,
    async (route) => {
      made();
      await answered;
      await route.continue();
    },
    { times: 1 },
  );
  return { asked, answer };
}

const presence = (page: Page, name: string) => page.getByTestId('presence').getByRole('img', { name });

describe('people and access in the browser', () => {
  const env = useServerAndBrowser();

  it('[A11][A8][A9][A16][U106] the share dialog: invite Chen and copy his link, he joins by name, removing him and rotating the editor link end access at once', async () => {
    const { workspace } = await seededReview(env);
    // Ana facilitates as a member, so the sentences name her as the one to ask (A4).
    const ana = await joinAsMember(env.browser, await inviteOverRest(env.server.url, workspace, 'Ana Diaz', 'facilitator'), 'Ana Diaz');
    await ana.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.server.url });
    expect(await ana.page.getByLabel('Your name, as the room will see it').count()).toBe(0);
    const ben = await join(env.browser, workspace.links.editor!, 'Ben Okafor');
    await eventually(() => presence(ana.page, 'Ben Okafor, editor, guest, on objectives').count()).toBe(1);
    await eventually(() => presence(ben.page, 'Ana Diaz, facilitator, on objectives').count()).toBe(1);

    // Invite Chen as an editor and copy his personal link, which is shown this once.
    await ana.page.getByRole('button', { name: 'Share' }).click();
    const dialog = ana.page.getByRole('dialog', { name: 'Share this review' });
    await dialog.getByLabel('Name', { exact: true }).fill('Chen Wu');
    await dialog.getByLabel('Role').selectOption('editor');
    await dialog.getByRole('button', { name: 'Invite' }).click();
    const personal = dialog.getByRole('textbox', { name: 'Chen Wu’s personal link' });
    await eventually(() => personal.count()).toBe(1);
    expect(await dialog.getByTestId('personal-link').textContent()).toContain('shown only this once');
    const copy = dialog.getByRole('button', { name: 'Copy Chen Wu’s personal link' });
    // "Copied ✓" stays 2 s: polled from here on a loaded machine it could come and go unseen, so
    // the page notes it as it is shown.
    await copy.evaluate((button) => {
      (window as unknown as { copiedSaid: boolean }).copiedSaid = false;
      new MutationObserver(() => {
        if (button.textContent === 'Copied ✓') (window as unknown as { copiedSaid: boolean }).copiedSaid = true;
      }).observe(button, { childList: true, subtree: true, characterData: true });
    });
    await copy.click();
    await eventually(() => ana.page.evaluate(() => (window as unknown as { copiedSaid: boolean }).copiedSaid)).toBe(true);
    const chenLink = await ana.page.evaluate(() => navigator.clipboard.readText());
    expect(chenLink).toBe(await personal.inputValue());
    expect(await unnamedControls(ana.page)).toEqual([]);

    // Chen opens it in his own browser: no name to give, and the room sees him by the name Ana gave.
    const chen = await joinAsMember(env.browser, chenLink, 'Chen Wu');
    expect(await chen.page.getByLabel('Your name, as the room will see it').count()).toBe(0);
    const chenRow = dialog.getByTestId('member-row').filter({ hasText: 'Chen Wu' });
    await eventually(() => chenRow.getByTestId('member-seen').textContent()).toBe('Here now');
    await saveScreenshot(ana.page, 'share-dialog');
    await ana.page.keyboard.press('Escape');
    await eventually(() => dialog.count()).toBe(0);
    await eventually(() => presence(ana.page, 'Chen Wu, editor, on objectives').count()).toBe(1);

    // Ana removes Chen: his screen says so, naming whom to ask, within seconds; the workspace is gone.
    await ana.page.getByRole('button', { name: 'Share' }).click();
    await dialog.getByRole('button', { name: 'Remove Chen Wu' }).click();
    await dialog.getByRole('button', { name: 'Yes, remove Chen Wu' }).click();
    await eventually(() => chen.page.getByTestId('access-page').count()).toBe(1);
    expect(await accessPage(chen.page)).toEqual({
      title: 'Your access was removed',
      sentence: 'Your access to this review was removed. Ask Ana Diaz or another facilitator if you need it back.',
    });
    expect(await chen.page.getByTestId('connection').count()).toBe(0);
    await eventually(() => chenRow.count()).toBe(0);
    // [U106] Ana's dialog says it was done, where a screen reader hears it, as a role change is said.
    await eventually(() => dialog.getByRole('region', { name: 'Members' }).getByRole('status').textContent()).toBe(
      'Chen Wu is removed: their link no longer works, and any screen of theirs has closed.',
    );
    await saveScreenshot(chen.page, 'access-removed');

    // Rotating the editor link warns that Ben, a guest on it, loses access; then his screen says so too.
    const oldEditorLink = await dialog.getByRole('textbox', { name: 'Editor link' }).inputValue();
    await dialog.getByRole('button', { name: 'Rotate the editor link' }).click();
    expect(await dialog.getByTestId('confirm-step').textContent()).toContain('Ben Okafor is here now');
    await dialog.getByRole('button', { name: 'Yes, rotate the editor link' }).click();
    await eventually(() => ben.page.getByTestId('access-page').count()).toBe(1);
    expect(await accessPage(ben.page)).toEqual({
      title: 'This link was replaced',
      sentence: 'This link was replaced by a new one. Ask Ana Diaz or another facilitator for the new link.',
    });
    const newEditorLink = dialog.getByRole('textbox', { name: 'Editor link' });
    await eventually(() => newEditorLink.inputValue()).not.toBe(oldEditorLink);

    // The new link lets a guest in; she signs out and her screen says she did.
    const dee = await join(env.browser, await newEditorLink.inputValue(), 'Dee Ray');
    await dee.page.getByRole('button', { name: 'Sign out' }).click();
    await eventually(() => dee.page.getByTestId('access-page').count()).toBe(1);
    expect((await accessPage(dee.page)).title).toBe('You are signed out');
    await dee.page.reload();
    await eventually(() => dee.page.getByTestId('access-page').count()).toBe(1);
    expect((await accessPage(dee.page)).title).toBe('You need a link to open this review');

    for (const person of [ana, ben, chen, dee]) await person.context.close();
  });

  it('[A11] the share dialog shows one personal link at a time, the latest made, and once the last member is removed says nobody is invited, not "yet"', async () => {
    const { workspace } = await seededReview(env);
    const ana = await join(env.browser, workspace.links.facilitator!, 'Ana Diaz');
    await ana.page.getByRole('button', { name: 'Share' }).click();
    const dialog = ana.page.getByRole('dialog', { name: 'Share this review' });
    const notices = dialog.getByTestId('personal-link');
    const invite = async (name: string) => {
      await dialog.getByLabel('Name', { exact: true }).fill(name);
      await dialog.getByRole('button', { name: 'Invite' }).click();
      await eventually(() => dialog.getByTestId('member-row').filter({ hasText: name }).count()).toBe(1);
    };
    await invite('Chen Wu');
    await eventually(() => notices.allTextContents()).toEqual([expect.stringContaining('Chen Wu is invited.')]);
    // A new link for Chen replaces the invitation's, which no longer works.
    await dialog.getByRole('button', { name: 'New link for Chen Wu' }).click();
    await dialog.getByRole('button', { name: 'Yes, make a new link' }).click();
    await eventually(() => notices.allTextContents()).toEqual([expect.stringContaining('A new link for Chen Wu; the old one no longer works.')]);
    await invite('Dana Lee');
    await eventually(() => notices.allTextContents()).toEqual([expect.stringContaining('Dana Lee is invited.')]);

    for (const name of ['Chen Wu', 'Dana Lee']) {
      await dialog.getByRole('button', { name: `Remove ${name}` }).click();
      await dialog.getByRole('button', { name: `Yes, remove ${name}` }).click();
      await eventually(() => dialog.getByTestId('member-row').filter({ hasText: name }).count()).toBe(0);
    }
    await eventually(() => dialog.getByRole('region', { name: 'Members' }).textContent()).toContain('Nobody is invited by name.');
    expect(await dialog.getByRole('region', { name: 'Members' }).textContent()).not.toContain('yet');
    await ana.context.close();
  });

  it('[A2] inviting a name a member has, with no email, is refused in the invite form, saying what to do; with an email it is an invitation', async () => {
    const { workspace } = await seededReview(env);
    await inviteOverRest(env.server.url, workspace, 'Maya Lindqvist', 'editor');
    const ana = await join(env.browser, workspace.links.facilitator!, 'Ana Diaz');
    await ana.page.getByRole('button', { name: 'Share' }).click();
    const dialog = ana.page.getByRole('dialog', { name: 'Share this review' });
    await dialog.getByLabel('Name', { exact: true }).fill('Maya Lindqvist');
    await dialog.getByRole('button', { name: 'Invite' }).click();
    await eventually(() => dialog.getByRole('alert').textContent()).toBe(
      'Maya Lindqvist is already a member of this review. To send them their link again, make a new link from the member list; to invite another person of that name, give their email.',
    );
    expect(await dialog.getByRole('textbox', { name: 'Maya Lindqvist’s personal link' }).count()).toBe(0);
    // Their email, which the member list shows under the name, tells the two apart.
    await dialog.getByLabel('Email (optional)').fill('maya.l@example.org');
    await dialog.getByRole('button', { name: 'Invite' }).click();
    await eventually(() => dialog.getByRole('textbox', { name: 'Maya Lindqvist’s personal link' }).count()).toBe(1);
    expect(await dialog.getByRole('alert').count()).toBe(0);
    await ana.context.close();
  });

  it('[A17] a facilitator makes a member a viewer in the share dialog, keeping focus on the menu as the list is read again and after the step: the member’s screen, taking no input meanwhile, opens again read-only, saying who did it, and an editor again likewise, where it was and without a loading page between', async () => {
    const { workspace } = await seededReview(env);
    const ana = await joinAsMember(env.browser, await inviteOverRest(env.server.url, workspace, 'Ana Diaz', 'facilitator'), 'Ana Diaz');
    const chenLink = await inviteOverRest(env.server.url, workspace, 'Chen Wu', 'editor');

    await ana.page.getByRole('button', { name: 'Share' }).click();
    const dialog = ana.page.getByRole('dialog', { name: 'Share this review' });
    const chenRole = dialog.getByRole('combobox', { name: 'Role of Chen Wu' });
    // Her own role is another facilitator's to change: no menu on her row.
    await eventually(() => chenRole.count()).toBe(1);
    expect(await chenRole.inputValue()).toBe('editor');
    expect(await dialog.getByRole('combobox', { name: 'Role of Ana Diaz' }).count()).toBe(0);
    // The open dialog reads the members again as people come and go: Chen arriving is shown, and
    // a facilitator in the middle of the table keeps their place in it.
    const focused = () => ana.page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.tagName);
    await chenRole.focus();
    const chen = await joinAsMember(env.browser, chenLink, 'Chen Wu');
    await eventually(() => dialog.getByTestId('member-row').filter({ hasText: 'Chen Wu' }).filter({ hasText: 'Here now' }).count()).toBe(1);
    expect(await focused()).toBe('Role of Chen Wu');
    const chenTitle = chen.page.getByRole('textbox', { name: 'Milestone title' });
    expect(await chen.page.getByTestId('role').textContent()).toBe('editor');
    expect(await chenTitle.isEditable()).toBe(true);
    // A role picked is asked about first; cancelled, the menu says what Chen still is.
    await chenRole.selectOption('facilitator');
    await dialog.getByTestId('confirm-step').getByRole('button', { name: 'Cancel' }).click();
    expect(await chenRole.inputValue()).toBe('editor');
    // Focus goes back to the menu the step was about, cancelled or done, not to the page's start.
    await eventually(focused).toBe('Role of Chen Wu');
    // Chen's session is held while it is asked again, to see what his screen does meanwhile.
    const held = await holdSession(chen.page, workspace.id);
    await chenTitle.click();
    const titleBefore = await chenTitle.inputValue();
    await chenRole.selectOption('viewer');
    await dialog.getByRole('button', { name: 'Yes, make Chen Wu a viewer' }).click();
    await eventually(() => dialog.getByRole('status').filter({ hasText: 'Chen Wu is now a viewer;' }).count()).toBe(1);
    expect(await chenRole.inputValue()).toBe('viewer');
    await eventually(focused).toBe('Role of Chen Wu');

    // Until the answer, the workspace stays on Chen's screen but takes no input: its connection
    // is closed, so what he typed or switched to there would be refused or lost.
    await held.asked;
    await chen.page.keyboard.type(' (typed while reopening)');
    expect(await chenTitle.inputValue()).toBe(titleBefore);
    const kpisTab = chen.page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'KPIs' });
    const tabBox = (await kpisTab.boundingBox())!;
    await chen.page.mouse.click(tabBox.x + tabBox.width / 2, tabBox.y + tabBox.height / 2);
    await chen.page.keyboard.press('Alt+2');
    await chen.page.keyboard.press('Control+k');
    expect(await kpisTab.getAttribute('aria-current')).toBeNull();
    expect(await chen.page.getByRole('dialog').count()).toBe(0);
    expect(await chen.page.locator('.app').getAttribute('aria-busy')).toBe('true');
    held.answer();

    // Chen's screen opens again as a viewer's, by itself, and says who made him one.
    await eventually(() => chen.page.getByTestId('role').textContent()).toBe('viewer');
    await eventually(() => chen.page.locator('.notice').filter({ hasText: 'Ana Diaz made you a viewer of this review.' }).count()).toBe(1);
    await eventually(() => chen.page.getByTestId('connection').textContent()).toBe('Connected');
    expect(await chenTitle.isEditable()).toBe(false);
    expect(await chen.page.getByTestId('access-page').count()).toBe(0);
    await eventually(() => presence(ana.page, 'Chen Wu, viewer, on objectives').count()).toBe(1);
    await saveScreenshot(chen.page, 'role-changed');

    // Chen is reading the KPIs when he is made an editor: his screen stays on them, and the
    // workspace as it was stays up while it opens again, never giving way to "Opening…".
    await chen.page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'KPIs' }).click();
    await eventually(() => presence(ana.page, 'Chen Wu, viewer, on KPIs').count()).toBe(1);
    await chen.page.evaluate(() => {
      (window as unknown as { openingSeen: boolean }).openingSeen = false;
      new MutationObserver(() => {
        if (document.body.textContent?.includes('Opening the workspace…')) (window as unknown as { openingSeen: boolean }).openingSeen = true;
      }).observe(document.body, { childList: true, subtree: true, characterData: true });
    });
    // A dialog open as the role changes (search, here) closes: a modal one would take input
    // inside the inert workspace.
    const heldAgain = await holdSession(chen.page, workspace.id);
    await chen.page.keyboard.press('Control+k');
    await eventually(() => chen.page.getByRole('dialog', { name: 'Search' }).count()).toBe(1);
    await chenRole.selectOption('editor');
    await dialog.getByRole('button', { name: 'Yes, make Chen Wu an editor' }).click();
    await heldAgain.asked;
    await eventually(() => chen.page.getByRole('dialog').count()).toBe(0);
    heldAgain.answer();
    await eventually(() => chen.page.getByTestId('role').textContent()).toBe('editor');
    await eventually(() => chen.page.getByTestId('connection').textContent()).toBe('Connected');
    expect(await chen.page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'KPIs' }).getAttribute('aria-current')).toBe('page');
    await eventually(() => presence(ana.page, 'Chen Wu, editor, on KPIs').count()).toBe(1);
    expect(await chen.page.evaluate(() => (window as unknown as { openingSeen: boolean }).openingSeen)).toBe(false);
    await chen.page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Objectives' }).click();
    await eventually(() => chenTitle.isEditable()).toBe(true);
    for (const person of [ana, chen]) await person.context.close();
  });

  it('[A19] an editor made a viewer while away keeps the edits they made offline, told they cannot be saved, and they sync once an editor again', async () => {
    const { workspace, ids } = await seededReview(env);
    const chen = await joinAsMember(env.browser, await inviteOverRest(env.server.url, workspace, 'Chen Wu', 'editor'), 'Chen Wu');
    const colleague = await connectSynced(env.server.wsUrl, workspace.id, workspace.tokens.editor);
    // The e2e files share one process: a client left behind by a failure would reconnect for ever.
    onTestFinished(() => colleague.destroy());
    const chenTitle = chen.page.getByRole('textbox', { name: 'Milestone title' });
    const connection = chen.page.getByTestId('connection');
    const refused = chen.page.getByTestId('changes-refused');

    await chen.context.setOffline(true);
    await eventually(() => connection.textContent()).toContain('Offline');
    await chenTitle.click();
    await chenTitle.press('End');
    await chenTitle.pressSequentially(' (beta)');
    await eventually(() => connection.textContent()).toBe('Offline · 1 edit waiting to sync');

    // Meanwhile a facilitator makes Chen a viewer; his screen hears of it as it comes back.
    const chenId = await memberId(env.server.url, workspace, 'Chen Wu');
    await changeRoleOverRest(env.server.url, workspace, chenId, 'viewer');
    await chen.context.setOffline(false);
    await eventually(() => chen.page.getByTestId('role').textContent(), 10_000).toBe('viewer');
    await eventually(() => refused.count(), 10_000).toBe(1);
    expect(await refused.textContent()).toContain(
      'You can only view this review now, so the edit made in this browser that had not reached the server cannot be saved.',
    );
    // Trying again cannot help a viewer; keeping the copy and discarding it can.
    expect(await refused.getByRole('button').allTextContents()).toEqual(['Download this browser’s copy', 'Discard this browser’s changes']);
    await eventually(() => connection.textContent()).toBe('Connected');
    expect(await chenTitle.inputValue()).toBe('Usage export API (beta)');
    expect(nodeTitle(colleague.doc, ids.milestone)).toBe('Usage export API');
    // The review goes on live on his screen.
    colleague.doc.getMap<Y.Map<unknown>>('nodes').get(ids.milestone)!.set('owner', 'Ravi Patel');
    await eventually(() => chen.page.getByLabel('Owner of Usage export API (beta)', { exact: true }).inputValue()).toBe('Ravi Patel');
    // A round trip later, what Chen's screen sent in its handshake still never reached anyone.
    expect(nodeTitle(colleague.doc, ids.milestone)).toBe('Usage export API');
    await saveScreenshot(chen.page, 'viewer-unsaved-edits');

    // An editor again, his screen sends what it kept: nothing was lost.
    await changeRoleOverRest(env.server.url, workspace, chenId, 'editor');
    await eventually(() => chen.page.getByTestId('role').textContent(), 10_000).toBe('editor');
    await eventually(() => nodeTitle(colleague.doc, ids.milestone), 10_000).toBe('Usage export API (beta)');
    expect(await refused.count()).toBe(0);
    await chen.context.close();
  });

  it('[A19] an editor made a viewer with an owner typed and not yet committed keeps it, told it cannot be saved; the screen reopening says so, not "Connection lost"', async () => {
    const { workspace, ids } = await seededReview(env);
    const chen = await joinAsMember(env.browser, await inviteOverRest(env.server.url, workspace, 'Chen Wu', 'editor'), 'Chen Wu');
    const colleague = await connectSynced(env.server.wsUrl, workspace.id, workspace.tokens.editor);
    onTestFinished(() => colleague.destroy());
    const owner = chen.page.getByLabel('Owner of Usage export API', { exact: true });
    const connection = chen.page.getByTestId('connection');
    const refused = chen.page.getByTestId('changes-refused');
    // Chen types an owner and has not left the field: nothing is committed yet.
    await owner.fill('Ravi Patel');
    const held = await holdSession(chen.page, workspace.id);
    await changeRoleOverRest(env.server.url, workspace, await memberId(env.server.url, workspace, 'Chen Wu'), 'viewer');
    await held.asked;
    // The screen, taking no input, leaves the field, which commits the owner on a closed socket.
    // Meanwhile it says it is opening again, never that the connection is lost.
    await eventually(() => connection.textContent()).toBe('Opening again…');
    expect(await chen.page.getByTestId('connection-lost').count()).toBe(0);
    held.answer();
    await eventually(() => chen.page.getByTestId('role').textContent()).toBe('viewer');
    // A viewer's screen cannot send the owner: it is told so, and offered to keep it.
    await eventually(() => refused.count()).toBe(1);
    expect(await refused.textContent()).toContain(
      'You can only view this review now, so the edit made in this browser that had not reached the server cannot be saved.',
    );
    expect(await refused.getByRole('button').allTextContents()).toEqual(['Download this browser’s copy', 'Discard this browser’s changes']);
    expect(await owner.inputValue()).toBe('Ravi Patel');
    await eventually(() => connection.textContent()).toBe('Connected');
    expect(colleague.doc.getMap<Y.Map<unknown>>('nodes').get(ids.milestone)!.get('owner')).not.toBe('Ravi Patel');
    await chen.context.close();
  });

  it('[A9] signing out leaves nothing in the browser even when the session check, between the sign-out and its answer, read as an expired session', async () => {
    const { workspace } = await seededReview(env);
    const dee = await newParticipant(env.browser, 'Dee Ray');
    // The socket drops as the session ends (a proxy going away), so the client asks whether its
    // session still stands, and hears of a session it does not know: an idle one swept, or this one.
    await dee.context.routeWebSocket(/\/ws\//, (page) => {
      const server = page.connectToServer();
      server.onClose(() => page.close({ code: 1001, reason: 'Going away' }));
    });
    // The sign-out reaches the server at once, but its answer (clearing the cookie) reaches the
    // page only once that check has ended access as "expired". Sent from here, not through the
    // context, whose cookie jar would take the answer's cookie at once.
    let releaseSignOut!: () => void;
    const checked = new Promise<void>((resolve) => (releaseSignOut = resolve));
    await dee.page.route(`**/api/session/${workspace.id}`, async (route) => {
      const request = route.request();
      if (request.method() !== 'DELETE') return route.continue();
      const headers = Object.fromEntries(Object.entries(await request.allHeaders()).filter(([name]) => !['host', 'connection', 'content-length'].includes(name)));
      const answer = await fetch(request.url(), { method: 'DELETE', headers });
      await checked;
      await route.fulfill({
        status: answer.status,
        headers: { ...Object.fromEntries(answer.headers), 'set-cookie': answer.headers.getSetCookie().join('\n') },
        body: Buffer.from(await answer.arrayBuffer()),
      });
    });
    await dee.page.goto(workspace.links.editor!);
    await typeName(dee.page, 'Dee Ray');
    const databases = () => dee.page.evaluate(async () => (await indexedDB.databases()).map((database) => database.name));
    await eventually(databases).toContain(`throughline:${workspace.id}`);

    await dee.page.getByRole('button', { name: 'Sign out' }).click();
    await eventually(() => dee.page.getByTestId('access-page').count()).toBe(1);
    expect((await accessPage(dee.page)).title).toBe('Your session ended');
    releaseSignOut();
    await eventually(async () => (await accessPage(dee.page)).title).toBe('You are signed out');
    await eventually(databases).not.toContain(`throughline:${workspace.id}`);
    await dee.context.close();
  });

  it('[A10] a forged or missing link shows a page a person understands; pasting a good link into that tab opens the review', async () => {
    const { workspace } = await seededReview(env);
    const eve = await newParticipant(env.browser, 'Eve Stone');
    await eve.page.goto(`${env.server.url}/w/${workspace.id}#token=${'forged'.repeat(8)}`);
    await eventually(() => eve.page.getByTestId('access-page').count()).toBe(1);
    const forged = await accessPage(eve.page);
    expect(forged.title).toBe('This link doesn’t work');
    expect(forged.sentence).toMatch(/cut short when it was copied, or mistyped/);
    expect(await eve.page.getByTestId('access-page').textContent()).not.toMatch(/bearer|authorization/i);
    await saveScreenshot(eve.page, 'forged-link');

    // Only the fragment changes, so the page does not reload: the tab takes the new token in place.
    await eve.page.evaluate(() => ((window as unknown as { sameTab: boolean }).sameTab = true));
    await eve.page.goto(workspace.links.editor!);
    await typeName(eve.page, 'Eve Stone');
    expect(await eve.page.evaluate(() => (window as unknown as { sameTab?: boolean }).sameTab)).toBe(true);
    expect(eve.page.url()).toBe(`${env.server.url}/w/${workspace.id}`);

    // No link and no session: the page says what is needed.
    const stranger = await newParticipant(env.browser, 'Stranger');
    await stranger.page.goto(`${env.server.url}/w/${workspace.id}`);
    await eventually(() => stranger.page.getByTestId('access-page').count()).toBe(1);
    expect((await accessPage(stranger.page)).title).toBe('You need a link to open this review');
    await eve.context.close();
    await stranger.context.close();
  });
});
