import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** The custom properties of global.css's :root, by name without the leading dashes. */
function palette(): Record<string, string> {
  const css = readFileSync(join(process.cwd(), 'client/styles/global.css'), 'utf8');
  const root = css.slice(css.indexOf(':root {'), css.indexOf('}', css.indexOf(':root {')));
  return Object.fromEntries([...root.matchAll(/--([\w-]+):\s*(#[0-9a-f]{6});/gi)].map((match) => [match[1]!, match[2]!]));
}

/** The colours people are drawn in (state/identity.ts), read from its source as a person would. */
function avatarColours(): string[] {
  const source = readFileSync(join(process.cwd(), 'client/state/identity.ts'), 'utf8');
  const list = /const PALETTE = \[([^\]]+)\]/.exec(source)![1]!;
  return [...list.matchAll(/'(#[0-9a-f]{6})'/gi)].map((match) => match[1]!);
}

/** WCAG 2.1 relative luminance and contrast ratio. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}
function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light! + 0.05) / (dark! + 0.05);
}

describe('the palette', () => {
  const colour = palette();
  const WHITE = '#ffffff';
  const CHIP = '#eef0f3';

  it('[U14] text colours read at 4.5:1 or more on every surface and tint they are drawn on', () => {
    const pairs: [string, string, string][] = [
      ...(['text', 'muted', 'green', 'amber', 'red', 'accent', 'impact'] as const).flatMap((text): [string, string, string][] => [
        [text, 'surface', colour.surface!],
        [text, 'bg', colour.bg!],
      ]),
      ['muted', 'a state chip', CHIP],
      ['green', 'green-soft', colour['green-soft']!],
      ['amber', 'amber-soft', colour['amber-soft']!],
      ['red', 'red-soft', colour['red-soft']!],
      ['accent', 'accent-soft', colour['accent-soft']!],
      ['muted', 'accent-soft', colour['accent-soft']!],
      ['green', 'accent-soft (a selected row)', colour['accent-soft']!],
      ['impact', 'impact-soft', colour['impact-soft']!],
      ['surface', 'accent (a primary button)', colour.accent!],
      ['surface', 'red (a severity tag)', colour.red!],
      ['surface', 'amber (a severity tag)', colour.amber!],
    ];
    for (const [text, on, background] of pairs) {
      expect(contrast(colour[text]!, background), `--${text} on ${on}`).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('[U14] white initials read at 4.5:1 or more on every avatar colour', () => {
    const colours = avatarColours();
    expect(colours.length).toBeGreaterThan(5);
    for (const background of colours) expect(contrast(WHITE, background), `initials on ${background}`).toBeGreaterThanOrEqual(4.5);
  });

  it('[U14] marks that carry meaning without words read at 3:1 or more on white', () => {
    for (const mark of ['amber-mark', 'green', 'red', 'control-line']) {
      expect(contrast(colour[mark]!, WHITE), `--${mark} on white`).toBeGreaterThanOrEqual(3);
    }
  });
});
