import { describe, expect, it } from 'vitest';
import { useServerAndBrowser } from './support/browser';
import { newParticipant } from './support/join';
import { eventually } from './support/poll';
import { ADMIN_TOKEN, createWorkspace } from '../integration/support/test-server';

describe('the admin page', () => {
  const env = useServerAndBrowser();

  it('[U58] a refused admin token is said to be refused, with where the link comes from, never as "No workspaces yet"', async () => {
    const { context, page } = await newParticipant(env.browser, 'Admin Ada');
    await page.goto(`${env.server.url}/#admin=not-the-admin-token`);
    const problem = page.getByTestId('admin-problem');
    // Read as the page reads, so a failure shows what the admin was told instead.
    await eventually(() => page.locator('main').innerText()).toContain('This admin link was refused');
    expect(await problem.textContent()).toContain('THROUGHLINE_ADMIN_TOKEN');
    expect(await page.getByRole('alert').filter({ hasText: 'This admin link was refused' }).count()).toBe(1);
    expect(await page.getByText('No workspaces yet').count()).toBe(0);
    // Creating would be refused the same way: the form is not offered.
    expect(await page.getByRole('button', { name: 'Create workspace' }).count()).toBe(0);
    expect(await problem.getByRole('button', { name: 'Try again' }).count()).toBe(0);

    // A workspace's facilitator token is not the admin's either (403).
    const workspace = await createWorkspace(env.server.url, 'Q1 operating review');
    await page.goto(`${env.server.url}/#admin=${workspace.tokens.facilitator}`);
    await page.reload();
    await eventually(() => problem.getByRole('heading').textContent()).toBe('This admin link was refused');
    await context.close();
  });

  it('[U58] a server out of reach is said to be, and "Try again" lists the workspaces once it answers', async () => {
    const { context, page } = await newParticipant(env.browser, 'Admin Ada');
    await createWorkspace(env.server.url, 'Q2 operating review');
    // The first listing fails as a refused connection does; the next one reaches the server.
    await page.route('**/api/workspaces', (route) => route.abort('connectionrefused'), { times: 1 });
    await page.goto(`${env.server.url}/#admin=${ADMIN_TOKEN}`);
    const problem = page.getByTestId('admin-problem');
    await eventually(() => page.locator('main').innerText()).toContain('Throughline can’t be reached');
    expect(await page.getByText('No workspaces yet').count()).toBe(0);
    await problem.getByRole('button', { name: 'Try again' }).click();
    await eventually(() => page.getByRole('button', { name: 'Open Q2 operating review as facilitator' }).count()).toBe(1);
    expect(await problem.count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Create workspace' }).count()).toBe(1);
    await context.close();
  });

  it('[U60] two workspaces with one title are told apart: each row says when it was created and changed, and each control names its own', async () => {
    const older = await createWorkspace(env.server.url, 'Weekly review');
    const newer = await createWorkspace(env.server.url, 'Weekly review');
    const { context, page } = await newParticipant(env.browser, 'Admin Ada');
    await page.goto(`${env.server.url}/#admin=${ADMIN_TOKEN}`);
    const row = (id: string) => page.locator(`[data-testid="workspace"][data-id="${id}"]`);
    await row(newer.id).waitFor();
    const details = await Promise.all([older, newer].map((workspace) => row(workspace.id).getByTestId('workspace-detail').textContent()));
    for (const detail of details) expect(detail).toMatch(/^In review · created .+ · changed just now/);
    expect(details[0]).not.toBe(details[1]);
    const openNames = await Promise.all([older, newer].map((workspace) => row(workspace.id).getByRole('button', { name: /^Open / }).getAttribute('aria-label')));
    expect(openNames[0]).not.toBe(openNames[1]);
    for (const name of openNames) expect(name).toMatch(/^Open Weekly review \(.+\) as facilitator$/);
    // Each name is one control: the newer one's Open opens the newer one, not whichever is first.
    expect(await page.getByRole('button', { name: openNames[1]!, exact: true }).count()).toBe(1);
    await page.getByRole('button', { name: openNames[1]!, exact: true }).click();
    await eventually(() => new URL(page.url()).pathname).toBe(`/w/${newer.id}`);
    await context.close();
  });
});
