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

  it('ends with exactly the new text wherever the caret is said to stand', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 12 }), fc.string({ unit: 'grapheme', maxLength: 12 }), fc.nat(14), (before, after, caret) => {
        const text = textOf(before);
        replaceText(text, after, caret);
        expect(text.toString()).toBe(after);
      }),
      { seed, numRuns: 500 },
    );
  });

  it('[U61] a letter typed just before an equal letter of a colleague’s is put on the caret’s side of it', () => {
    const doc = new Y.Doc();
    // The higher client id: of two letters typed after one letter at once, Yjs puts the lower
    // id's first, so a letter of this person's put after theirs would land after their next one.
    doc.clientID = 2;
    const text = doc.getText('t');
    text.insert(0, 'Decision: ');
    const theirs = new Y.Doc();
    theirs.clientID = 1;
    Y.applyUpdate(theirs, Y.encodeStateAsUpdate(doc));
    theirs.getText('t').insert(10, 'a');
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(theirs, Y.encodeStateVector(doc)));
    // This person's caret stood before their "a" (10); typing "a" there leaves it at 11.
    replaceText(text, 'Decision: aa', 11);
    // They type on after their own "a"; the new letter belongs after it, not before this person's.
    theirs.getText('t').insert(11, 'n');
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(theirs, Y.encodeStateVector(doc)));
    Y.applyUpdate(theirs, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(theirs)));
    expect(text.toString()).toBe('Decision: aan');
    expect(theirs.getText('t').toString()).toBe('Decision: aan');
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
