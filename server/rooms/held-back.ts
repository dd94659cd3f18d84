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

/** Forgets everything held back; whoever sent it resends it on their next sync. */
export function dropHeldBack(doc: Y.Doc): void {
  doc.store.pendingStructs = null;
  doc.store.pendingDs = null;
}
