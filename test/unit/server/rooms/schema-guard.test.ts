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
    guardSchemaVersion(doc, 'migration', (restore) => doc.transact(restore, 'migration'), (error) => failures.push(error));

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
    expect(failures[0]).toBeInstanceOf(RangeError);
  });
});
