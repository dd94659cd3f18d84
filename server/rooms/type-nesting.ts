import * as Y from 'yjs';

/**
 * How deep shared types may nest: far deeper than the schema's deepest (an action's map in an
 * item's list in the agenda) and far shallower than the few thousand levels at which Yjs, which
 * deletes and collects a type by recursing into the types it holds, overflows the stack. A chain
 * that deep could never be deleted: each attempt would throw halfway through an update (H3).
 */
export const MAX_TYPE_DEPTH = 64;

/** What placing an update's new shared types would do to the document's nesting. */
export type Nesting = 'within' | 'too-deep' | 'unknown-parent';

/** An item's parent type's depth (a root type is 0), or whether it has none Yjs would keep. */
type ParentDepth = number | 'none' | 'unknown';

/**
 * Where the shared types `update` creates would sit, read with Yjs's own decoder before any of
 * it is integrated; throws on bytes that decoder refuses. Called only for updates that create a
 * type the document lacks (`UpdateScan.clients[].lastType`), which a keystroke never does, and
 * each client's structs in one block (`UpdateScan.repeatsClient`): Yjs keeps only a client's
 * last block, and the others would be read here as what it places.
 *
 * An item's parent is named (a root, or a type by its item's id) or, for an item placed beside
 * another, is that neighbour's parent (Yjs `Item.getMissing`). A type whose parent is in neither
 * the document nor the update is `unknown-parent`: Yjs would hold it back, and whatever later
 * completes it (another client's edit, the server's own, another node's row) is never checked,
 * so a chain sent in pieces, last piece first, would be measured by none of them. Honest clients
 * send what they build on first; a type is never held back.
 */
export function nestingOf(doc: Y.Doc, update: Uint8Array): Nesting {
  const structs = Y.decodeUpdate(update).structs;
  const parents = new ParentDepths(doc, structs);
  for (const struct of structs) {
    if (!(struct instanceof Y.Item) || !(struct.content instanceof Y.ContentType)) continue;
    if (struct.id.clock < Y.getState(doc.store, struct.id.client)) continue;
    const depth = parents.parentDepth(struct);
    if (depth === 'unknown') return 'unknown-parent';
    if (depth !== 'none' && depth + 1 > MAX_TYPE_DEPTH) return 'too-deep';
  }
  return 'within';
}

class ParentDepths {
  private readonly byClient = new Map<number, Array<Y.Item | Y.GC | Y.Skip>>();
  private readonly known = new Map<Y.Item, ParentDepth>();

  constructor(
    private readonly doc: Y.Doc,
    structs: ReadonlyArray<Y.Item | Y.GC | Y.Skip>,
  ) {
    for (const struct of structs) {
      const list = this.byClient.get(struct.id.client);
      if (list) list.push(struct);
      else this.byClient.set(struct.id.client, [struct]);
    }
    // Each client's structs are one block, in clock order: each list is sorted as it is filled.
  }

  /**
   * Follows parents and neighbours through the update, without recursion (a chain may be as long
   * as the update), until a root, the document or a dead end decides; each item is walked once.
   */
  parentDepth(item: Y.Item): ParentDepth {
    const path: Array<{ item: Y.Item; levels: 0 | 1 }> = [];
    const visiting = new Set<Y.Item>();
    let current = item;
    let depth: ParentDepth;
    for (;;) {
      const known = this.known.get(current);
      if (known !== undefined) {
        depth = known;
        break;
      }
      // Items of two clients each placed beside the other: Yjs would hold both back for good.
      if (visiting.has(current)) {
        depth = 'unknown';
        break;
      }
      visiting.add(current);
      const step = this.step(current);
      if (!(step instanceof Y.Item)) {
        depth = step;
        this.known.set(current, depth);
        break;
      }
      path.push({ item: current, levels: current.parent === null ? 0 : 1 });
      current = step;
    }
    for (let i = path.length - 1; i >= 0; i--) {
      const { item: walked, levels } = path[i]!;
      if (typeof depth === 'number') depth += levels;
      this.known.set(walked, depth);
    }
    return depth;
  }

  /** The item of the update to ask next about `item`'s parent, or the answer when it is decided here. */
  private step(item: Y.Item): Y.Item | ParentDepth {
    if (typeof item.parent === 'string') return 0;
    const named = item.parent instanceof Y.ID;
    const ref = named ? (item.parent as Y.ID) : (item.origin ?? item.rightOrigin);
    if (ref === null) return 'none';
    if (ref.clock < Y.getState(this.doc.store, ref.client)) {
      const stored = Y.getItem(this.doc.store, ref);
      // Yjs integrates an item whose parent or neighbour was collected as collected itself.
      if (!(stored instanceof Y.Item)) return 'none';
      if (named) return stored.content instanceof Y.ContentType ? typeDepth(stored.content.type) : 'none';
      return stored.parent instanceof Y.AbstractType ? typeDepth(stored.parent) : 'none';
    }
    const sent = this.find(ref);
    // A skip is a gap in a merged update: what it stands for is as missing as what is not there.
    if (sent === undefined || sent instanceof Y.Skip) return 'unknown';
    if (!(sent instanceof Y.Item) || (named && !(sent.content instanceof Y.ContentType))) return 'none';
    return sent;
  }

  private find(id: Y.ID): Y.Item | Y.GC | Y.Skip | undefined {
    const list = this.byClient.get(id.client);
    if (!list) return undefined;
    let low = 0;
    let high = list.length - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const struct = list[middle]!;
      if (id.clock < struct.id.clock) high = middle - 1;
      else if (id.clock >= struct.id.clock + struct.length) low = middle + 1;
      else return struct;
    }
    return undefined;
  }
}

/** How many types hold `type`, up to a root; counted no further than the limit needs. */
function typeDepth(type: Y.AbstractType<unknown>): number {
  let depth = 0;
  for (let item = type._item; item !== null && depth <= MAX_TYPE_DEPTH; item = (item.parent as Y.AbstractType<unknown>)._item) depth++;
  return depth;
}
