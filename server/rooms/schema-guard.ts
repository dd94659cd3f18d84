import type * as Y from 'yjs';

/**
 * `meta.schema` says which migrations a document has had (DESIGN §3); only the server's
 * migrations may change it. A client that writes it (a bug, a newer release, a prank) is
 * reverted within the same turn, so the document never becomes one that no load accepts.
 * A revert that throws (overwriting what a client stored there can) goes to `failed` rather
 * than out of the microtask, where it would end the process.
 */
export function guardSchemaVersion(
  doc: Y.Doc,
  migrationOrigin: unknown,
  restore: (body: () => void) => void,
  failed: (error: unknown) => void,
): void {
  const meta = doc.getMap('meta');
  const expected = meta.get('schema');
  meta.observe((event, transaction) => {
    if (transaction.origin === migrationOrigin || !event.keysChanged.has('schema')) return;
    // After the writer's transaction has finished: both land in the same group commit.
    queueMicrotask(() => {
      // Thrown from a microtask, an error would end the process: it goes to the room instead (H1).
      try {
        if (meta.get('schema') !== expected) restore(() => meta.set('schema', expected));
      } catch (error) {
        failed(error);
      }
    });
  });
}
