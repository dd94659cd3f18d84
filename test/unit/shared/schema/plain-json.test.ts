import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { computeRollups } from '../../../../shared/rollup/rollups';
import { toPlainJson } from '../../../../shared/schema/plain-json';
import { workspaceToJson } from '../../../../shared/schema/to-json';
import { readWorkspaceView } from '../../../../shared/schema/workspace-view';
import { setRaw, unconvertible } from '../../support/poison-values';
import { addTreeNode, newWorkspace } from '../../support/workspace-fixtures';

/** What the server holds after a client's update carrying `write`. */
function received(write: (client: Y.Doc) => void): Y.Doc {
  const client = newWorkspace('Plain JSON');
  write(client);
  const server = new Y.Doc();
  Y.applyUpdate(server, Y.encodeStateAsUpdate(client));
  return server;
}

describe('a stored value as plain JSON', () => {
  it('[H1] shows what a client stored, as far as JSON can say it, without calling anything the client chose', () => {
    const doc = received((client) => {
      const meta = client.getMap('meta');
      setRaw(meta, 'big', 2n ** 63n - 1n);
      meta.set('bytes', new Uint8Array([0, 255]));
      meta.set('sub', new Y.Doc());
      setRaw(meta, 'hostile', { toString: 1, valueOf: {}, toJSON: 5, then: 1, constructor: 1 });
      setRaw(meta, 'protoNull', Object.defineProperty({}, '__proto__', { value: null, enumerable: true }));
      setRaw(meta, 'protoData', Object.defineProperty({ own: 1 }, '__proto__', { value: unconvertible(), enumerable: true }));
      const text = new Y.Text('plain');
      meta.set('text', text);
      text.insertEmbed(0, unconvertible());
      meta.set('xml', new Y.XmlText('x'));
    });
    const meta = JSON.parse(JSON.stringify(workspaceToJson(doc).meta)) as Record<string, unknown>;
    expect(meta).toMatchObject({
      big: '9223372036854775807',
      bytes: [0, 255],
      sub: null,
      hostile: { toString: 1, valueOf: {}, toJSON: 5, then: 1, constructor: 1 },
      protoNull: {},
      text: 'plain',
      xml: null,
    });
    // A `__proto__` key is data here, not the prototype the update decoder made of it.
    expect(JSON.stringify(meta.protoData)).toBe('{"__proto__":{"toString":1},"own":1}');
  });

  it('[H1] cuts a chain of maps deeper than the stack at a fixed depth instead of overflowing', () => {
    const doc = new Y.Doc();
    let map = doc.getMap('meta');
    doc.transact(() => {
      for (let i = 0; i < 20_000; i++) {
        const inner = new Y.Map<unknown>();
        map.set('inner', inner);
        map = inner;
      }
    });
    let depth = 0;
    for (let json = toPlainJson(doc.getMap('meta')); json !== null; json = (json as { inner: unknown }).inner as typeof json) depth++;
    expect(depth).toBe(32);
  });

  it('[H1] keeps an entry whose id is __proto__ as an entry, in the JSON and in the roll-ups', () => {
    const doc = newWorkspace('Hostile ids');
    addTreeNode(doc, { id: '__proto__', title: 'Spelled like a prototype', owner: 'Ana' } as Parameters<typeof addTreeNode>[1]);
    const json = JSON.parse(JSON.stringify(workspaceToJson(doc))) as { nodes: Record<string, { title: string }> };
    expect(Object.keys(json.nodes)).toEqual(['__proto__']);
    expect(Object.getOwnPropertyDescriptor(json.nodes, '__proto__')?.value).toMatchObject({ title: 'Spelled like a prototype' });
    const rollups = computeRollups(readWorkspaceView(doc), []);
    expect(JSON.parse(JSON.stringify(rollups))).toEqual(JSON.parse('{"__proto__": {"progress": 0, "from": 0, "health": "green", "notJudged": 0}}'));
  });
});
