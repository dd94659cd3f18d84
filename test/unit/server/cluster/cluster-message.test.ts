import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import { readClusterMessage, readClusterSender, writeClusterMessage } from '../../../../server/cluster/cluster-message';

describe('what nodes tell each other through Redis (SPEC N5-N7)', () => {
  it('N7 a stored batch reads back with the numbers it spans and its updates', () => {
    const updates = [Uint8Array.of(1, 2), Uint8Array.of(3)];
    const message = { type: 'stored', node: 'n1', afterSeq: 7, lastSeq: 9, updates } as const;
    expect(readClusterMessage(writeClusterMessage(message))).toEqual(message);
  });

  it('N5 the sender of every kind of message is read without the rest of it, so a node drops its own unread', () => {
    const messages = [
      { type: 'stored', node: 'n1', afterSeq: 7, lastSeq: 8, updates: [Uint8Array.of(1)] },
      { type: 'presence', node: 'n2', update: Uint8Array.of(2) },
      { type: 'query-presence', node: 'n3' },
    ] as const;
    expect(messages.map((message) => readClusterSender(writeClusterMessage(message)))).toEqual(['n1', 'n2', 'n3']);
    expect(() => readClusterSender(Uint8Array.of(0))).toThrow();
  });

  it('N7 a stored batch whose numbers do not span its updates is refused, not applied at the wrong rows', () => {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 0); // a stored batch
    encoding.writeVarString(encoder, 'n1');
    // Rows 8 to 10, but two updates.
    for (const value of [7, 10, 2]) encoding.writeVarUint(encoder, value);
    for (const update of [Uint8Array.of(1), Uint8Array.of(2)]) encoding.writeVarUint8Array(encoder, update);
    expect(() => readClusterMessage(encoding.toUint8Array(encoder))).toThrow('a stored batch numbered 8 to 10 holds 2 updates');
  });
});
