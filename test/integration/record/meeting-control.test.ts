import { describe, expect, it } from 'vitest';
import { endMeeting, readMeeting, startMeeting } from '../../../shared/schema/meeting';
import { unwrap } from '../../../shared/schema/op-result';
import { waitFor } from '../support/clients';
import { useWorkspace } from '../support/fixture';

describe('only a facilitator starts and ends a meeting (SPEC A21)', () => {
  const fixture = useWorkspace();
  const snapshots = async (): Promise<unknown[]> => {
    const answer = await fetch(`${fixture.server.url}/api/workspaces/${fixture.workspace.id}/snapshots`, {
      headers: { authorization: `Bearer ${fixture.workspace.tokens.viewer}` },
    });
    return ((await answer.json()) as { snapshots: unknown[] }).snapshots;
  };

  it('[A21][M2] an editor’s stock client ending and restarting the meeting over and over changes nothing and records nothing; the facilitator’s end is recorded once', async () => {
    const facilitator = await fixture.connect('facilitator');
    const editor = await fixture.connect('editor');
    unwrap(startMeeting(facilitator.doc, { by: 'Fran', now: new Date() }));
    const started = readMeeting(facilitator.doc);
    await waitFor('the editor to see the meeting running', () => readMeeting(editor.doc).status === 'running');

    const meeting = editor.doc.getMap('meeting');
    for (let i = 0; i < 20; i++) {
      meeting.set('status', 'ended');
      meeting.set('endedAt', new Date().toISOString());
      meeting.set('status', 'running');
      meeting.set('startedAt', new Date(Date.now() + i).toISOString());
    }
    meeting.set('status', 'ended');
    // Sent after every write above on the same socket: once the facilitator has it, they have all.
    editor.doc.getMap('meta').set('title', 'Fenced');
    await waitFor('the facilitator to have every write of the editor', () => facilitator.doc.getMap('meta').get('title') === 'Fenced');
    expect(readMeeting(facilitator.doc)).toMatchObject({ status: 'running', startedAt: started.startedAt, endedAt: null });
    // The editor's own screen is put back too.
    await waitFor('the editor to see the meeting running again', () => readMeeting(editor.doc).status === 'running');
    expect(readMeeting(editor.doc)).toMatchObject({ startedAt: started.startedAt, endedAt: null });
    expect(await snapshots()).toEqual([]);

    // What was stored reads the same after a restart.
    facilitator.destroy();
    editor.destroy();
    await fixture.server.restart();
    const fran = await fixture.connect('facilitator');
    const dana = await fixture.connect('editor');
    expect(readMeeting(fran.doc)).toMatchObject({ status: 'running', startedAt: started.startedAt, endedAt: null });

    unwrap(endMeeting(fran.doc, { by: 'Fran', now: new Date() }));
    await waitFor('the end to be recorded', async () => (await snapshots()).length === 1);
    await waitFor('the editor to see the meeting ended', () => readMeeting(dana.doc).status === 'ended');
  });
});
