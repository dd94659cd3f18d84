import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { defaults } from '../../../../server/config';
import { Refusals } from '../../../../server/observability/refusals';
import { writeUpdate } from '../../../../server/protocol/messages';
import { AUDIENCE_CONNECTIONS } from '../../../../server/rooms/merged-relay';
import type { Room } from '../../../../server/rooms/room';
import { RoomRegistry } from '../../../../server/rooms/room-registry';
import { atOnce } from '../../../../server/storage/awaitable';
import { SqliteStore } from '../../../../server/storage/sqlite-store';
import { WorkspaceService } from '../../../../server/workspaces/workspace-service';
import { attendeesOf } from '../../../../shared/schema/attendance';
import { endMeeting, readMeeting, startMeeting } from '../../../../shared/schema/meeting';
import { unwrap } from '../../../../shared/schema/op-result';
import { clientEdit, nextTurn, presenceMessage, RecordingPeer } from '../support/room-harness';



/** Who a document says attended its last meeting. */
function attended(doc: Y.Doc): string[] {
  return attendeesOf(doc.getMap('attendance').values(), readMeeting(doc).startedAt).map((attendee) => attendee.name);
}

/**
 * [M21] In an audience the register gathers newcomers for a second before it writes them; what
 * it has gathered when the meeting ends, the room unloads or the server stops is still written,
 * and stored. A room of real parts (registry, SQLite store), with in-memory peers.
 */
describe('the attendance register keeps what it gathered', () => {
  let dir: string;
  let store: SqliteStore;
  let rooms: RoomRegistry;
  let room: Room;
  let id: string;
  let facilitator: RecordingPeer;
  let audience: RecordingPeer[];
  let recordedAttendees: string[][];
  /** Makes the register's write throw (its clock is the rules'). */
  let clockFails: boolean;

  beforeEach(async () => {
    // Real setImmediate: the group commit runs on it. The audience's second is a faked setTimeout.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    recordedAttendees = [];
    clockFails = false;
    dir = mkdtempSync(join(tmpdir(), 'throughline-attendance-'));
    store = SqliteStore.open(join(dir, 'test.db'));
    rooms = new RoomRegistry(store, {
      // Shorter than an audience's second: a room can unload with newcomers still gathered.
      idleMs: 500,
      compaction: defaults.compaction,
      rules: {
        debounceMs: 50,
        sweepMs: 60_000,
        clock: () => {
          if (clockFails) throw new Error('the clock failed');
          return new Date();
        },
      },
      limits: defaults.limits,
      refusals: new Refusals(),
      // The meeting's record as it is made: who it says attended.
      record: {
        recordsFor: (_workspace, doc, events) => {
          if (events.some((event) => event.type === 'meeting.ended')) recordedAttendees.push(attended(doc));
          return {};
        },
        endRecorded: () => true,
      },
    });
    ({ id } = await new WorkspaceService(store, rooms, () => new Date()).create('Quarterly review', 'blank'));
    room = atOnce(rooms.open(id));
    facilitator = new RecordingPeer('facilitator');
    audience = Array.from({ length: AUDIENCE_CONNECTIONS }, () => new RecordingPeer('viewer'));
    for (const peer of [facilitator, ...audience]) room.connect(peer);
    room.receive(facilitator, writeUpdate(clientEdit(room, (doc) => unwrap(startMeeting(doc, { by: 'Fran', now: new Date() })))));
    await nextTurn();
    await room.whenCommitted();
  });
  afterEach(async () => {
    await rooms.closeAll();
    store.close();
    rmSync(dir, { recursive: true, force: true });
    vi.useRealTimers();
  });

  /** What the database holds for the workspace, as a document. */
  const stored = () => {
    const loaded = atOnce(store.loadDocument(id));
    const doc = new Y.Doc();
    for (const update of [...(loaded.state ? [loaded.state] : []), ...loaded.updates]) Y.applyUpdate(doc, update);
    return doc;
  };

  it('[M21] writes an audience’s newcomers after its second, not one by one', async () => {
    room.receive(audience[0]!, presenceMessage({ user: { name: 'Ana' } }));
    room.receive(audience[1]!, presenceMessage({ user: { name: 'Bo' } }));
    await nextTurn();
    expect(attended(room.doc)).toEqual([]);
    vi.advanceTimersByTime(1_000);
    await nextTurn();
    expect(attended(room.doc)).toEqual(['Ana', 'Bo']);
  });

  it('[M21] writes a newcomer gathered when the meeting ends into that meeting', async () => {
    room.receive(audience[0]!, presenceMessage({ user: { name: 'Late Larry' } }));
    room.receive(facilitator, writeUpdate(clientEdit(room, (doc) => unwrap(endMeeting(doc, { by: 'Fran', now: new Date() })))));
    await nextTurn();
    await nextTurn();
    expect(attended(room.doc)).toEqual(['Late Larry']);
  });

  it('[M21] the meeting’s record, made as it ends, lists a newcomer gathered in its last second', async () => {
    room.receive(audience[0]!, presenceMessage({ user: { name: 'Late Larry' } }));
    await nextTurn();
    room.receive(facilitator, writeUpdate(clientEdit(room, (doc) => unwrap(endMeeting(doc, { by: 'Fran', now: new Date() })))));
    expect(recordedAttendees).toEqual([['Late Larry']]);
  });

  it('[M21] [H1] a register whose write throws as the meeting ends costs its register, never the room or the end', async () => {
    room.receive(audience[0]!, presenceMessage({ user: { name: 'Late Larry' } }));
    await nextTurn();
    clockFails = true;
    // Ended by the server (REST, the rules): the register writes inside the end's aftermath.
    room.change((doc) => unwrap(endMeeting(doc, { by: 'Fran', now: new Date() })), 'rest');
    await nextTurn();
    await room.whenCommitted();
    expect(room.isClosed).toBe(false);
    expect(facilitator.closed).toBeNull();
    expect(readMeeting(stored()).status).toBe('ended');
  });

  it('[M21] stores a newcomer gathered when the server stops', async () => {
    room.receive(audience[0]!, presenceMessage({ user: { name: 'Late Larry' } }));
    await nextTurn();
    expect(attended(room.doc)).toEqual([]);
    await rooms.closeAll();
    expect(attended(stored())).toEqual(['Late Larry']);
  });

  it('[M21] stores a newcomer gathered when the room unloads', async () => {
    room.receive(audience[0]!, presenceMessage({ user: { name: 'Late Larry' } }));
    await nextTurn();
    for (const peer of [facilitator, ...audience]) room.disconnect(peer);
    expect(attended(room.doc)).toEqual([]);
    vi.advanceTimersByTime(500);
    await nextTurn();
    expect(room.isClosed).toBe(true);
    expect(attended(stored())).toEqual(['Late Larry']);
  });
});
