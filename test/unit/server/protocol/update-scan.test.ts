import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { defaults } from '../../../../server/config';
import { ProtocolError } from '../../../../server/protocol/frame-reader';
import { scanUpdate } from '../../../../server/protocol/update-scan';
import { seededRandom, testSeed } from '../../../support/random';

const unlimited = { maxStructs: Infinity, maxDeleteRanges: Infinity, maxValues: Infinity, maxLength: Infinity };

/** Every update a few replicas emit while editing text, arrays and maps and deleting, synced at random. */
function editingSession(random: () => number): Uint8Array[] {
  const docs = [new Y.Doc(), new Y.Doc(), new Y.Doc()];
  const updates: Uint8Array[] = [];
  for (const doc of docs) doc.on('update', (update: Uint8Array) => updates.push(update));
  for (let step = 0; step < 300; step++) {
    const doc = docs[Math.floor(random() * docs.length)]!;
    const text = doc.getText('notes');
    const list = doc.getArray<unknown>('readings');
    const map = doc.getMap<unknown>('nodes');
    const pick = random();
    if (pick < 0.3) text.insert(Math.floor(random() * (text.length + 1)), random() < 0.5 ? 'ab' : 'héllo 😀 ü€');
    else if (pick < 0.45 && text.length > 0) text.delete(Math.floor(random() * text.length), 1);
    else if (pick < 0.6) list.push([{ at: '2026-11-01', value: random() * 100, nested: [1, 'x', { deep: null }] }]);
    else if (pick < 0.7 && list.length > 0) list.delete(Math.floor(random() * list.length), 1);
    else if (pick < 0.85) {
      const entry = new Y.Map<unknown>();
      map.set(`n${Math.floor(random() * 20)}`, entry);
      entry.set('title', new Y.Text('Raise ACV'));
      entry.set('big', 2n ** 40n);
      entry.set('bytes', Uint8Array.of(1, 2, 3));
    } else {
      // Sync two replicas both ways, as a reconnect would.
      const other = docs[Math.floor(random() * docs.length)]!;
      Y.applyUpdate(other, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(other)));
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(other, Y.encodeStateVector(doc)));
    }
  }
  // Every other kind of content Yjs writes: XML, formatting, embeds, a subdocument.
  const rich = docs[0]!;
  rich.transact(() => {
    const fragment = rich.getXmlFragment('outline');
    const element = new Y.XmlElement('item');
    element.setAttribute('owner', 'Dana');
    element.insert(0, [new Y.XmlText('Raise ACV 😀')]);
    // A hook is a child like any other; Yjs's typings leave it out of the list.
    fragment.insert(0, [element, new Y.XmlHook('hook') as unknown as Y.XmlElement]);
    const notes = rich.getText('notes');
    notes.insert(0, 'Decided', { bold: true });
    notes.insertEmbed(0, { image: 'chart.png' });
    rich.getMap<unknown>('nodes').set('sub', new Y.Doc());
  });
  updates.push(Y.encodeStateAsUpdate(rich));
  return updates;
}

/** A hand-written v1 update: one client's structs, then a delete set. */
function craftedUpdate(structs: Array<(e: encoding.Encoder) => void>, deletes: Array<[client: number, ranges: Array<[number, number]>]>): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, structs.length > 0 ? 1 : 0);
  if (structs.length > 0) {
    encoding.writeVarUint(e, structs.length);
    encoding.writeVarUint(e, 7);
    encoding.writeVarUint(e, 0);
    for (const write of structs) write(e);
  }
  encoding.writeVarUint(e, deletes.length);
  for (const [client, ranges] of deletes) {
    encoding.writeVarUint(e, client);
    encoding.writeVarUint(e, ranges.length);
    for (const [clock, length] of ranges) {
      encoding.writeVarUint(e, clock);
      encoding.writeVarUint(e, length);
    }
  }
  return encoding.toUint8Array(e);
}

/** A string item at the top of the root text `t`. */
const rootString = (text: string) => (e: encoding.Encoder) => {
  encoding.writeUint8(e, 4);
  encoding.writeVarUint(e, 1);
  encoding.writeVarString(e, 't');
  encoding.writeVarString(e, text);
};

/** A string item of client 7 placed after (origin) or before (right origin) the item `[client, clock]`. */
const stringBeside = (side: 'origin' | 'rightOrigin', client: number, clock: number, text: string) => (e: encoding.Encoder) => {
  encoding.writeUint8(e, 4 | (side === 'origin' ? 0x80 : 0x40));
  encoding.writeVarUint(e, client);
  encoding.writeVarUint(e, clock);
  encoding.writeVarString(e, text);
};

/** A string item of client 7 in the shared type made by the item `[client, clock]`. */
const stringInside = (client: number, clock: number, text: string) => (e: encoding.Encoder) => {
  encoding.writeUint8(e, 4);
  encoding.writeVarUint(e, 0);
  encoding.writeVarUint(e, client);
  encoding.writeVarUint(e, clock);
  encoding.writeVarString(e, text);
};

describe('scanning an update before Yjs integrates it', () => {
  it('[H3] counts the structs and deletions Yjs decodes, and where each client’s structs end, for every update of a random editing session', () => {
    const seed = testSeed('update-scan');
    const updates = editingSession(seededRandom(seed));
    for (const update of updates) {
      const decoded = Y.decodeUpdate(update);
      const structs = decoded.structs.length;
      let ranges = 0;
      for (const list of decoded.ds.clients.values()) ranges += list.length;
      // The counts are read through the budget they are held to: exactly at it passes, one under it fails.
      expect(scanUpdate(update, { ...unlimited, maxStructs: structs, maxDeleteRanges: ranges }).overBudget).toBeNull();
      if (structs > 0) expect(scanUpdate(update, { ...unlimited, maxStructs: structs - 1 }).overBudget).toBe('maxStructs');
      if (ranges > 0) expect(scanUpdate(update, { ...unlimited, maxDeleteRanges: ranges - 1 }).overBudget).toBe('maxDeleteRanges');
      const ends = new Map<number, number>();
      // Where each client last creates a shared type (H3 measures only updates that do), or -1.
      const lastTypes = new Map<number, number>();
      for (const struct of decoded.structs) {
        ends.set(struct.id.client, struct.id.clock + struct.length);
        if (struct instanceof Y.Item && struct.content instanceof Y.ContentType) lastTypes.set(struct.id.client, struct.id.clock);
        else if (!lastTypes.has(struct.id.client)) lastTypes.set(struct.id.client, -1);
      }
      const scan = scanUpdate(update, unlimited);
      expect(new Map(scan.clients.map(({ client, end }) => [client, end]))).toEqual(ends);
      expect(new Map(scan.clients.map(({ client, lastType }) => [client, lastType]))).toEqual(lastTypes);
      expect(scan.repeatsClient).toBe(false);
      const deleted = new Map([...decoded.ds.clients].map(([client, items]) => [client, Math.max(...items.map((item) => item.clock + item.len))]));
      expect(new Map(scan.deleting.map(({ client, end }) => [client, end]))).toEqual(deleted);
      // What stock Yjs writes is always stored as sent.
      expect(scan.selfContained).toBe(true);
    }
  });

  it('[H3] names the first budget an update exceeds', () => {
    const doc = new Y.Doc();
    doc.transact(() => {
      for (let i = 0; i < 100; i++) doc.getMap('nodes').set(`n${i}`, i);
    });
    const update = Y.encodeStateAsUpdate(doc);
    expect(scanUpdate(update, { ...unlimited, maxStructs: 99 }).overBudget).toBe('maxStructs');
    expect(scanUpdate(update, { ...unlimited, maxValues: 50 }).overBudget).toBe('maxValues');
    expect(scanUpdate(update, { ...unlimited, maxStructs: 100 }).overBudget).toBeNull();
  });

  it('[H3] given the room’s deletions, allows as many ranges more as it holds, and counts only those it lacks against the budget', () => {
    const doc = new Y.Doc();
    const text = doc.getText('t');
    text.insert(0, 'ab'.repeat(10));
    doc.transact(() => {
      for (let k = 9; k >= 0; k--) text.delete(2 * k + 1, 1);
    });
    // Ten ranges of one clock each: the odd clocks 1, 3, …, 19.
    const update = Y.encodeStateAsUpdate(doc);
    const budget = { ...unlimited, maxDeleteRanges: 4 };
    expect(scanUpdate(update, budget).overBudget).toBe('maxDeleteRanges');
    const holding = (held: number) => ({ ranges: held, covers: (_client: number, clock: number) => clock < 2 * held });
    // The room holds six of them: four new ones are within the budget, five are not.
    expect(scanUpdate(update, budget, holding(6)).overBudget).toBeNull();
    expect(scanUpdate(update, budget, holding(5)).overBudget).toBe('maxDeleteRanges');
    // However few are new, no more ranges than the room holds plus the budget.
    const everything = { ranges: 5, covers: () => true };
    expect(scanUpdate(update, budget, everything).overBudget).toBe('maxDeleteRanges');
    expect(scanUpdate(update, budget, { ...everything, ranges: 6 }).overBudget).toBeNull();
  });

  it('[H3] keeps a large real workspace well within the default budget', () => {
    const doc = new Y.Doc();
    doc.transact(() => {
      const nodes = doc.getMap<Y.Map<unknown>>('nodes');
      for (let i = 0; i < 500; i++) {
        const node = new Y.Map<unknown>();
        nodes.set(`n${i}`, node);
        node.set('title', new Y.Text(`Initiative ${i}`));
        for (const key of ['kind', 'parent', 'order', 'owner', 'status', 'due']) node.set(key, `${key}-${i}`);
      }
    });
    const quarter = { ...defaults.limits.update, maxStructs: defaults.limits.update.maxStructs / 4 };
    expect(scanUpdate(Y.encodeStateAsUpdate(doc), quarter).overBudget).toBeNull();
  });

  it('[R2] refuses what Yjs never writes and could half apply: empty structs and empty or unordered delete ranges', () => {
    expect(() => scanUpdate(craftedUpdate([rootString('')], []), unlimited)).toThrow(ProtocolError);
    expect(() => scanUpdate(craftedUpdate([rootString('ab')], [[7, [[0, 0]]]]), unlimited)).toThrow(ProtocolError);
    expect(() => scanUpdate(craftedUpdate([rootString('ab')], [[7, [[1, 1], [0, 1]]]]), unlimited)).toThrow(ProtocolError);
    expect(scanUpdate(craftedUpdate([rootString('ab')], [[7, [[0, 1]]]]), unlimited).selfContained).toBe(true);
  });

  it('[H16] refuses a struct placed by itself or by a later struct of its own client, which Yjs takes for present and fails on halfway through the update', () => {
    const refused = [
      craftedUpdate([rootString('ab'), stringBeside('origin', 7, 2, 'c')], []),
      craftedUpdate([rootString('ab'), stringBeside('rightOrigin', 7, 9, 'c')], []),
      craftedUpdate([rootString('ab'), stringInside(7, 2, 'c')], []),
    ];
    for (const update of refused) {
      // What it would do unrefused: the first struct is in, then Yjs throws.
      const doc = new Y.Doc();
      expect(() => Y.applyUpdate(doc, update)).toThrow();
      expect(doc.getText('t').toString()).toBe('ab');
      expect(() => scanUpdate(update, unlimited)).toThrow(/refers to itself or to a later struct of its own client/);
    }
    // Placed by an earlier struct of its own client, or by any struct of another client: as Yjs writes them.
    expect(scanUpdate(craftedUpdate([rootString('ab'), stringBeside('origin', 7, 1, 'c')], []), unlimited).overBudget).toBeNull();
    expect(scanUpdate(craftedUpdate([rootString('ab'), stringBeside('rightOrigin', 8, 9, 'c')], []), unlimited).overBudget).toBeNull();
  });

  it('[R2] refuses a value with a "__proto__" key, which lib0 would decode into a prototype', () => {
    const doc = new Y.Doc();
    doc.getMap('nodes').set('n1', JSON.parse('{"title": "fine", "nested": {"__proto__": {"toString": 1}}}'));
    expect(() => scanUpdate(Y.encodeStateAsUpdate(doc), unlimited)).toThrow(/__proto__/);
    const plain = new Y.Doc();
    plain.getMap('nodes').set('n1', { proto: 1, __proto: 2 });
    expect(scanUpdate(Y.encodeStateAsUpdate(plain), unlimited).overBudget).toBeNull();
  });

  it('[R2] refuses a count that cannot fit in the frame as malformed rather than merely large', () => {
    expect(() => scanUpdate(Uint8Array.of(1, 0xff, 0xff, 0xff, 0x0f, 7, 0), defaults.limits.update)).toThrow(ProtocolError);
  });

  it('[R2] throws a ProtocolError, never anything else, for every truncation of a real update', () => {
    const doc = new Y.Doc();
    doc.getMap('nodes').set('n1', { title: 'Ship it', tags: ['a', 'b'], big: 5n });
    doc.getText('notes').insert(0, 'Decided');
    const update = Y.encodeStateAsUpdate(doc);
    for (let end = 0; end < update.length; end++) {
      try {
        scanUpdate(update.subarray(0, end), unlimited);
      } catch (error) {
        expect(error).toBeInstanceOf(ProtocolError);
      }
    }
  });

  it('[H11] marks a merged update with a gap (skip structs) as not stored as sent', () => {
    const a = new Y.Doc();
    const updates: Uint8Array[] = [];
    a.on('update', (update: Uint8Array) => updates.push(update));
    for (let i = 0; i < 3; i++) a.getText('t').insert(0, `x${i}`);
    const withGap = Y.mergeUpdates([updates[0]!, updates[2]!]);
    expect(scanUpdate(withGap, unlimited).selfContained).toBe(false);
  });
});
