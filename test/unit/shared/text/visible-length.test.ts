import { describe, expect, it } from 'vitest';
import { singleLine } from '../../../../shared/text/single-line';
import { clipVisible, firstVisible, visibleLength, visibleOver } from '../../../../shared/text/visible-length';

describe('characters as a person counts them', () => {
  it('[U73] counts a skin-toned hand, a flag and a family as one character each', () => {
    expect(visibleLength('NPS 🙂')).toBe(5);
    expect(visibleLength('👍🏽🇳🇴👨‍👩‍👧')).toBe(3);
  });

  it('[U85] clips past `max` characters at a character’s end, never within one, and leaves a text within it whole', () => {
    expect(clipVisible('👍🏽'.repeat(200), 200)).toBe('👍🏽'.repeat(200));
    expect(clipVisible('👍🏽'.repeat(201), 200)).toBe(`${'👍🏽'.repeat(199)}…`);
    expect(clipVisible('x'.repeat(5_000), 200)).toBe(`${'x'.repeat(199)}…`);
    expect(clipVisible('Q4 review', 200)).toBe('Q4 review');
    // The workspaces list's title (singleLine): 200 flags are a title the header and REST take.
    expect(singleLine('🇳🇴'.repeat(200), 200)).toBe('🇳🇴'.repeat(200));
  });

  it('[U73] counts clusters that straddle where the text is read in pieces, and one stacked past 32 units once per 32', () => {
    expect(visibleLength('e\u0301'.repeat(300))).toBe(300);
    expect(visibleLength(`${'a'.repeat(255)}${'👨‍👩‍👧'.repeat(40)}`)).toBe(295);
    expect(visibleLength(`a${'\u0301'.repeat(999)}`)).toBe(32);
    // Two hundred characters, the last an e and its accent in the 201st unit: whole.
    expect(clipVisible(`${'a'.repeat(199)}e\u0301`, 200)).toBe(`${'a'.repeat(199)}e\u0301`);
    expect(clipVisible(`${'a'.repeat(199)}e\u0301x`, 200)).toBe(`${'a'.repeat(199)}…`);
  });

  it('[U73] counts a character whose two UTF-16 halves fall either side of where the text is read in pieces once', () => {
    // 'a' then hands (4 units each): unit 256 falls between the two halves of a skin tone.
    const text = `a${'👍🏽'.repeat(199)}`;
    expect(visibleLength(text)).toBe(200);
    expect(visibleOver(text, 200)).toBeNull();
    expect(firstVisible(text, 200)).toBe(text);
    expect(clipVisible(text, 200)).toBe(text);
  });

  it('[U73][U85] a title far over the limit is refused without being counted: it says "more than 201"', () => {
    const stored = '👍🏽'.repeat(500_000);
    expect(visibleOver(stored, 200)).toBe('more than 201');
    expect(visibleOver('👍🏽'.repeat(201), 200)).toBe('201');
    expect(visibleOver('👍🏽'.repeat(200), 200)).toBeNull();
    expect(clipVisible(stored, 200)).toBe(`${'👍🏽'.repeat(199)}…`);
  });
});

describe('a limit said in characters, on the server and in the field alike', () => {
  const hands = (count: number) => '👍🏽'.repeat(count);

  it('[U87] visibleOver counts skin-toned hands as one each: 100 are not longer than 100, 101 are', () => {
    expect(visibleOver(hands(100), 100)).toBeNull();
    expect(visibleOver(hands(101), 100)).toBe('101');
    expect(visibleOver('x'.repeat(101), 100)).toBe('101');
  });

  it('[U87] firstVisible keeps the first characters a person sees, never one cut in two', () => {
    expect(firstVisible(hands(201), 200)).toBe(hands(200));
    expect(firstVisible(`ab${hands(3)}`, 4)).toBe(`ab${hands(2)}`);
    expect(firstVisible('short', 200)).toBe('short');
    // Past where the text is read in pieces, and far past: it reads no further than the cut.
    expect(firstVisible(`${'a'.repeat(255)}${hands(300)}`, 300)).toBe(`${'a'.repeat(255)}${hands(45)}`);
    expect(firstVisible(hands(500_000), 200)).toBe(hands(200));
  });
});
