import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { readAwarenessUpdate, writeAwarenessUpdate } from '../../../../server/protocol/awareness-update';
import { ProtocolError } from '../../../../server/protocol/frame-reader';
import {
  readMessage,
  writeAwareness,
  writeQueryAwareness,
  writeSyncStep1,
  writeSyncStep2,
  writeUpdate,
} from '../../../../server/protocol/messages';

function docWithEdit(): Y.Doc {
  const doc = new Y.Doc();
  doc.getText('t').insert(0, 'hello');
  return doc;
}

/** What the stock provider sends, built with y-protocols itself. */
function stockFrame(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

describe('y-websocket message codec', () => {
  const doc = docWithEdit();
  const stateVector = Y.encodeStateVector(doc);
  const update = Y.encodeStateAsUpdate(doc);

  it('round-trips every message it writes', () => {
    expect(readMessage(writeSyncStep1(stateVector))).toEqual({ type: 'sync-step1', stateVector });
    expect(readMessage(writeSyncStep2(update))).toEqual({ type: 'sync-step2', update });
    expect(readMessage(writeUpdate(update))).toEqual({ type: 'sync-update', update });
    expect(readMessage(writeAwareness(update))).toEqual({ type: 'awareness', update });
    expect(readMessage(writeQueryAwareness())).toEqual({ type: 'query-awareness' });
  });

  it('reads the frames y-protocols writes, byte for byte the same as its own', () => {
    const step1 = stockFrame((e) => {
      encoding.writeVarUint(e, 0);
      syncProtocol.writeSyncStep1(e, doc);
    });
    expect(step1).toEqual(writeSyncStep1(stateVector));
    const stockUpdate = stockFrame((e) => {
      encoding.writeVarUint(e, 0);
      syncProtocol.writeUpdate(e, update);
    });
    expect(stockUpdate).toEqual(writeUpdate(update));
  });

  it.each([
    ['an empty frame', new Uint8Array(0), /empty frame/],
    ['a lone 0xFF', Uint8Array.of(0xff), /truncated varint/],
    ['an unknown type', Uint8Array.of(7), /unknown message type 7/],
    ['an unknown sync type', Uint8Array.of(0, 9, 0), /unknown sync message type 9/],
    ['a length past the end', Uint8Array.of(0, 2, 10, 1), /past the end/],
    ['trailing bytes', Uint8Array.of(3, 0), /trailing bytes/],
    ['an auth message', Uint8Array.of(2, 0), /unknown message type 2/],
  ])('refuses %s with a ProtocolError', (_name, frame, message) => {
    expect(() => readMessage(frame)).toThrow(ProtocolError);
    expect(() => readMessage(frame)).toThrow(message);
  });

  it('never reads past the frame even when it is a view into a larger buffer', () => {
    const pool = new Uint8Array([0, 2, 4, 1, 2, 99, 99, 99, 99]);
    expect(() => readMessage(pool.subarray(0, 5))).toThrow(/past the end/);
  });
});

describe('awareness updates', () => {
  it('round-trips what y-protocols encodes', () => {
    const awareness = new Awareness(new Y.Doc());
    awareness.setLocalState({ name: 'Ada', colour: '#c33' });
    const encoded = encodeAwarenessUpdate(awareness, [awareness.clientID]);
    const entries = readAwarenessUpdate(encoded);
    expect(entries).toEqual([{ clientId: awareness.clientID, clock: 1, state: '{"name":"Ada","colour":"#c33"}' }]);
    expect(writeAwarenessUpdate(entries)).toEqual(encoded);
    awareness.destroy();
  });

  it('refuses a state that is not JSON or not UTF-8', () => {
    const notJson = writeAwarenessUpdate([{ clientId: 1, clock: 1, state: '{nope' }]);
    expect(() => readAwarenessUpdate(notJson)).toThrow(/not JSON/);
    const notUtf8 = Uint8Array.of(1, 1, 1, 2, 0xc3, 0x28);
    expect(() => readAwarenessUpdate(notUtf8)).toThrow(/UTF-8/);
  });

  it('[H6] refuses a state nested more than 64 levels deep, counting only brackets outside strings', () => {
    const nested = (levels: number) => `{"d":${'['.repeat(levels - 1)}${']'.repeat(levels - 1)}}`;
    const read = (state: string) => readAwarenessUpdate(writeAwarenessUpdate([{ clientId: 1, clock: 1, state }]));
    expect(read(nested(64))).toHaveLength(1);
    expect(() => read(nested(65))).toThrow(/nest at most 64 levels/);
    expect(() => read(nested(5000))).toThrow(/nest at most 64 levels/);
    expect(read(JSON.stringify({ text: '['.repeat(100), quoted: '"{'.repeat(100) }))).toHaveLength(1);
  });
});
