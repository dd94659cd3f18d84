/**
 * A person's name as compared wherever two names are taken for one person: trimmed, inner spaces
 * collapsed, case folded ("ana  diaz" is "Ana Diaz"). The agenda's "Mine" (SPEC A14), the Actions
 * view's owners (M14) and the members a facilitator invites (A2) compare names this way.
 * Composed (NFC), so "José" typed with a combining accent is "José"; lower-cased the same in every
 * language (a Turkish browser's own lower-casing makes "I" "ı"), so the server and every screen agree.
 */
export function nameKey(name: string | null | undefined): string {
  return (name ?? '').trim().replace(/\s+/g, ' ').normalize('NFC').toLowerCase();
}
