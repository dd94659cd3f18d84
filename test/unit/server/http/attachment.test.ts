import { describe, expect, it } from 'vitest';
import { attachment } from '../../../../server/http/attachment';

/** The name a browser saves under: `filename*` decoded, as RFC 8187 says. */
const savedAs = (header: string): string => decodeURIComponent(/filename\*=UTF-8''(.*)$/.exec(header)![1]!);

describe('a download’s name (SPEC M5, M6)', () => {
  it('[M5] keeps a title in any script, takes out what a file system refuses, and falls back to the ASCII name when nothing is left', () => {
    const fallback = 'workspace-abc-minutes-2026-12-06.md';
    expect(savedAs(attachment('Revue T4 — équipe (Paris) minutes 2026-12-06.md', fallback))).toBe('Revue T4 — équipe (Paris) minutes 2026-12-06.md');
    // ' ( ) are escaped, which encodeURIComponent leaves as they are.
    expect(attachment("A (b) it's.md", fallback)).toBe(`attachment; filename="${fallback}"; filename*=UTF-8''A%20%28b%29%20it%27s.md`);
    expect(savedAs(attachment('Q4 "plan": a/b\\c?\n\t minutes.md', fallback))).toBe('Q4 plan a b c minutes.md');
    expect(savedAs(attachment('/:*?', fallback))).toBe(fallback);
    // A long name is cut before its extension, to 120 characters.
    expect(savedAs(attachment(`${'x'.repeat(200)}.md`, fallback))).toBe(`${'x'.repeat(117)}.md`);
    // Cut whole: an emoji across the cut is kept or left out, never halved.
    expect([...savedAs(attachment(`${'x'.repeat(116)}📈📈.md`, fallback))]).toEqual([...'x'.repeat(116), '📈', ...'.md']);
    expect(savedAs(attachment('.md', fallback))).toBe(fallback);
  });

  it('[M5] takes out the marks that would show a name right to left, so a title cannot disguise what the file is', () => {
    const fallback = 'workspace-abc-minutes-2026-12-06.md';
    // Shown with the mark, the name would read "Plandm.60-21-6202 setunim exe.png".
    expect(savedAs(attachment('Plan\u202Egnp.exe minutes 2026-12-06.md', fallback))).toBe('Plangnp.exe minutes 2026-12-06.md');
    expect(savedAs(attachment('\u2067\u05e1\u05e7\u05d9\u05e8\u05d4\u2069\u200f minutes.md', fallback))).toBe('\u05e1\u05e7\u05d9\u05e8\u05d4 minutes.md');
  });
});
