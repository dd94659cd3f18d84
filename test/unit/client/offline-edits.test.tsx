import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { OfflineEdits } from '../../../client/sync/offline-edits';
import { updateNode } from '../../../shared/schema/node-accessors';
import { unwrap } from '../../../shared/schema/op-result';
import { addNode } from '../../../shared/tree/tree-ops';

const titleOf = (doc: Y.Doc, id: string) => doc.getMap<Y.Map<unknown>>('nodes').get(id)!.get('title') as Y.Text;

/** Types a string one keystroke (one transaction) at a time, as a person does. */
function type(text: Y.Text, typed: string): void {
  for (const char of typed) text.doc!.transact(() => text.insert(text.length, char));
}

describe('offline edits', () => {
  afterEach(() => localStorage.clear());

  it('[U22] counts one edit per field and one per new node, whatever the keystrokes, and keeps them across a reload', () => {
    const doc = new Y.Doc();
    const existing = unwrap(addNode(doc, { kind: 'objective', title: 'Win', parent: null }));
    const edits = new OfflineEdits(doc, 'w1', () => true, () => undefined);

    type(titleOf(doc, existing), ' big');
    expect(edits.count).toBe(1);
    unwrap(updateNode(doc, existing, { status: 'at-risk' }));
    expect(edits.count).toBe(2);
    const added = unwrap(addNode(doc, { kind: 'keyResult', title: 'New', parent: existing }));
    type(titleOf(doc, added), 'Retention');
    expect(edits.count).toBe(3);

    // A reload: the same workspace's pending edits come back from localStorage.
    edits.destroy();
    expect(new OfflineEdits(new Y.Doc(), 'w1', () => true, () => undefined).count).toBe(3);
    expect(new OfflineEdits(new Y.Doc(), 'w2', () => true, () => undefined).count).toBe(0);
  });

  it('[U22] does not count edits made while in sync, nor changes that arrive from elsewhere', () => {
    const doc = new Y.Doc();
    const id = unwrap(addNode(doc, { kind: 'objective', title: 'Win', parent: null }));
    let recording = false;
    const edits = new OfflineEdits(doc, 'w3', () => recording, () => undefined);
    type(titleOf(doc, id), '!');
    expect(edits.count).toBe(0);

    recording = true;
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    unwrap(updateNode(other, id, { owner: 'Lee' }));
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other));
    expect(edits.count).toBe(0);
  });

  it('[U23] settles into the fields whose merged value is no longer this person’s, then empties', () => {
    const doc = new Y.Doc();
    const id = unwrap(addNode(doc, { kind: 'objective', title: 'Win', parent: null }));
    const edits = new OfflineEdits(doc, 'w4', () => true, () => undefined);
    unwrap(updateNode(doc, id, { status: 'at-risk', owner: 'Ana' }));
    // Someone else's value of the status arrives and wins; the owner stays Ana's.
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    unwrap(updateNode(other, id, { status: 'off-track' }));
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other));

    const overwrites = edits.settle();
    expect(overwrites.map(({ edit, mine, now, merged }) => ({ field: edit.field, mine, now, merged }))).toEqual([
      { field: 'status', mine: 'at-risk', now: 'off-track', merged: false },
    ]);
    expect(edits.count).toBe(0);
  });

  it('[U23][U75] a dependency’s declinedDate, which nobody sees as a value, is neither reported as overwritten nor listed in the presence', () => {
    const doc = new Y.Doc();
    doc.getMap<Y.Map<unknown>>('deps').set('d1', new Y.Map());
    const edits = new OfflineEdits(doc, 'w6', () => true, () => undefined);
    const dep = doc.getMap<Y.Map<unknown>>('deps').get('d1')!;
    doc.transact(() => {
      dep.set('declinedDate', '2025-12-14');
      dep.set('note', 'Too late for us');
    });
    expect(edits.marks().map((mark) => mark.edit.field)).toEqual(['note']);
    // The upstream, having seen the decline, proposes that date again: the decline is taken back.
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
    other.getMap<Y.Map<unknown>>('deps').get('d1')!.set('declinedDate', null);
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other));
    expect(edits.settle()).toEqual([]);
  });

  /** The marks a presence carries once client 42 has set the target of KPIs `ids` offline, the i-th at 1,000 + i ms. */
  function marksAfterTargets(ids: readonly string[]) {
    const doc = new Y.Doc();
    doc.clientID = 42;
    const kpis = doc.getMap<Y.Map<unknown>>('kpis');
    for (const id of ids) kpis.set(id, new Y.Map());
    const edits = new OfflineEdits(doc, 'w5', () => true, () => undefined);
    vi.useFakeTimers();
    try {
      for (const [i, id] of ids.entries()) {
        vi.setSystemTime(1_000 + i);
        kpis.get(id)!.set('target', 110);
      }
    } finally {
      vi.useRealTimers();
    }
    return edits.marks();
  }

  it('[U75] names to colleagues the fields changed offline with their writer and time, newest first, within a presence’s size', () => {
    // 45 ordinary KPIs, then one whose id alone would take more than the marks' share of a presence.
    const marks = marksAfterTargets([...Array.from({ length: 45 }, (_, i) => `k${i}`), 'k'.repeat(9_000)]);
    expect(marks).toHaveLength(40);
    expect(marks[0]).toEqual({ edit: { root: 'kpis', entry: 'k44', field: 'target' }, client: 42, at: 1_044 });
    expect(marks.at(-1)!.edit.entry).toBe('k5');
  });

  it('[U75] counts a presence’s size in bytes: fields whose ids are written in many-byte letters are named only as far as they fit', () => {
    // 40 ids of 150 euro signs: 150 UTF-16 units each, but 450 bytes.
    const ids = Array.from({ length: 40 }, (_, i) => `${i}`.padStart(2, '0') + '€'.repeat(150));
    const marks = marksAfterTargets(ids);
    expect(new TextEncoder().encode(JSON.stringify(marks)).length).toBeLessThanOrEqual(8 * 1024);
    expect(marks.length).toBeGreaterThan(10);
    expect(marks[0]!.edit.entry).toBe(ids[39]);
  });
});
