/** What a file name may not hold on the systems people save downloads to, and control characters. */
const UNSAFE_IN_NAMES = /[\\/:*?"<>|\u0000-\u001f\u007f]+/g;
/**
 * Marks that turn the text after them right to left, or mark a direction: in a file name they
 * make "minutes\u202Edm.exe" read as "minutesexe.md", hiding what the file is. Taken out, not
 * spaced (a title in Arabic or Hebrew reads as well without them).
 */
const DIRECTION_MARKS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/** In code points, the extension kept: within the 255 bytes file systems take, for most scripts. */
const MAX_NAME_LENGTH = 120;

/**
 * A download's Content-Disposition (RFC 6266): `name` as people read it ("Q4 operating review
 * minutes 2026-12-06.md", any script), through `filename*` (RFC 8187), and `fallback`, plain
 * ASCII, for a client that reads only `filename`. A long name is cut before its extension; one
 * left empty by its unsafe characters is the fallback.
 */
export function attachment(name: string, fallback: string): string {
  const clean = name.replace(DIRECTION_MARKS, '').replace(UNSAFE_IN_NAMES, ' ').replace(/\s+/g, ' ').trim();
  const dot = clean.lastIndexOf('.');
  const extension = dot >= 0 ? clean.slice(dot) : '';
  // Cut by code points (half an emoji would make encodeURIComponent throw), before the extension.
  const stem = [...clean.slice(0, clean.length - extension.length)].slice(0, MAX_NAME_LENGTH - [...extension].length).join('').trim();
  const safe = stem === '' ? '' : `${stem}${extension}`;
  // encodeURIComponent leaves ' ( ) * as they are, which RFC 8187's value may not hold.
  const encoded = encodeURIComponent(safe || fallback).replace(/['()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
