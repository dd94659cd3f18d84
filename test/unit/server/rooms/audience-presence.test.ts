import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import type { RefusalReason } from '../../../../server/observability/refusals';
import { readAwarenessUpdate, writeAwarenessUpdate, type AwarenessEntry } from '../../../../server/protocol/awareness-update';
import { readMessage } from '../../../../server/protocol/messages';
import { RoomAwareness } from '../../../../server/rooms/room-awareness';
import { RecordingPeer } from '../support/room-harness';

const limits = { maxStateBytes: 16 * 1024, perSecond: 20, burst: 60 };

class MemberPeer extends RecordingPeer {
  constructor(readonly member: { id: string; name: string }) {
    super('viewer');
  }
}

const entriesOf = (message: Uint8Array): AwarenessEntry[] => {
  const decoded = readMessage(message);
  if (decoded.type !== 'awareness') throw new Error(`not an awareness message: ${decoded.type}`);
  return readAwarenessUpdate(decoded.update);
};

describe('presence in an audience', () => {
  let broadcasts: Uint8Array[];
  let refusals: RefusalReason[];
  let presence: RoomAwareness;
  let audience: boolean;

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date', 'performance'] });
    broadcasts = [];
    refusals = [];
    audience = true;
    presence = new RoomAwareness(new Y.Doc(), (message) => broadcasts.push(message), {
      limits,
      refused: (reason) => refusals.push(reason),
      isAudience: () => audience,
      published: () => {},
      peopleChanged: () => {},
    });
  });

  afterEach(() => {
    presence.destroy();
    vi.useRealTimers();
  });

  const say = (peer: RecordingPeer, clientId: number, clock: number, state: object) =>
    presence.receive(peer, writeAwarenessUpdate([{ clientId, clock, state: JSON.stringify(state) }]));

  /** `count` members who each announce themselves under a name that is not theirs. */
  const join = (count: number) =>
    Array.from({ length: count }, (_, i) => {
      const peer = new MemberPeer({ id: `m_${i}`, name: `Member ${i}` });
      say(peer, 1000 + i, 1, { user: { name: 'Someone else' }, cursor: 0 });
      return peer;
    });

  it('[L4] a hundred people arriving within a quarter second reach everyone as one message, under their own names', () => {
    join(100);
    expect(broadcasts).toHaveLength(0);
    vi.advanceTimersByTime(250);
    expect(broadcasts).toHaveLength(1);
    const entries = entriesOf(broadcasts[0]!);
    expect(entries.map((e) => e.clientId).sort()).toEqual(Array.from({ length: 100 }, (_, i) => 1000 + i));
    for (const entry of entries) expect(JSON.parse(entry.state).user.name).toBe(`Member ${entry.clientId - 1000}`);
  });

  it('[L4] one person moving forty times a second costs each follower at most four messages a second, the last where they stopped', () => {
    const [mover] = join(1);
    vi.advanceTimersByTime(250);
    broadcasts = [];
    for (let x = 1; x <= 40; x++) {
      say(mover!, 1000, 1 + x, { user: { name: 'Someone else' }, cursor: x });
      vi.advanceTimersByTime(25);
    }
    vi.advanceTimersByTime(250);
    expect(broadcasts.length).toBeGreaterThan(0);
    expect(broadcasts.length).toBeLessThanOrEqual(5);
    const last = entriesOf(broadcasts.at(-1)!);
    expect(last).toHaveLength(1);
    expect(JSON.parse(last[0]!.state)).toMatchObject({ cursor: 40, user: { name: 'Member 0' } });
  });

  it('[L4] someone leaving is in the next message', () => {
    const peers = join(3);
    vi.advanceTimersByTime(250);
    broadcasts = [];
    presence.forget(peers[1]!);
    vi.advanceTimersByTime(250);
    expect(broadcasts).toHaveLength(1);
    expect(entriesOf(broadcasts[0]!)).toMatchObject([{ clientId: 1001, state: 'null' }]);
  });

  it('[L2] a newcomer gets everyone in one message, names rewritten, and what changed since once it goes out', () => {
    const peers = join(50);
    const first = entriesOf(presence.snapshot()!);
    expect(first).toHaveLength(50);
    for (const entry of first) expect(JSON.parse(entry.state).user.name).toBe(`Member ${entry.clientId - 1000}`);
    vi.advanceTimersByTime(250);
    say(peers[7]!, 1007, 2, { user: { name: 'Someone else' }, cursor: 99 });
    vi.advanceTimersByTime(250);
    const moved = entriesOf(presence.snapshot()!).find((e) => e.clientId === 1007)!;
    expect(JSON.parse(moved.state)).toMatchObject({ cursor: 99, user: { name: 'Member 7' } });
  });

  it('[L4] a room below the audience size relays each change at once', () => {
    audience = false;
    join(2);
    expect(broadcasts).toHaveLength(2);
  });

  it('[L5] echoes of everyone’s presence, as stock providers send them back, change nothing and are not refused', () => {
    const peers = join(20);
    vi.advanceTimersByTime(250);
    broadcasts = [];
    const everyone = entriesOf(presence.snapshot()!);
    for (const peer of peers) presence.receive(peer, writeAwarenessUpdate(everyone));
    vi.advanceTimersByTime(250);
    expect(broadcasts).toHaveLength(0);
    expect(refusals).toEqual([]);
    expect(peers.every((peer) => peer.closed === null)).toBe(true);
  });
});
