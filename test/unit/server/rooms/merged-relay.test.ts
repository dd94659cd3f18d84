import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { readMessage } from '../../../../server/protocol/messages';
import { MergedRelay } from '../../../../server/rooms/merged-relay';
import type { Peer } from '../../../../server/rooms/peer';
import { RecordingPeer } from '../support/room-harness';

/** One writer typing into its own text `field`; each call to `edit` makes one update, as a keystroke would. */
function writer(field: string) {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  return {
    edit(text: string): Uint8Array {
      doc.getText(field).insert(doc.getText(field).length, text);
      return updates.at(-1)!;
    },
  };
}

/** What a follower holds in `field` after applying every relayed message in order. */
function followerText(sent: Array<{ message: Uint8Array }>, field = 'a'): string {
  const doc = new Y.Doc();
  for (const { message } of sent) {
    const read = readMessage(message);
    if (read.type !== 'sync-update') throw new Error(`unexpected ${read.type}`);
    Y.applyUpdate(doc, read.update);
  }
  return doc.getText(field).toString();
}

describe('the merged relay: an audience (SPEC L3), and batches other nodes stored reaching a busy room (N5)', () => {
  let sent: Array<{ message: Uint8Array; except: Peer | null }>;
  let relay: MergedRelay;
  let failures: unknown[];

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    sent = [];
    failures = [];
    relay = new MergedRelay(
      (message, except) => sent.push({ message, except }),
      (error) => failures.push(error),
    );
  });
  afterEach(() => {
    relay.destroy();
    vi.useRealTimers();
  });

  it('[L3] the first update after a quiet window goes out 1 ms later with what joined it; what follows within 8 ms waits and goes as one merged message', () => {
    const a = writer('a');
    const b = writer('b');
    const ada = new RecordingPeer('editor');
    const ben = new RecordingPeer('editor');
    relay.add([a.edit('H')], ada);
    expect(sent).toHaveLength(0);
    relay.add([b.edit('i')], ben);
    vi.advanceTimersByTime(1);
    // Two writers' edits in one message: it goes to both of them.
    expect(sent).toHaveLength(1);
    expect(sent[0]!.except).toBeNull();

    relay.add([a.edit('e')], ada);
    relay.add([a.edit('y')], ada);
    vi.advanceTimersByTime(7);
    expect(sent).toHaveLength(1);
    vi.advanceTimersByTime(1);
    // Both waiting updates in one message, which their one writer already has.
    expect(sent).toHaveLength(2);
    expect(sent[1]!.except).toBe(ada);

    // A new window opened with that send: an update inside it waits for its end too.
    vi.advanceTimersByTime(3);
    relay.add([a.edit('!')], ada);
    vi.advanceTimersByTime(4);
    expect(sent).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(sent).toHaveLength(3);

    // A whole window without updates closes it: the next update waits 1 ms again.
    vi.advanceTimersByTime(8);
    relay.add([a.edit('?')], ada);
    vi.advanceTimersByTime(1);
    expect(sent).toHaveLength(4);
    expect([followerText(sent, 'a'), followerText(sent, 'b')]).toEqual(['Hey!?', 'i']);
  });

  it('[L3] updates committed together go out as one message', () => {
    const a = writer('a');
    const b = writer('b');
    relay.add([a.edit('x'), b.edit('y')], null);
    expect(relay.isWaiting).toBe(true);
    vi.advanceTimersByTime(1);
    expect(sent).toHaveLength(1);
    expect(relay.isWaiting).toBe(false);
    expect([followerText(sent, 'a'), followerText(sent, 'b')]).toEqual(['x', 'y']);
  });

  it('[N5] updates for the turn go out as one message when it ends, opening no window; a relay destroyed first sends nothing', async () => {
    const a = writer('a');
    relay.addForTurn([a.edit('x')]);
    relay.addForTurn([a.edit('y')]);
    expect(sent).toHaveLength(0);
    await new Promise((resolve) => setImmediate(resolve));
    expect(sent).toHaveLength(1);
    expect(followerText(sent)).toBe('xy');
    // Another node's batches have no writer here: every connection gets them.
    expect(sent[0]!.except).toBeNull();
    // No window: the next turn's update goes at the end of that turn, not 8 ms later.
    relay.addForTurn([a.edit('z')]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(followerText(sent)).toBe('xyz');

    relay.addForTurn([a.edit('!')]);
    relay.destroy();
    await new Promise((resolve) => setImmediate(resolve));
    expect(sent).toHaveLength(2);
  });

  it('[H1] a send that throws from the end of a turn is reported for its room, and reaches no caller', async () => {
    const throwing = new MergedRelay(
      () => {
        throw new Error('socket gone');
      },
      (error) => failures.push(error),
    );
    throwing.addForTurn([writer('a').edit('x')]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(failures.map((error) => (error as Error).message)).toEqual(['socket gone']);
    expect(throwing.isWaiting).toBe(false);
  });
});
