import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import type { RefusalReason } from '../../../../server/observability/refusals';
import { writeAwarenessUpdate } from '../../../../server/protocol/awareness-update';
import { RoomAwareness } from '../../../../server/rooms/room-awareness';
import { RecordingPeer } from '../support/room-harness';

const limits = { maxStateBytes: 16 * 1024, perSecond: 20, burst: 60 };

describe('presence throttle', () => {
  let broadcasts: Uint8Array[];
  let refusals: RefusalReason[];
  let presence: RoomAwareness;

  beforeEach(() => {
    // Simulated time: the windows and the bucket read performance.now().
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date', 'performance'] });
    broadcasts = [];
    refusals = [];
    presence = new RoomAwareness(new Y.Doc(), (message) => broadcasts.push(message), {
      limits,
      refused: (reason) => refusals.push(reason),
      isAudience: () => false,
      published: () => {},
      peopleChanged: () => {},
    });
  });

  afterEach(() => {
    presence.destroy();
    vi.useRealTimers();
  });

  const move = (peer: RecordingPeer, clientId: number, x: number) =>
    presence.receive(peer, writeAwarenessUpdate([{ clientId, clock: x, state: JSON.stringify({ x }) }]));

  it('[H6] what a connection held back over the rate is never sent after it has left', () => {
    const peer = new RecordingPeer('editor');
    for (let x = 1; x <= limits.burst + 1; x++) move(peer, 7, x);
    expect(broadcasts).toHaveLength(limits.burst);
    presence.forget(peer);
    const afterLeaving = broadcasts.length;

    vi.advanceTimersByTime(1000);
    expect(broadcasts).toHaveLength(afterLeaving);
    expect(presence.snapshot()).toBeNull();
  });

  it('[H6] a connection is closed for flooding only after three seconds in a row far over the rate', () => {
    const peer = new RecordingPeer('editor');
    let x = 0;
    // 250 messages a second, over ten times the rate of 20.
    const flood = (seconds: number) => {
      for (let i = 0; i < 250 * seconds && !peer.closed; i++) {
        move(peer, 9, ++x);
        vi.advanceTimersByTime(4);
      }
    };
    flood(2);
    vi.advanceTimersByTime(1000);
    flood(2);
    expect(peer.closed).toBeNull();
    expect(presence.snapshot()).not.toBeNull();

    flood(1);
    expect(peer.closed?.code).toBe(4005);
    expect(refusals).toContain('presence_rate');
    expect(presence.snapshot()).toBeNull();
    // What it still sends before its socket is gone does not bring it back.
    vi.advanceTimersByTime(1000);
    move(peer, 9, ++x);
    expect(presence.snapshot()).toBeNull();
  });
});
