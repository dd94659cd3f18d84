import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { replacedValue, type FieldEdit } from '../../../../shared/schema/field-edits';

const STATUS: FieldEdit = { root: 'nodes', entry: 'n1', field: 'status' };

/** Two replicas of one node, each with the client id given, in sync. */
function replicas(mine: number, theirs: number): [Y.Doc, Y.Doc] {
  const a = new Y.Doc();
  a.clientID = mine;
  const b = new Y.Doc();
  b.clientID = theirs;
  const node = new Y.Map<unknown>();
  a.getMap('nodes').set('n1', node);
  node.set('status', 'on-track');
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
  return [a, b];
}

const setStatus = (doc: Y.Doc, status: string) => (doc.getMap('nodes').get('n1') as Y.Map<unknown>).set('status', status);

/** Applies `from`'s changes to `to`, answering replacedValue as read in the transaction that brought them. */
function mergeReading(to: Y.Doc, from: Y.Doc): unknown {
  let read: unknown = 'not read';
  const onAfter = () => (read = replacedValue(to, STATUS));
  to.on('afterTransaction', onAfter);
  Y.applyUpdate(to, Y.encodeStateAsUpdate(from));
  to.off('afterTransaction', onAfter);
  return read;
}

describe('replacedValue (SPEC U23)', () => {
  it('[U23] answers the value a concurrent write of someone else\'s lost to this replica\'s', () => {
    const [mine, theirs] = replicas(100, 5);
    setStatus(mine, 'at-risk');
    setStatus(mine, 'done');
    setStatus(theirs, 'off-track');
    expect(mergeReading(mine, theirs)).toBe('off-track');
    expect((mine.getMap('nodes').get('n1') as Y.Map<unknown>).get('status')).toBe('done');
  });

  it('[U23] answers nothing when theirs won, or when nobody wrote the field meanwhile', () => {
    const [mine, theirs] = replicas(5, 100);
    setStatus(mine, 'at-risk');
    setStatus(theirs, 'off-track');
    expect(mergeReading(mine, theirs)).toBeUndefined();
    const [alone, other] = replicas(100, 5);
    setStatus(alone, 'at-risk');
    expect(mergeReading(alone, other)).toBeUndefined();
  });
});
