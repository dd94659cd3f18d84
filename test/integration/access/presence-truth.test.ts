import { describe, expect, it } from 'vitest';
import { connectSynced, waitFor } from '../support/clients';
import { useWorkspace } from '../support/fixture';
import { invite } from '../support/people';
import { sendPresence } from '../support/raw-socket';

type Shown = { user?: { name?: string; role?: string; memberId?: string; guest?: boolean; color?: string; id?: string }; view?: string };

describe('truthful presence', () => {
  const room = useWorkspace();

  it('[A3] a member’s presence carries the name and role the server knows, whatever the client claims', async () => {
    const { url, wsUrl } = room.server;
    const id = room.workspace.id;
    const { member, token } = await invite(url, id, { token: room.workspace.tokens.facilitator }, { name: 'Ana Diaz', role: 'editor' });
    const ana = await connectSynced(wsUrl, id, token);
    const watcher = await room.connect('viewer');
    try {
      // Ana's client claims to be the facilitator, under another name and someone else's member id.
      ana.provider.awareness.setLocalState({
        user: { id: 'ana-device', name: 'Maya Lindqvist', color: '#123456', role: 'facilitator', memberId: 'm_someone', guest: true },
        view: 'agenda',
      });
      const seen = () => watcher.provider.awareness.getStates().get(ana.doc.clientID) as Shown | undefined;
      await waitFor('the watcher to see Ana', () => seen()?.view === 'agenda');
      expect(seen()).toEqual({
        user: { id: 'ana-device', name: 'Ana Diaz', color: '#123456', role: 'editor', memberId: member.id, guest: false },
        view: 'agenda',
      });
      // A newcomer gets the same from the room's snapshot.
      const late = await room.connect('viewer');
      await waitFor('the newcomer to see Ana', () => late.provider.awareness.getStates().has(ana.doc.clientID));
      expect((late.provider.awareness.getStates().get(ana.doc.clientID) as Shown).user?.name).toBe('Ana Diaz');

      // A state without a user still names her.
      ana.provider.awareness.setLocalState({ view: 'kpis' });
      await waitFor('Ana’s next state', () => seen()?.view === 'kpis');
      expect(seen()?.user).toEqual({ name: 'Ana Diaz', role: 'editor', memberId: member.id, guest: false });
    } finally {
      ana.destroy();
    }
  });

  it('[A3] a guest on a shared link keeps the name they typed, with the link’s role, marked as a guest, and claims no member', async () => {
    const watcher = await room.connect('viewer');
    const guest = await room.socket('viewer');
    sendPresence(guest, 9001, 1, { user: { id: 'g', name: 'Sam Typed', color: '#abcdef', role: 'facilitator', memberId: 'm_forged', guest: false }, view: 'tree' });
    await waitFor('the guest to appear', () => watcher.provider.awareness.getStates().has(9001));
    expect(watcher.provider.awareness.getStates().get(9001)).toEqual({
      user: { id: 'g', name: 'Sam Typed', color: '#abcdef', role: 'viewer', guest: true },
      view: 'tree',
    });
  });
});
