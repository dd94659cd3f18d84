import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MAX_TYPE_DEPTH, nestingOf } from '../../../../server/rooms/type-nesting';

/** Nests `levels` maps under `map`, each under key `c` of the one before, and returns the deepest. */
function nest(map: Y.Map<unknown>, levels: number): Y.Map<unknown> {
  let deepest = map;
  for (let i = 0; i < levels; i++) {
    const next = new Y.Map<unknown>();
    deepest.set('c', next);
    deepest = next;
  }
  return deepest;
}

/** The update `edit` makes to a copy of `room` (a client in sync with it), and that client's copy. */
function clientEdit(room: Y.Doc, edit: (doc: Y.Doc) => void): { update: Uint8Array; doc: Y.Doc } {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(room));
  const before = Y.encodeStateVector(doc);
  doc.transact(() => edit(doc));
  return { update: Y.encodeStateAsUpdate(doc, before), doc };
}

describe('type nesting (SPEC H3)', () => {
  it(`[H3] a chain sent in one update may reach ${MAX_TYPE_DEPTH} levels and not one more`, () => {
    const room = new Y.Doc();
    // The root map is level 0: the first map set in it is level 1.
    expect(nestingOf(room, clientEdit(room, (doc) => nest(doc.getMap('x'), MAX_TYPE_DEPTH)).update)).toBe('within');
    expect(nestingOf(room, clientEdit(room, (doc) => nest(doc.getMap('x'), MAX_TYPE_DEPTH + 1)).update)).toBe('too-deep');
  });

  it('[H3] counts the levels the room holds already under a type an update names', () => {
    const room = new Y.Doc();
    const { update: base } = clientEdit(room, (doc) => nest(doc.getMap('x'), 60));
    Y.applyUpdate(room, base);
    const within = clientEdit(room, (doc) => nest(deepestOf(doc.getMap('x')), MAX_TYPE_DEPTH - 60));
    expect(nestingOf(room, within.update)).toBe('within');
    const over = clientEdit(room, (doc) => nest(deepestOf(doc.getMap('x')), MAX_TYPE_DEPTH - 60 + 1));
    expect(nestingOf(room, over.update)).toBe('too-deep');
  });

  it('[H3] finds the depth of a type placed beside another, whose parent no update names, in the room and in the same update', () => {
    const room = new Y.Doc();
    // A list at the deepest level a type may have a child, holding one map the room has.
    const { update: base } = clientEdit(room, (doc) => {
      const list = new Y.Array<unknown>();
      nest(doc.getMap('x'), MAX_TYPE_DEPTH - 2).set('list', list);
      list.push([new Y.Map()]);
    });
    Y.applyUpdate(room, base);
    const listIn = (doc: Y.Doc) => deepestOf(doc.getMap('x')).get('list') as Y.Array<unknown>;
    // Beside the room's map: its neighbour is in the room.
    const beside = clientEdit(room, (doc) => listIn(doc).push([new Y.Map()]));
    expect(nestingOf(room, beside.update)).toBe('within');
    // A map in the new map, found through the neighbour the update itself carries.
    const inside = clientEdit(room, (doc) => {
      const map = new Y.Map<unknown>();
      listIn(doc).push([new Y.Text(), map]);
      map.set('c', new Y.Map());
    });
    expect(nestingOf(room, inside.update)).toBe('too-deep');
  });

  it('[H3] a type in or beside content the room lacks is unknown-parent: Yjs would hold it back, and nothing checks what completes it', () => {
    const room = new Y.Doc();
    const client = new Y.Doc();
    let deepest = client.getMap('x');
    const pieces = [0, 1, 2].map(() => {
      const before = Y.encodeStateVector(client);
      client.transact(() => (deepest = nest(deepest, 30)));
      return Y.encodeStateAsUpdate(client, before);
    });
    // A chain sent in pieces, last piece first: each later piece names a parent the room lacks.
    expect(nestingOf(room, pieces[2]!)).toBe('unknown-parent');
    expect(nestingOf(room, pieces[1]!)).toBe('unknown-parent');
    expect(nestingOf(room, pieces[0]!)).toBe('within');
    Y.applyUpdate(room, pieces[0]!);
    expect(nestingOf(room, pieces[1]!)).toBe('within');

    // Beside what the room itself will write next (the server's readings and triage): whichever
    // change completed it would integrate the type unchecked.
    const future = new Y.Doc();
    future.clientID = room.clientID;
    Y.applyUpdate(future, Y.encodeStateAsUpdate(room));
    future.getArray('x').insert(0, ['written by the server next']);
    const mallory = new Y.Doc();
    Y.applyUpdate(mallory, Y.encodeStateAsUpdate(future));
    const before = Y.encodeStateVector(mallory);
    mallory.getArray('x').push([new Y.Map()]);
    expect(nestingOf(room, Y.encodeStateAsUpdate(mallory, before))).toBe('unknown-parent');

    // Beside an edit a merged update skips over: the skip stands for what the room lacks.
    const gapped = new Y.Doc();
    const [first, skipped, beside] = ['a', 'b', new Y.Map()].map((value) => {
      const start = Y.encodeStateVector(gapped);
      gapped.getArray('list').push([value]);
      return Y.encodeStateAsUpdate(gapped, start);
    });
    expect(skipped).toBeDefined();
    expect(nestingOf(room, Y.mergeUpdates([first!, beside!]))).toBe('unknown-parent');
  });

  it('[H3] a chain of 100,000 types in one update is refused without overflowing the stack', () => {
    const room = new Y.Doc();
    expect(nestingOf(room, clientEdit(room, (doc) => nest(doc.getMap('x'), 100_000)).update)).toBe('too-deep');
  });
});

/** The deepest map under key `c`, following the chain down. */
function deepestOf(map: Y.Map<unknown>): Y.Map<unknown> {
  let deepest = map;
  for (let next = deepest.get('c'); next instanceof Y.Map; next = deepest.get('c')) deepest = next;
  return deepest;
}
