import * as Y from 'yjs';

/**
 * Structs and deletions Yjs holds back until the updates they depend on arrive. They live only
 * in memory: they were never stored (S7), so nothing computed from the document for storage or
 * for another client may include them, though Yjs's own `encodeStateAsUpdate` would (H4).
 */
export function holdsBackStructs(doc: Y.Doc): boolean {
  return doc.store.pendingStructs !== null || doc.store.pendingDs !== null;
}

/** Bytes held back, as Yjs keeps them (one merged update of structs, one of deletions). */
export function heldBackBytes(doc: Y.Doc): number {
  return (doc.store.pendingStructs?.update.byteLength ?? 0) + (doc.store.pendingDs?.byteLength ?? 0);
}

/** The document as integrated, without what is held back: all of it, or what `stateVector` lacks. */
export function encodeIntegrated(doc: Y.Doc, stateVector?: Uint8Array): Uint8Array {
  const { pendingStructs, pendingDs } = doc.store;
  if (pendingStructs === null && pendingDs === null) return Y.encodeStateAsUpdate(doc, stateVector);
  doc.store.pendingStructs = null;
  doc.store.pendingDs = null;
  try {
    return Y.encodeStateAsUpdate(doc, stateVector);
  } finally {
    doc.store.pendingStructs = pendingStructs;
    doc.store.pendingDs = pendingDs;
  }
}

/**
 * Applies `updates` in one transaction of `origin`. When that completed edits Yjs held back (it
 * retries them with every update and replaces what it holds when it does), answers the
 * transaction's update, which carries them; else null. Yjs encodes a transaction's update only
 * for a listener, so one listens only while something is held back.
 */
export function applyCompleting(doc: Y.Doc, updates: readonly Uint8Array[], origin: unknown): Uint8Array | null {
  const { pendingStructs, pendingDs } = doc.store;
  const watch = pendingStructs !== null || pendingDs !== null;
  let transactionUpdate: Uint8Array | null = null;
  const capture = (update: Uint8Array, from: unknown) => {
    if (from === origin) transactionUpdate = update;
  };
  if (watch) doc.on('update', capture);
  try {
    doc.transact(() => {
      for (const update of updates) Y.applyUpdate(doc, update);
    }, origin);
  } finally {
    if (watch) doc.off('update', capture);
  }
  const retried = doc.store.pendingStructs !== pendingStructs || doc.store.pendingDs !== pendingDs;
  return watch && retried ? transactionUpdate : null;
}

/** Forgets everything held back; whoever sent it resends it on their next sync. */
export function dropHeldBack(doc: Y.Doc): void {
  doc.store.pendingStructs = null;
  doc.store.pendingDs = null;
}

/**
 * Whether Yjs would integrate every struct and deletion of `updates`, applied in turn, into
 * `doc` at once, holding nothing back: each writer's structs carry on from what the document or
 * an earlier struct holds, everything a struct is placed against (its neighbours when inserted,
 * its parent) is there, and every deletion names what is there. Conservative: what it approves
 * integrates whole; a false answer only means "keep it until what it follows comes".
 */
export function integratesWhole(doc: Y.Doc, updates: readonly Uint8Array[]): boolean {
  // What Yjs holds back it retries with every update, and would integrate along with these;
  // rather than reason about that here, such a room keeps early rows until the gap closes.
  if (holdsBackStructs(doc)) return false;
  const decoded = updates.map((update) => Y.decodeUpdate(update));
  /** Per writer, the clock after the last struct the document and the updates hold without a gap. */
  const reach = new Map<number, number>();
  const reachOf = (client: number) => reach.get(client) ?? Y.getState(doc.store, client);
  for (const { structs } of decoded) {
    for (const struct of structs) {
      const { client, clock } = struct.id;
      const held = reachOf(client);
      if (struct instanceof Y.Skip || clock > held) return false;
      reach.set(client, Math.max(held, clock + struct.length));
    }
  }
  const present = (id: Y.ID | null) => id === null || id.clock < reachOf(id.client);
  for (const { structs } of decoded) {
    for (const struct of structs) {
      if (!(struct instanceof Y.Item)) continue;
      if (!present(struct.origin) || !present(struct.rightOrigin)) return false;
      if (struct.parent instanceof Y.ID && !present(struct.parent)) return false;
    }
  }
  for (const { ds } of decoded) {
    for (const [client, ranges] of ds.clients) {
      const held = reachOf(client);
      if (ranges.some((range) => range.clock + range.len > held)) return false;
    }
  }
  return true;
}
