import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { guardSchemaVersion } from '../../../../server/rooms/schema-guard';
import { waitFor } from '../../../support/wait-for';

/** A client's update that writes `value` as meta.schema, built by `write` on a replica of `doc`. */
function clientUpdate(doc: Y.Doc, write: (meta: Y.Map<unknown>) => void): Uint8Array {
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(doc));
  const before = Y.encodeStateVector(client);
  client.transact(() => write(client.getMap('meta')));
  return Y.encodeStateAsUpdate(client, before);
}

describe('the schema version guard', () => {
  it('[H1] hands a revert that throws to its room instead of out of the microtask, and still reverts what it can', async () => {
    const doc = new Y.Doc();
    doc.getMap('meta').set('schema', 1);
    const failures: unknown[] = [];
    // What the revert threw, as the room's change would throw it.
    const thrown: unknown[] = [];
    const restore = (body: () => void) => {
      try {
        doc.transact(body, 'migration');
      } catch (error) {
        thrown.push(error);
        throw error;
      }
    };
    guardSchemaVersion(doc, 'migration', restore, (error) => failures.push(error));

    Y.applyUpdate(doc, clientUpdate(doc, (meta) => meta.set('schema', 99)), 'client');
    await waitFor('the revert', () => doc.getMap('meta').get('schema') === 1);

    // Overwriting a chain of nested maps deletes it recursively, deeper than the stack goes.
    Y.applyUpdate(doc, clientUpdate(doc, (meta) => {
      let map = new Y.Map<unknown>();
      meta.set('schema', map);
      for (let i = 0; i < 10_000; i++) {
        const inner = new Y.Map<unknown>();
        map.set('inner', inner);
        map = inner;
      }
    }), 'client');
    await waitFor('the failed revert to reach the room', () => failures.length > 0);
    // Which error that is depends on where the stack runs out, which depends on how much of Yjs
    // the process has compiled: the delete overflows part way down, marking the maps above that
    // point deleted; the transaction's cleanup (in a finally) then garbage-collects the chain
    // recursively too and throws instead, either overflowing in turn (RangeError) or, with its
    // frames smaller than the delete's were, reaching the first map left undeleted (lib0's
    // "Unexpected case" from Item.gc). The guard's part is the same: the revert's own error goes
    // to the room, once, and nothing is thrown out of the microtask.
    expect(thrown).toHaveLength(1);
    expect(thrown[0]).toBeInstanceOf(Error);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toBe(thrown[0]);
  });
});
