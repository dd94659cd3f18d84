import { createRoot } from 'solid-js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { applyAwarenessUpdate, Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { Identity } from '../../../client/state/identity';
import { createPresence, type Presence } from '../../../client/state/presence';

/**
 * Screens in one room: each has its own awareness, and every change one makes reaches the others
 * as the relay would pass it on.
 */
function room() {
  const screens: { awareness: Awareness; presence: Presence; dispose: () => void }[] = [];
  const awarenesses: Awareness[] = [];
  const join = (identity: Identity, screen = false) => {
    const awareness = new Awareness(new Y.Doc());
    for (const other of awarenesses) {
      // Who is here already, as a newcomer's first sync brings it.
      applyAwarenessUpdate(awareness, encodeAwarenessUpdate(other, [...other.getStates().keys()]), 'relay');
    }
    awareness.on('update', ({ added, updated, removed }: Record<string, number[]>, origin: unknown) => {
      if (origin === 'relay') return;
      const update = encodeAwarenessUpdate(awareness, [...added!, ...updated!, ...removed!]);
      for (const other of awarenesses) if (other !== awareness) applyAwarenessUpdate(other, update, 'relay');
    });
    // In the room before its presence starts: what it says on arriving reaches everyone.
    awarenesses.push(awareness);
    const joined = createRoot((dispose) => ({ awareness, presence: createPresence(awareness, identity, 'editor', screen), dispose }));
    screens.push(joined);
    return joined;
  };
  /** Each person's colour as `seenBy` shows it. */
  const colours = (seenBy: Presence) => Object.fromEntries(seenBy.people().map((peer) => [peer.user.name, peer.user.color]));
  return { join, colours, screens };
}

const person = (id: string, name: string, color: string): Identity => ({ id, name, color, memberId: null });

describe('colours of the people here (SPEC U48)', () => {
  afterEach(() => vi.useRealTimers());

  it('gives a newcomer whose colour is taken the next free one, the same on every screen, and recolours nobody already here', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { join, colours, screens } = room();
    const ana = join(person('p-ana', 'Ana', '#2563eb'));
    vi.advanceTimersByTime(1_000);
    const ben = join(person('p-ben', 'Ben', '#2563eb'));
    vi.advanceTimersByTime(1_000);
    // Cy's own colour is the one Ben moved to: Cy moves on, Ben keeps it.
    const cy = join(person('p-cy', 'Cy', '#7c3aed'));
    const expected = { Ana: '#2563eb', Ben: '#7c3aed', Cy: '#db2777' };
    for (const screen of [ana, ben, cy]) expect(colours(screen.presence)).toEqual(expected);

    // Ana's second tab is Ana: her colour, not a new one.
    vi.advanceTimersByTime(1_000);
    const anaAgain = join(person('p-ana', 'Ana', '#2563eb'));
    expect(anaAgain.awareness.getLocalState()!.user.color).toBe('#2563eb');
    // A shared screen has no avatar: it keeps the colour it came with.
    const wall = join(person('p-wall', 'Shared screen', '#2563eb'), true);
    expect(wall.awareness.getLocalState()!.user.color).toBe('#2563eb');

    // Ana leaves: Ben keeps the colour everyone knows him by now.
    ana.awareness.setLocalState(null);
    anaAgain.awareness.setLocalState(null);
    expect(colours(cy.presence)).toEqual({ Ben: '#7c3aed', Cy: '#db2777' });
    for (const screen of screens) screen.dispose();
  });

  it('gives a person’s second tab the colour their first settled on, even once their own is free again', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { join, colours, screens } = room();
    const ben = join(person('p-ben', 'Ben', '#2563eb'));
    vi.advanceTimersByTime(1_000);
    const ana = join(person('p-ana', 'Ana', '#2563eb'));
    expect(colours(ana.presence)).toEqual({ Ana: '#7c3aed', Ben: '#2563eb' });
    ben.awareness.setLocalState(null);
    vi.advanceTimersByTime(1_000);
    const anaAgain = join(person('p-ana', 'Ana', '#2563eb'));
    expect(anaAgain.awareness.getLocalState()!.user.color).toBe('#7c3aed');
    for (const screen of screens) screen.dispose();
  });

  it('settles on different colours when two arrive in the same millisecond, the lower client id keeping its own', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { join, colours } = room();
    // The same millisecond: the lower client id counts as here first.
    const one = join(person('p-1', 'One', '#0e7490'));
    const two = join(person('p-2', 'Two', '#0e7490'));
    const seen = colours(one.presence);
    expect(new Set(Object.values(seen)).size).toBe(2);
    expect(colours(two.presence)).toEqual(seen);
    const first = one.awareness.clientID < two.awareness.clientID ? 'One' : 'Two';
    expect(seen[first]).toBe('#0e7490');
  });
});
