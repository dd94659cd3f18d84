import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { readMessage } from '../../../../server/protocol/messages';
import { AudienceRelay } from '../../../../server/rooms/audience-relay';
import type { Peer } from '../../../../server/rooms/peer';
import { RecordingPeer } from '../support/room-harness';

/** One writer's document; each call to `edit` makes one update, as a keystroke would. */
function writer() {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  return {
    edit(text: string): Uint8Array {
      doc.getText('t').insert(doc.getText('t').length, text);
      return updates.at(-1)!;
    },
  };
}

/** What a follower holds after applying every relayed message in order. */
function followerText(sent: Array<{ message: Uint8Array }>): string {
  const doc = new Y.Doc();
  for (const { message } of sent) {
    const read = readMessage(message);
    if (read.type !== 'sync-update') throw new Error(`unexpected ${read.type}`);
    Y.applyUpdate(doc, read.update);
  }
  return doc.getText('t').toString();
}

describe('the audience relay (SPEC L3)', () => {
  let sent: Array<{ message: Uint8Array; except: Peer | null }>;
  let relay: AudienceRelay;

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    sent = [];
    relay = new AudienceRelay((message, except) => sent.push({ message, except }));
  });
  afterEach(() => {
    relay.destroy();
    vi.useRealTimers();
  });

  it('[L3] the first update after a quiet window goes out at once; what follows within 8 ms waits and goes as one merged message', () => {
    const a = writer();
    const ada = new RecordingPeer('editor');
    const ben = new RecordingPeer('editor');
    relay.add([a.edit('H')], ada);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.except).toBe(ada);

    relay.add([a.edit('e')], ada);
    relay.add([a.edit('y')], ben);
    vi.advanceTimersByTime(7);
    expect(sent).toHaveLength(1);
    vi.advanceTimersByTime(1);
    // Both waiting updates in one message; it came from two connections, so it goes to both.
    expect(sent).toHaveLength(2);
    expect(sent[1]!.except).toBeNull();
    expect(followerText(sent)).toBe('Hey');

    // A new window opened with that send: an update inside it waits for its end too.
    vi.advanceTimersByTime(3);
    relay.add([a.edit('!')], ada);
    expect(sent).toHaveLength(2);
    vi.advanceTimersByTime(5);
    expect(sent).toHaveLength(3);
    expect(sent[2]!.except).toBe(ada);

    // A whole window without updates closes it: the next update goes at once again.
    vi.advanceTimersByTime(8);
    relay.add([a.edit('?')], ada);
    expect(sent).toHaveLength(4);
    expect(followerText(sent)).toBe('Hey!?');
  });

  it('[L3] updates committed together go out as one message, at once', () => {
    const a = writer();
    const b = writer();
    relay.add([a.edit('x'), b.edit('y')], null);
    expect(sent).toHaveLength(1);
    expect(relay.isWaiting).toBe(false);
  });
});
