import * as Y from 'yjs';
import type { NewWorkspace } from '../../server/storage/store';

/** A workspace as the store is given it at creation: `doc`'s state (blank by default), and a token hash per role made from the id. */
export function storedWorkspace(id: string, doc = new Y.Doc()): NewWorkspace {
  return {
    id,
    title: `Review ${id}`,
    mode: 'review',
    initialState: Y.encodeStateAsUpdate(doc),
    initialSchema: 2,
    tokenHashes: { facilitator: `${id}-f`, editor: `${id}-e`, viewer: `${id}-v` },
  };
}
