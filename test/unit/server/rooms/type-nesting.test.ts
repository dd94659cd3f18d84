import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { isTooDeep, MAX_TYPE_DEPTH } from '../../../../server/rooms/type-nesting';

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
    expect(isTooDeep(room, clientEdit(room, (doc) => nest(doc.getMap('x'), MAX_TYPE_DEPTH)).update)).toBe(false);
    expect(isTooDeep(room, clientEdit(room, (doc) => nest(doc.getMap('x'), MAX_TYPE_DEPTH + 1)).update)).toBe(true);
  });

  it('[H3] counts the levels the room holds already under a type an update names', () => {
    const room = new Y.Doc();
    const { update: base } = clientEdit(room, (doc) => nest(doc.getMap('x'), 60));
    Y.applyUpdate(room, base);
    const within = clientEdit(room, (doc) => nest(deepestOf(doc.getMap('x')), MAX_TYPE_DEPTH - 60));
    expect(isTooDeep(room, within.update)).toBe(false);
    const over = clientEdit(room, (doc) => nest(deepestOf(doc.getMap('x')), MAX_TYPE_DEPTH - 60 + 1));
    expect(isTooDeep(room, over.update)).toBe(true);
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
    expect(isTooDeep(room, beside.update)).toBe(false);
    // A map in the new map, found through the neighbour the update itself carries.
    const inside = clientEdit(room, (doc) => {
      const map = new Y.Map<unknown>();
      listIn(doc).push([new Y.Text(), map]);
      map.set('c', new Y.Map());
    });
    expect(isTooDeep(room, inside.update)).toBe(true);
  });

  it('[H3] measures a chain sent in pieces, last piece first, whole: the piece that completes it is refused', () => {
    const room = new Y.Doc();
    const client = new Y.Doc();
    let deepest = client.getMap('x');
    const pieces = [0, 1, 2].map(() => {
      const before = Y.encodeStateVector(client);
      client.transact(() => (deepest = nest(deepest, 30)));
      return Y.encodeStateAsUpdate(client, before);
    });
    // Each later piece names a parent the room lacks: Yjs holds it back.
    for (const piece of [pieces[2]!, pieces[1]!]) {
      expect(isTooDeep(room, piece)).toBe(false);
      Y.applyUpdate(room, piece);
    }
    expect(room.store.pendingStructs).not.toBeNull();
    expect(isTooDeep(room, pieces[0]!)).toBe(true);
    // Without the held-back pieces the first is within.
    expect(isTooDeep(new Y.Doc(), pieces[0]!)).toBe(false);
  });

  it('[H3] a chain of 100,000 types in one update is refused without overflowing the stack', () => {
    const room = new Y.Doc();
    expect(isTooDeep(room, clientEdit(room, (doc) => nest(doc.getMap('x'), 100_000)).update)).toBe(true);
  });
});

/** The deepest map under key `c`, following the chain down. */
function deepestOf(map: Y.Map<unknown>): Y.Map<unknown> {
  let deepest = map;
  for (let next = deepest.get('c'); next instanceof Y.Map; next = deepest.get('c')) deepest = next;
  return deepest;
}
