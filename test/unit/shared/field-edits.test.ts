import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { editKey, editsOfTransaction, readEditedValue, writeEditedValue, type FieldEdit } from '../../../shared/schema/field-edits';
import { updateNode } from '../../../shared/schema/node-accessors';
import { unwrap } from '../../../shared/schema/op-result';
import { addNode } from '../../../shared/tree/tree-ops';

/** The distinct edits the transactions made inside `change` amount to. */
function editsDuring(doc: Y.Doc, change: () => void): string[] {
  const keys = new Set<string>();
  const observer = (transaction: Y.Transaction) => editsOfTransaction(transaction).forEach((edit) => keys.add(editKey(edit)));
  doc.on('afterTransaction', observer);
  change();
  doc.off('afterTransaction', observer);
  return [...keys].sort();
}

describe('field edits', () => {
  it('[U22] groups keystrokes by the field they change, and a new node as the node', () => {
    const doc = new Y.Doc();
    let id = '';
    expect(editsDuring(doc, () => (id = unwrap(addNode(doc, { kind: 'objective', title: 'Win', parent: null }))))).toContain(
      editKey({ root: 'nodes', entry: id, field: null }),
    );
    const title = doc.getMap<Y.Map<unknown>>('nodes').get(id)!.get('title') as Y.Text;
    expect(
      editsDuring(doc, () => {
        for (const char of ' big') title.insert(title.length, char);
        unwrap(updateNode(doc, id, { status: 'at-risk' }));
      }),
    ).toEqual([editKey({ root: 'nodes', entry: id, field: 'status' }), editKey({ root: 'nodes', entry: id, field: 'title' })].sort());
  });

  it('[U23] reads and writes back a text field and a value, and leaves collections alone', () => {
    const doc = new Y.Doc();
    const id = unwrap(addNode(doc, { kind: 'objective', title: 'Win', parent: null }));
    const title: FieldEdit = { root: 'nodes', entry: id, field: 'title' };
    const status: FieldEdit = { root: 'nodes', entry: id, field: 'status' };
    expect(readEditedValue(doc, title)).toBe('Win');
    expect(writeEditedValue(doc, title, 'Win big')).toBe(true);
    expect(readEditedValue(doc, title)).toBe('Win big');
    expect(writeEditedValue(doc, status, 'done')).toBe(true);
    expect(readEditedValue(doc, status)).toBe('done');
    doc.getMap<Y.Map<unknown>>('nodes').get(id)!.set('list', new Y.Array());
    expect(readEditedValue(doc, { root: 'nodes', entry: id, field: 'list' })).toBeUndefined();
    expect(writeEditedValue(doc, { root: 'nodes', entry: 'gone', field: 'title' }, 'x')).toBe(false);
  });
});
