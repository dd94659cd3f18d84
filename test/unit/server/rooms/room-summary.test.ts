import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { writeUpdate } from '../../../../server/protocol/messages';
import { WORKSPACE_MODES } from '../../../../shared/schema/constants';
import { POISON_KINDS, putPoison } from '../../support/poison-values';
import { RecordingPeer, RoomHarness, nextTurn } from '../support/room-harness';

/**
 * A room records its workspace's title and mode in the workspaces table (the listing) as part of
 * the group commit, reading them from the document's `meta` that any editor writes.
 */
describe('the summary a room records', () => {
  let harness: RoomHarness | undefined;
  afterEach(() => harness?.close());

  it('[H1] stays a title and a mode whatever an editor stores in meta, and the room stays up; [H2] it loads again from what was stored', async () => {
    harness = new RoomHarness();
    const room = harness.load();
    const editor = new RecordingPeer('editor');
    room.connect(editor);
    let client = new Y.Doc();
    const send = async (write: (meta: Y.Map<unknown>) => void) => {
      const before = Y.encodeStateVector(client);
      write(client.getMap('meta'));
      room.receive(editor, writeUpdate(Y.encodeStateAsUpdate(client, before)));
      await nextTurn();
    };

    await send((meta) => meta.set('title', 'Readable'));
    expect(harness.store.getWorkspace('w1')!.title).toBe('Readable');
    const recorded: { field: string; kind: string; title: unknown; mode: unknown }[] = [];
    const refused = new Set<string>();
    for (const field of ['title', 'mode']) {
      for (const kind of POISON_KINDS) {
        editor.closed = null;
        await send((meta) => putPoison(meta, field, kind));
        // Set by the room during the send, which TypeScript cannot see.
        const closed = editor.closed as { code: number } | null;
        if (closed) {
          refused.add(`${kind.name}: ${closed.code}`);
          // As a client starting over from the room's copy: its refused edit is not what the
          // next one is placed beside (the room would refuse a type placed beside it, H3).
          client = new Y.Doc();
          Y.applyUpdate(client, Y.encodeStateAsUpdate(room.doc));
        }
        const { title, mode } = harness.store.getWorkspace('w1')!;
        recorded.push({ field, kind: kind.name, title, mode });
      }
    }

    expect(harness.failedRooms).toEqual([]);
    // The update scan refuses values with a "__proto__" key or nested deeper than any workspace
    // value as malformed (R2), and shared types nested past 64 as over budget (H3), before Yjs
    // sees them; the rest are taken.
    expect([...refused].filter((entry) => !/((__proto__ key|nested 500 deep|hostile fields).*: 1007|Y\.Maps nested 1,000 deep: 4002)$/.test(entry))).toEqual([]);
    expect(recorded.filter(({ title, mode }) => typeof title !== 'string' || !WORKSPACE_MODES.includes(mode as never))).toEqual([]);
    harness.reopenStore();
    expect(() => harness!.load()).not.toThrow();
  });
});
