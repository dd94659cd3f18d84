import { describe, expect, it } from 'vitest';
import { connectSynced } from '../integration/support/clients';
import { createWorkspace } from '../integration/support/test-server';
import { eventually } from './support/poll';
import { saveScreenshot, useServerAndBrowser } from './support/browser';
import { join } from './support/join';

describe('the client in Chromium', () => {
  const env = useServerAndBrowser();

  it('opens a workspace link, hides its token, remembers the name and shows the title live', async () => {
    const workspace = await createWorkspace(env.server.url, 'Q4 operating review');
    const { context, page } = await join(env.browser, workspace.links.editor!, 'Ana Diaz');
    await eventually(() => page.getByTestId('workspace-title').textContent()).toBe('Q4 operating review');
    expect(page.url()).toBe(`${env.server.url}/w/${workspace.id}`);

    const colleague = await connectSynced(env.server.wsUrl, workspace.id, workspace.tokens.facilitator);
    colleague.doc.getMap('meta').set('title', 'Q4 operating review (final)');
    await eventually(() => page.getByTestId('workspace-title').textContent()).toBe('Q4 operating review (final)');
    await saveScreenshot(page, 'workspace-title');

    // The cookie and the name are kept: opening the workspace again without a token goes straight in.
    await page.goto(`${env.server.url}/w/${workspace.id}`);
    await eventually(() => page.getByTestId('workspace-title').textContent()).toBe('Q4 operating review (final)');
    expect(await page.getByLabel('Your name, as the room will see it').count()).toBe(0);
    colleague.destroy();
    await context.close();
  });
});
