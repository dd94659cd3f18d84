import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { writeUpdate } from '../../../../server/protocol/messages';
import type { Committable } from '../../../../server/rooms/group-commit';
import { RecordingPeer, RoomHarness, editUpdate, nextTurn } from '../support/room-harness';

/** A room whose work throws where no reader should (a bug the readers have not met yet). */
class BrokenRoom implements Committable {
  readonly isClosed = false;
  failure: { error: unknown; reason: string } | null = null;
  constructor(readonly workspace: string) {}
  takeCommitEntry(): never {
    throw new TypeError('Cannot convert object to primitive value');
  }
  committed(): void {}
  fail(error: unknown, reason: string): void {
    this.failure = { error, reason };
  }
}

describe('the group commit', () => {
  let harness: RoomHarness | undefined;
  afterEach(() => {
    harness?.close();
    vi.restoreAllMocks();
  });

  it('[H1] fails only the room whose commit entry throws, logged with its workspace id, and commits and relays the rest of the turn', async () => {
    harness = new RoomHarness();
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const room = harness.load();
    const writer = new RecordingPeer('editor');
    const reader = new RecordingPeer('viewer');
    room.connect(writer);
    room.connect(reader);
    const broken = new BrokenRoom('w-broken');

    harness.commits.schedule(broken);
    room.receive(writer, writeUpdate(editUpdate('kept')));
    await nextTurn();

    expect(broken.failure?.reason).toBe('internal error, reconnect');
    expect(logged.mock.calls.some(([line]) => String(line).startsWith('[rooms] w-broken: TypeError'))).toBe(true);
    expect(reader.doc().getMap('items').get('kept')).toBe(true);
    const stored = new Y.Doc();
    for (const update of harness.store.loadDocument('w1').updates) Y.applyUpdate(stored, update);
    expect(stored.getMap('items').get('kept')).toBe(true);
    expect(harness.failedRooms).toEqual([]);
  });
});
