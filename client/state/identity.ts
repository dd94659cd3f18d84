import { newId } from '../../shared/schema/ids';

/**
 * Who this browser is in a workspace: a stable person id, a display name and a colour (its own;
 * among others here it may go by another, `colorAmong`). A member
 * (invited by name) is the member the server knows, by id and name, on every device; a guest is
 * this browser's own person id and the name they typed.
 */
export interface Identity {
  id: string;
  name: string;
  color: string;
  /** The member this is, or null for a guest on a shared role link. */
  memberId: string | null;
}

/** The name the shared screen (`/w/:id/present`) goes by: a screen, not a person to suggest as an owner. */
export const SHARED_SCREEN_NAME = 'Shared screen';

const ID_KEY = 'throughline:person';
const NAME_KEY = 'throughline:name';

/** Colours that stay readable as text on white and as a ring around an avatar; white initials read at 4.5:1 or more on each (SPEC U14). */
const PALETTE = ['#2563eb', '#7c3aed', '#db2777', '#0e7490', '#047857', '#a16207', '#c2410c', '#4f46e5', '#0f766e', '#9333ea'];

/** The person id votes are keyed by; kept in localStorage so a reload keeps one's dots. */
export function personId(): string {
  let id = localStorage.getItem(ID_KEY);
  if (!id) {
    id = newId();
    localStorage.setItem(ID_KEY, id);
  }
  return id;
}

/**
 * This browser's identity in a workspace (SPEC A8). Votes are keyed by its id, so a member keeps their dots
 * on every device; a guest keeps theirs in this browser.
 */
export function identityFor(member: { id: string; name: string } | null, guestName: string): Identity {
  const id = member ? member.id : personId();
  return { id, name: member ? member.name : guestName, color: colorFor(id), memberId: member?.id ?? null };
}

/** The name given the first time, kept for next time; null before anyone has given one. */
export function savedName(): string | null {
  const name = localStorage.getItem(NAME_KEY)?.trim();
  return name ? name : null;
}

export function saveName(name: string): void {
  localStorage.setItem(NAME_KEY, name.trim());
}

/**
 * The colour a screen goes by among the people here (SPEC U48), given the colours of those who
 * were here before it (`taken`): the one it has (`current`) while none of them has it, else its
 * own (`own`, from the person id) if free, else the palette's next colour none of them has; its
 * own again once all ten are taken. Each screen answers only to those before it, so everyone
 * settles on different colours and nobody already here is recoloured by a newcomer.
 */
export function colorAmong(current: string, own: string, taken: ReadonlySet<string>): string {
  if (!taken.has(current)) return current;
  if (!taken.has(own)) return own;
  const start = Math.max(0, PALETTE.indexOf(own));
  for (let step = 1; step < PALETTE.length; step++) {
    const color = PALETTE[(start + step) % PALETTE.length]!;
    if (!taken.has(color)) return color;
  }
  return own;
}

/** A colour derived from the person id, so the same person starts with the same colour on every screen. */
function colorFor(id: string): string {
  let hash = 0;
  for (let i = 0; i < id.length; i++) hash = (hash * 31 + id.charCodeAt(i)) >>> 0;
  return PALETTE[hash % PALETTE.length]!;
}

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? parts[0]![0]! + parts[parts.length - 1]![0]! : (parts[0] ?? '?').slice(0, 2);
  return letters.toUpperCase();
}
