/**
 * Whether two lists hold the same items (`===`) in the same order: how a re-read list that came
 * out as before is recognised, so what was made from it (a parsed series, a row per id on a
 * screen) is kept rather than made again.
 */
export function sameItems(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
