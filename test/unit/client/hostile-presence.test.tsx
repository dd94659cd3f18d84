import { cleanup, render } from '@solidjs/testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { applyAwarenessUpdate, Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { readPeers, type Peer } from '../../../client/sync/awareness-state';
import { Avatar } from '../../../client/views/common/Avatar';

/** `{toString: 1}`: `String()`, template literals and a property lookup by it throw. */
const unconvertible = () => JSON.parse('{"toString": 1}') as object;

/**
 * The peers a screen reads once `state` reached it from another connection. The server rewrites
 * only `user`'s role and guest flag, and a member's name (A3); a guest's name, `id` and `color`,
 * and every field outside `user`, reach every screen as the sender wrote them.
 */
function peersAfter(state: Record<string, unknown>): Peer[] {
  const sender = new Awareness(new Y.Doc());
  sender.setLocalState(state);
  const screen = new Awareness(new Y.Doc());
  applyAwarenessUpdate(screen, encodeAwarenessUpdate(sender, [sender.clientID]), 'relay');
  const peers = readPeers(screen).filter((peer) => !peer.local);
  sender.destroy();
  screen.destroy();
  return peers;
}

describe('presence another connection sent (SPEC H21)', () => {
  afterEach(cleanup);

  it('[H21] of the wrong types is read as what a screen can show, and the avatar renders', () => {
    const [peer] = peersAfter({
      user: { name: 'Mallory', color: unconvertible(), id: 7, role: 'viewer', guest: true, memberId: ['m'] },
      view: unconvertible(),
      selection: [1],
      editing: unconvertible(),
      since: 'first',
      screen: 'yes',
      summon: { view: 'nowhere', selection: 5, at: 'soon' },
      offlineEdits: 'many',
    });
    expect(peer).toMatchObject({
      user: { name: 'Mallory', role: 'viewer', guest: true },
      view: 'tree',
      selection: null,
      editing: null,
      summon: null,
    });
    expect(typeof peer!.user.color).toBe('string');
    expect(typeof peer!.user.id).toBe('string');
    expect(peer!.user.memberId).toBeUndefined();
    expect(peer!.since).toBeUndefined();
    expect(peer!.screen).toBeUndefined();
    expect(peer!.offlineEdits).toBeUndefined();
    // The people list and every "is editing this" badge render this avatar: a colour no text
    // can be made of threw there ("Cannot convert object to primitive value"), for everyone.
    const screen = render(() => <Avatar peer={peer!} suffix=" is editing this" />);
    expect(screen.getByRole('img').getAttribute('aria-label')).toBe('Mallory is editing this');
  });

  it('[H21] names no view or role that is not one, nor one inherited from Object', () => {
    const [peer] = peersAfter({ user: { name: 'Mallory', color: '#2563eb', id: 'p-1', role: 'admin' }, view: 'constructor', summon: { view: 'agenda', selection: 'item-1', at: 5 } });
    expect(peer).toMatchObject({ user: { role: 'viewer' }, view: 'tree', summon: { view: 'agenda', selection: 'item-1', at: 5 } });
  });

  it('[H21] brings nobody anywhere by a summons to a view that is not one, and paints no avatar in a colour that is not one', () => {
    // A facilitator's tab of another release, or a hostile one: every screen moved to the objectives.
    const [peer] = peersAfter({ user: { name: 'Mallory', color: 'white', id: 'p-1', role: 'facilitator' }, view: 'agenda', summon: { view: 'nowhere', selection: 'n1', at: 5 } });
    expect(peer).toMatchObject({ view: 'agenda', summon: null });
    // White initials on no background: invisible in the white bar.
    expect(peer!.user.color).toBe('#475569');
  });

  it('[H21] keeps a well-formed state as it was sent', () => {
    const state = {
      user: { id: 'p-ana', name: 'Ana', color: '#2563eb', role: 'facilitator', memberId: 'm-1', guest: false },
      view: 'agenda',
      selection: 'item-1',
      editing: 'item-1',
      since: 1_700_000_000_000,
      summon: { view: 'agenda', selection: null, at: 1_700_000_000_500 },
      offlineEdits: [{ edit: { root: 'nodes', entry: 'n1', field: 'owner' }, client: 9, at: 1_700_000_000_100 }],
    };
    expect(peersAfter(state)).toEqual([{ ...state, clientId: expect.any(Number), local: false }]);
  });
});
