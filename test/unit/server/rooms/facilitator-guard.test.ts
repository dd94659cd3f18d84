import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { writeUpdate } from '../../../../server/protocol/messages';
import { guardFacilitatorsOnly } from '../../../../server/rooms/facilitator-guard';
import type { Room } from '../../../../server/rooms/room';
import { nextTurn, RecordingPeer, RoomHarness } from '../support/room-harness';

/** What `edit` writes into `doc`, as one update. */
function diff(doc: Y.Doc, edit: () => void): Uint8Array {
  const before = Y.encodeStateVector(doc);
  edit();
  return Y.encodeStateAsUpdate(doc, before);
}

describe('what only a facilitator writes is judged by who wrote it, not by whose transaction brought it (SPEC A21)', () => {
  let harness: RoomHarness;
  beforeEach(() => {
    harness = new RoomHarness();
    // As RoomRegistry.built wires it.
    harness.onBuilt = (room: Room) =>
      guardFacilitatorsOnly(
        room.doc,
        (client) => room.writerRole(client),
        (restore) => room.change(restore, 'throughline:facilitator-guard'),
        (error) => room.fail(error, 'internal error'),
      );
  });
  afterEach(() => harness.close());

  /** A room where a facilitator started a meeting, with an editor connected. */
  async function meetingRunning() {
    const room = harness.load();
    const facilitator = new RecordingPeer('facilitator');
    const editor = new RecordingPeer('editor');
    room.connect(facilitator);
    room.connect(editor);
    const facilitatorDoc = new Y.Doc();
    const start = diff(facilitatorDoc, () => {
      const meeting = facilitatorDoc.getMap('meeting');
      meeting.set('status', 'running');
      meeting.set('startedAt', '2026-12-07T09:00:00.000Z');
      meeting.set('endedAt', null);
    });
    room.receive(facilitator, writeUpdate(start));
    await nextTurn();
    return { room, editor, facilitatorDoc };
  }

  it('[A21][N5] an editor’s end held back for its own earlier edit, completed by that edit stored through another node, is put back', async () => {
    const { room, editor, facilitatorDoc } = await meetingRunning();
    const editorDoc = new Y.Doc();
    Y.applyUpdate(editorDoc, Y.encodeStateAsUpdate(facilitatorDoc));
    const earlier = diff(editorDoc, () => editorDoc.getMap('meta').set('title', 'Through node B'));
    const end = diff(editorDoc, () => editorDoc.getMap('meeting').set('status', 'ended'));
    // Sent here before the edit it builds on, which the editor sends through another node.
    room.receive(editor, writeUpdate(end));
    await nextTurn();
    expect(room.doc.getMap('meeting').get('status')).toBe('running');
    const seq = harness.store.lastSeq('w1');
    harness.store.commit([{ workspace: 'w1', updates: [earlier] }]);
    room.applyStored([earlier], seq, seq + 1);
    await nextTurn();
    expect({ title: room.doc.getMap('meta').get('title'), status: room.doc.getMap('meeting').get('status') }).toEqual({ title: 'Through node B', status: 'running' });
    // And so it is stored: a restart reads the meeting running.
    await room.whenCommitted();
    expect(harness.load().doc.getMap('meeting').get('status')).toBe('running');
  });

});
