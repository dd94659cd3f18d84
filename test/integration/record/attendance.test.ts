import { describe, expect, it } from 'vitest';
import { endMeeting, startMeeting } from '../../../shared/schema/meeting';
import { unwrap } from '../../../shared/schema/op-result';
import type { Client } from '../support/clients';
import { connectSynced, waitFor } from '../support/clients';
import { useWorkspace } from '../support/fixture';
import { invite } from '../support/people';
import { storedJson } from '../support/triage';

describe('the attendance register: who was present while a meeting ran (SPEC M21)', () => {
  const fixture = useWorkspace();
  const api = (path: string) =>
    fetch(`${fixture.server.url}/api/workspaces/${fixture.workspace.id}${path}`, { headers: { authorization: `Bearer ${fixture.workspace.tokens.viewer}` } });
  const present = async (role: 'facilitator' | 'editor' | 'viewer', name: string): Promise<Client> => {
    const client = await fixture.connect(role);
    client.provider.awareness.setLocalState({ user: { name }, view: 'agenda' });
    return client;
  };
  const registered = async () => [...new Set(Object.values((await storedJson(fixture)).attendance ?? {}).map((entry) => entry.name))].sort();

  it('[M21][M6] the minutes list everyone present while it ran, by role, the silent and the viewers too, and nobody who left before it started', async () => {
    const { token } = await invite(fixture.server.url, fixture.workspace.id, { token: fixture.workspace.tokens.facilitator }, { name: 'Ana Diaz', role: 'editor' });
    const facilitator = await present('facilitator', 'Fran');
    // Present the whole meeting and never does anything the log records.
    await present('editor', 'Dana Silent');
    await present('viewer', 'Sam Watching');
    // A member's client claims another name; the register has the one the server knows (A3).
    const ana = await connectSynced(fixture.server.wsUrl, fixture.workspace.id, token);
    ana.provider.awareness.setLocalState({ user: { name: 'Somebody Else' } });
    const early = await present('editor', 'Early Leaver');
    await waitFor('the early leaver to be seen', () => facilitator.provider.awareness.getStates().has(early.doc.clientID));
    early.destroy();
    await waitFor('the early leaver to be gone', () => !facilitator.provider.awareness.getStates().has(early.doc.clientID));
    await waitFor('everyone else to be seen', () => facilitator.provider.awareness.getStates().size === 4);
    // Nothing is registered while no meeting runs.
    expect(await registered()).toEqual([]);

    unwrap(startMeeting(facilitator.doc, { by: 'Fran', now: new Date() }));
    await waitFor('those present at the start to be registered', async () => (await registered()).length === 4);
    expect(await registered()).toEqual(['Ana Diaz', 'Dana Silent', 'Fran', 'Sam Watching']);
    expect(Object.values((await storedJson(fixture)).attendance!).find((entry) => entry.name === 'Ana Diaz')).toMatchObject({ role: 'editor', guest: false });

    // Someone who joins while it runs and leaves before it ends attended too.
    const late = await present('viewer', 'Lee Late');
    await waitFor('the latecomer to be registered', async () => (await registered()).includes('Lee Late'));
    late.destroy();
    unwrap(endMeeting(facilitator.doc, { by: 'Fran', now: new Date() }));
    await waitFor('the meeting to end', async () => (await storedJson(fixture)).meeting?.status === 'ended');

    const minutes = await (await api('/export?format=md')).text();
    // Each by the role they were present with: Fran, on the shared facilitator link, ran the meeting.
    expect(minutes).toContain(
      '## Attended\n\n- Ana Diaz (editor)\n- Dana Silent (editor)\n- Fran (facilitator)\n- Lee Late (viewer)\n- Sam Watching (viewer)\n\nJoined on a shared link, under the name they typed: Dana Silent, Fran, Lee Late, Sam Watching.\n\n',
    );
    expect(minutes).not.toContain('Early Leaver');
    expect(minutes).not.toContain('Somebody Else');

    // The next meeting starts from those present then: the latecomer has gone.
    unwrap(startMeeting(facilitator.doc, { by: 'Fran', now: new Date() }));
    await waitFor('the next meeting to register those present', async () => (await api('/export?format=md').then((r) => r.text())).includes('- Sam Watching (viewer)\n\n'));
    expect(await (await api('/export?format=md')).text()).not.toContain('Lee Late');
    ana.destroy();
  });
});
