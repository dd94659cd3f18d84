import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import { readMessage, writeAwareness } from '../../../../server/protocol/messages';
import { GroupCommit } from '../../../../server/rooms/group-commit';
import { defaults, type Limits } from '../../../../server/config';
import type { RefusalReason } from '../../../../server/observability/refusals';
import type { Peer } from '../../../../server/rooms/peer';
import { Room, RoomLoadError, type RoomHost } from '../../../../server/rooms/room';
import { SqliteStore } from '../../../../server/storage/sqlite-store';
import type { Role, StoredDocument } from '../../../../server/storage/store';

/** A participant's update made on a replica of the room's document. */
export function clientEdit(room: Room, edit: (doc: Y.Doc) => void): Uint8Array {
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(room.doc));
  const before = Y.encodeStateVector(client);
  edit(client);
  return Y.encodeStateAsUpdate(client, before);
}

/** An awareness message announcing `state` for a fresh client id. */
export function presenceMessage(state: Record<string, unknown>): Uint8Array {
  const awareness = new Awareness(new Y.Doc());
  awareness.setLocalState(state);
  const message = writeAwareness(encodeAwarenessUpdate(awareness, [awareness.clientID]));
  // Its own check timer would count among the room's.
  awareness.destroy();
  return message;
}

/** An in-memory connection that records what the room sends it. */
export class RecordingPeer implements Peer {
  readonly received: Uint8Array[] = [];
  closed: { code: number; reason: string } | null = null;
  constructor(readonly role: Role) {}
  send(message: Uint8Array) {
    this.received.push(message);
  }
  close(code: number, reason: string) {
    this.closed = { code, reason };
  }
  probe(onAlive: () => void) {
    onAlive();
  }
  updates(): Uint8Array[] {
    return this.received.map(readMessage).flatMap((m) => (m.type === 'sync-update' || m.type === 'sync-step2' ? [m.update] : []));
  }
  /** What each update it received sets in `items` (what `editUpdate` writes), one map per update. */
  itemsPerUpdate(): Record<string, unknown>[] {
    return this.updates().map((update) => {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, update);
      return doc.getMap('items').toJSON();
    });
  }

  /** The keys each update it received sets in `items`, comma-joined, in the order received. */
  itemKeys(): string[] {
    return this.itemsPerUpdate().map((items) => Object.keys(items).join(','));
  }

  /** The document this connection would hold from what it received. */
  doc(): Y.Doc {
    const doc = new Y.Doc();
    for (const update of this.updates()) Y.applyUpdate(doc, update);
    return doc;
  }
}

export { nextTurn } from '../../../support/wait-for';

/** An update from a fresh client that sets `items[key]`. */
export function editUpdate(key: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getMap('items').set(key, true);
  return Y.encodeStateAsUpdate(doc);
}

/** A real SQLite file in a temporary directory with one workspace, `w1`, and rooms loaded from it. */
export class RoomHarness {
  readonly dir = mkdtempSync(join(tmpdir(), 'throughline-room-'));
  store = SqliteStore.open(join(this.dir, 'throughline.db'));
  commits = new GroupCommit(this.store);
  readonly failedRooms: Room[] = [];
  /** What the rooms refused, by reason, in order. */
  readonly refusals: RefusalReason[] = [];
  /** Rooms that said they hold rows past a gap in the log, in order (a cluster reads the gap, N7). */
  readonly behindRooms: Room[] = [];
  /** Rooms whose document was built, in order (a room opened on its stored bytes joins once built). */
  readonly builtRooms: Room[] = [];
  /** Whether this node folds logs (with several nodes, only the lease holder does). */
  mayCompact = true;
  /** What the host does once a room's document is built (the registry migrates and starts rules). */
  onBuilt: (room: Room) => void = () => {};
  private readonly host: RoomHost = {
    scheduleCommit: (room) => this.commits.schedule(room),
    idle: () => {},
    failed: (room) => this.failedRooms.push(room),
    mayCompact: () => this.mayCompact,
    compactionTurn: () => true,
    compacted: () => {},
    refused: (reason) => this.refusals.push(reason),
    stored: () => {},
    presence: null,
    behind: (room) => this.behindRooms.push(room),
    built: (room) => {
      this.onBuilt(room);
      this.builtRooms.push(room);
    },
  };
  private readonly rooms: Room[] = [];

  constructor(
    private readonly compaction = { maxUpdates: 1000, maxBytes: 1 << 30 },
    private readonly limits: Limits = defaults.limits,
  ) {
    this.store.createWorkspace({
      id: 'w1',
      title: 'T',
      mode: 'review',
      initialState: Y.encodeStateAsUpdate(new Y.Doc()),
      initialSchema: null,
      tokenHashes: { facilitator: 'f', editor: 'e', viewer: 'v' },
    });
  }

  /** Loads `w1` afresh from the file, as a restarted server would. */
  load(options = { serveBeforeBuild: false }): Room {
    let stored: StoredDocument;
    try {
      stored = this.store.loadDocument('w1');
    } catch (error) {
      // As the registry does: a room whose storage cannot be read is a RoomLoadError.
      throw new RoomLoadError('w1', { cause: error });
    }
    const room = Room.load('w1', stored, this.store, this.host, { compaction: this.compaction, limits: this.limits }, options);
    this.rooms.push(room);
    return room;
  }

  /** Closes the database and opens it again, as a restart would; rooms loaded before are dropped. */
  reopenStore(): void {
    this.store.close();
    this.store = SqliteStore.open(join(this.dir, 'throughline.db'));
    this.commits = new GroupCommit(this.store);
  }

  close(): void {
    for (const room of this.rooms) room.destroy();
    this.store.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
