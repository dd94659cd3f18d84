import { describe, expect, it } from 'vitest';
import type { Peer } from '../../../../server/rooms/peer';
import { truthfulEntry } from '../../../../server/rooms/truthful-presence';

const peer = (role: Peer['role'], member: Peer['member'] = null): Peer => ({ role, member, send: () => {}, close: () => {}, probe: () => {} });
const truthful = (who: Peer, state: unknown) => truthfulEntry(who, { clientId: 1, clock: 1, state: JSON.stringify(state) });
const shown = (who: Peer, state: unknown) => JSON.parse(truthful(who, state).entry.state) as unknown;

describe('truthful presence (SPEC A3)', () => {
  const ana = peer('editor', { id: 'm_ana', name: 'Ana Diaz' });

  it('[A3] writes the member’s name, role and id over whatever the client claimed, keeping the rest', () => {
    expect(shown(ana, { user: { id: 'd', name: 'Boss', color: '#fff', role: 'facilitator', memberId: 'm_boss', guest: true }, view: 'kpis' })).toEqual({
      user: { id: 'd', name: 'Ana Diaz', color: '#fff', role: 'editor', memberId: 'm_ana', guest: false },
      view: 'kpis',
    });
    expect(shown(ana, { user: 'Boss' })).toEqual({ user: { name: 'Ana Diaz', role: 'editor', memberId: 'm_ana', guest: false } });
    expect(shown(ana, {})).toEqual({ user: { name: 'Ana Diaz', role: 'editor', memberId: 'm_ana', guest: false } });
  });

  it('[A3] keeps a guest’s typed name, with the link’s role, marked as a guest, and drops a claimed member id', () => {
    expect(shown(peer('viewer'), { user: { name: 'Sam', role: 'facilitator', memberId: 'm_ana', guest: false } })).toEqual({
      user: { name: 'Sam', role: 'viewer', guest: true },
    });
    expect(shown(peer('viewer'), { name: 'no user field' })).toEqual({ name: 'no user field' });
  });

  it('[A3] leaves removals and states that are not objects as they are', () => {
    const gone = { clientId: 1, clock: 2, state: 'null' };
    expect(truthfulEntry(ana, gone)).toEqual({ entry: gone, name: null });
    expect(shown(ana, [1, 2])).toEqual([1, 2]);
    expect(shown(ana, 'text')).toBe('text');
  });

  it('[M21] names the person the state is present as: the member’s known name, a guest’s typed one trimmed, none when blank', () => {
    expect(truthful(ana, { user: { name: 'Boss' } }).name).toBe('Ana Diaz');
    expect(truthful(ana, {}).name).toBe('Ana Diaz');
    expect(truthful(peer('viewer'), { user: { name: '  Sam  ' } }).name).toBe('Sam');
    expect(truthful(peer('viewer'), { user: { name: '   ' } }).name).toBeNull();
    expect(truthful(peer('viewer'), { user: { name: 42 } }).name).toBeNull();
    // A guest's shared screen is not an attendee; a member is, whatever their state says (U46).
    expect(truthful(peer('facilitator'), { user: { name: 'Shared screen' }, screen: true }).name).toBeNull();
    expect(truthful(peer('facilitator'), { user: { name: 'Shared screen' }, screen: 'yes' }).name).toBe('Shared screen');
    expect(truthful(ana, { user: { name: 'Boss' }, screen: true }).name).toBe('Ana Diaz');
    expect(truthful(peer('viewer'), { name: 'no user field' }).name).toBeNull();
  });
});
