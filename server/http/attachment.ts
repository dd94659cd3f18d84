/** What a file name may not hold on the systems people save downloads to, and control characters. */
const UNSAFE_IN_NAMES = /[\\/:*?"<>|\u0000-\u001f\u007f]+/g;
const MAX_NAME_LENGTH = 120;

/**
 * A download's Content-Disposition (RFC 6266): `name` as people read it ("Q4 operating review
 * minutes 2026-12-06.md", any script), through `filename*` (RFC 8187), and `fallback`, plain
 * ASCII, for a client that reads only `filename`. A name left empty by its unsafe characters is
 * the fallback.
 */
export function attachment(name: string, fallback: string): string {
  const safe = name.replace(UNSAFE_IN_NAMES, ' ').replace(/\s+/g, ' ').trim().slice(0, MAX_NAME_LENGTH).trim();
  // encodeURIComponent leaves ' ( ) * as they are, which RFC 8187's value may not hold.
  const encoded = encodeURIComponent(safe || fallback).replace(/['()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
