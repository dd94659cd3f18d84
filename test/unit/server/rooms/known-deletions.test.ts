import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { deletionsOf } from '../../../../server/rooms/known-deletions';

describe('deletionsOf (H3)', () => {
  it('holds a range inside a deleted run, and not one reaching past it or of another client', () => {
    const doc = new Y.Doc();
    const text = doc.getText('t');
    text.insert(0, 'abcdefghij');
    text.delete(6, 2); // clocks 6–7
    text.delete(1, 3); // clocks 1–3
    const client = doc.clientID;
    const known = deletionsOf(doc);
    expect(known.ranges).toBe(2);
    expect(known.covers(client, 1, 3)).toBe(true);
    expect(known.covers(client, 2, 1)).toBe(true);
    expect(known.covers(client, 6, 2)).toBe(true);
    expect(known.covers(client, 0, 2)).toBe(false);
    expect(known.covers(client, 3, 2)).toBe(false);
    expect(known.covers(client, 5, 2)).toBe(false);
    expect(known.covers(client, 8, 1)).toBe(false);
    expect(known.covers(client + 1, 1, 1)).toBe(false);
  });
});
