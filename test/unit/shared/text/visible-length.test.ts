import { describe, expect, it } from 'vitest';
import { singleLine } from '../../../../shared/text/single-line';
import { clipVisible, firstVisible, isVisiblyLonger, visibleLength } from '../../../../shared/text/visible-length';

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
});

describe('a limit said in characters, on the server and in the field alike', () => {
  const hands = (count: number) => '👍🏽'.repeat(count);

  it('[U87] isVisiblyLonger counts skin-toned hands as one each: 100 are not longer than 100, 101 are', () => {
    expect(isVisiblyLonger(hands(100), 100)).toBe(false);
    expect(isVisiblyLonger(hands(101), 100)).toBe(true);
    expect(isVisiblyLonger('x'.repeat(101), 100)).toBe(true);
  });

  it('[U87] firstVisible keeps the first characters a person sees, never one cut in two', () => {
    expect(firstVisible(hands(201), 200)).toBe(hands(200));
    expect(firstVisible(`ab${hands(3)}`, 4)).toBe(`ab${hands(2)}`);
    expect(firstVisible('short', 200)).toBe('short');
  });
});
