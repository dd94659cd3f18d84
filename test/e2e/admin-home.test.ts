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
    await eventually(() => page.locator('main').innerText(), 5_000).toContain('This admin link was refused');
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
    await eventually(() => page.locator('main').innerText(), 5_000).toContain('Throughline can’t be reached');
    expect(await page.getByText('No workspaces yet').count()).toBe(0);
    await problem.getByRole('button', { name: 'Try again' }).click();
    await eventually(() => page.getByRole('button', { name: 'Open Q2 operating review as facilitator' }).count()).toBe(1);
    expect(await problem.count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Create workspace' }).count()).toBe(1);
    await context.close();
  });
});
