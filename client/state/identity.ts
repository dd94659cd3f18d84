import { newId } from '../../shared/schema/ids';

/** Who this browser is in every workspace: a stable person id, a display name and a colour. */
export interface Identity {
  id: string;
  name: string;
  color: string;
}

const ID_KEY = 'throughline:person';
const NAME_KEY = 'throughline:name';

/** Colours that stay readable as text on white and as a ring around an avatar. */
const PALETTE = ['#2563eb', '#7c3aed', '#db2777', '#0891b2', '#059669', '#ca8a04', '#ea580c', '#4f46e5', '#0d9488', '#9333ea'];

/** The person id votes are keyed by; kept in localStorage so a reload keeps one's dots. */
export function personId(): string {
  let id = localStorage.getItem(ID_KEY);
  if (!id) {
    id = newId();
    localStorage.setItem(ID_KEY, id);
  }
  return id;
}

/** The name given the first time, kept for next time; null before anyone has given one. */
export function savedName(): string | null {
  const name = localStorage.getItem(NAME_KEY)?.trim();
  return name ? name : null;
}

export function saveName(name: string): void {
  localStorage.setItem(NAME_KEY, name.trim());
}

/** A colour derived from the person id, so the same person has the same colour on every screen. */
export function colorFor(id: string): string {
  let hash = 0;
  for (let i = 0; i < id.length; i++) hash = (hash * 31 + id.charCodeAt(i)) >>> 0;
  return PALETTE[hash % PALETTE.length]!;
}

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? parts[0]![0]! + parts[parts.length - 1]![0]! : (parts[0] ?? '?').slice(0, 2);
  return letters.toUpperCase();
}
