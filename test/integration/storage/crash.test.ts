import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { spawnServer, type ChildServer } from '../support/child-server';
import { connectSynced, waitFor, type Client } from '../support/clients';
import { createWorkspace, tempDataDir } from '../support/test-server';

describe('crash durability', () => {
  const dataDir = tempDataDir();
  let child: ChildServer | undefined;
  const clients: Client[] = [];

  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    child?.process.kill('SIGKILL');
    await child?.exited;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('after SIGKILL mid-stream, every edit another client had received is still there', async () => {
    child = await spawnServer(dataDir);
    const wsUrl = `${child.url.replace('http', 'ws')}/ws`;
    const workspace = await createWorkspace(child.url, 'Crash review');
    const writers = [
      await connectSynced(wsUrl, workspace.id, workspace.tokens.editor),
      await connectSynced(wsUrl, workspace.id, workspace.tokens.editor),
    ];
    const observer = await connectSynced(wsUrl, workspace.id, workspace.tokens.viewer);
    clients.push(...writers, observer);

    let written = 0;
    const stream = setInterval(() => {
      for (const [w, writer] of writers.entries()) {
        for (let burst = 0; burst < 3; burst++) writer.doc.getMap('edits').set(`w${w}-${written}-${burst}`, written);
      }
      written++;
    }, 2);
    await waitFor('a stream of edits to reach the observer', () => observer.doc.getMap('edits').size > 300);
    child.process.kill('SIGKILL');
    await child.exited;
    clearInterval(stream);

    // What the observer holds came from the server before it died. Stop every client before
    // the restart, so none of them can resend what the server may have lost.
    const seen = [...observer.doc.getMap('edits').keys()];
    for (const client of clients.splice(0)) client.destroy();

    // A fresh port: in the seconds a new process takes to start, another test file running in
    // parallel may have been given the old one.
    child = await spawnServer(dataDir);
    const fresh = await connectSynced(`${child.url.replace('http', 'ws')}/ws`, workspace.id, workspace.tokens.viewer);
    clients.push(fresh);
    const recovered = fresh.doc.getMap('edits');
    const lost = seen.filter((key) => !recovered.has(key));
    expect(lost).toEqual([]);
  });
});
