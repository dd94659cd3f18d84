import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { replaceText } from '../../../../shared/schema/text-edit';

const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
console.log(`text-edit property seed: ${seed} (replay with FC_SEED=${seed})`);

function textOf(initial: string): Y.Text {
  const doc = new Y.Doc();
  const text = doc.getText('t');
  text.insert(0, initial);
  return text;
}

describe('replaceText', () => {
  it('always ends with exactly the new text, emoji included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 12 }), fc.string({ unit: 'grapheme', maxLength: 12 }), (before, after) => {
        const text = textOf(before);
        replaceText(text, after);
        expect(text.toString()).toBe(after);
      }),
      { seed, numRuns: 500 },
    );
  });

  it("keeps a collaborator's concurrent typing at the other end of the text", () => {
    const a = new Y.Doc();
    a.getText('t').insert(0, 'Cut cloud cost');
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    replaceText(a.getText('t'), 'Cut cloud cost by 20%');
    replaceText(b.getText('t'), 'Q4: Cut cloud cost');
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(a.getText('t').toString()).toBe('Q4: Cut cloud cost by 20%');
    expect(b.getText('t').toString()).toBe(a.getText('t').toString());
  });

  it('writes nothing when the text is unchanged', () => {
    const text = textOf('same');
    let updates = 0;
    text.doc!.on('update', () => updates++);
    expect(replaceText(text, 'same')).toBe(false);
    expect(updates).toBe(0);
  });
});
