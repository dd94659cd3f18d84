import { readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { spawnServer, type ChildServer } from '../support/child-server';
import { tempDataDir } from '../support/test-server';

describe('first start of npm start’s server', () => {
  const dataDir = tempDataDir();
  let child: ChildServer | undefined;
  afterEach(async () => {
    child?.process.kill('SIGTERM');
    await child?.exited;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('[A7] generates and keeps an admin token, creates the demo once and prints the admin link and the demo’s three role links', async () => {
    // No THROUGHLINE_ADMIN_TOKEN and the demo on, as a newcomer would run it.
    child = await spawnServer(dataDir, 0, { THROUGHLINE_ADMIN_TOKEN: '', THROUGHLINE_DEMO: 'on' });
    await waitForBanner(child);
    const admin = /#admin=(\S+)/.exec(child.output())![1]!;
    expect(readFileSync(join(dataDir, 'admin-token'), 'utf8').trim()).toBe(admin);
    expect(statSync(join(dataDir, 'admin-token')).mode & 0o777).toBe(0o600);
    const links = Object.fromEntries(
      ['facilitator', 'editor', 'viewer'].map((role) => [role, new RegExp(`${role}: +(http://127\\.0\\.0\\.1:\\d+/w/[\\w-]+#token=\\S+)`).exec(child!.output())?.[1]]),
    );
    expect(Object.values(links).every(Boolean), child.output()).toBe(true);
    expect(new Set(Object.values(links)).size).toBe(3);
    for (const [role, link] of Object.entries(links)) {
      const url = new URL(link!);
      const token = new URLSearchParams(url.hash.slice(1)).get('token')!;
      const session = await fetch(`${child.url}/api/session`, {
        method: 'POST',
        headers: { origin: child.url, 'content-type': 'application/json' },
        body: JSON.stringify({ token }),
      });
      expect(((await session.json()) as { role: string }).role).toBe(role);
    }

    const list = async (url: string) =>
      ((await (await fetch(`${url}/api/workspaces`, { headers: { authorization: `Bearer ${admin}` } })).json()) as { workspaces: unknown[] }).workspaces;
    expect(await list(child.url)).toHaveLength(1);

    child.process.kill('SIGTERM');
    expect(await child.exited).toBe(0);
    child = await spawnServer(dataDir, 0, { THROUGHLINE_ADMIN_TOKEN: '', THROUGHLINE_DEMO: 'on' });
    await waitForBanner(child);
    expect(child.output()).toContain(`#admin=${admin}`);
    expect(child.output()).not.toMatch(/demo review/);
    expect(await list(child.url)).toHaveLength(1);
  });
});

async function waitForBanner(child: ChildServer): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!/admin:/.test(child.output())) {
    if (Date.now() > deadline) throw new Error(`no banner:\n${child.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
