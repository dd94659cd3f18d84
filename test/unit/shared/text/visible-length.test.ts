import { describe, expect, it } from 'vitest';
import { singleLine } from '../../../../shared/text/single-line';
import { clipVisible, visibleLength } from '../../../../shared/text/visible-length';

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
