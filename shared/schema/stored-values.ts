import * as Y from 'yjs';
import { parseDay } from './utc-dates';

/**
 * Reading one stored value as the kind the schema expects. Any writer can store any value
 * anywhere (DESIGN §6), including objects whose `toString` is not a function, null-prototype
 * objects and Y types, so nothing here converts a value it has not checked the type of.
 */

/** A non-empty string, else null. */
export function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/**
 * A person's or team's name: a string with something other than whitespace in it, else null.
 * Blank or whitespace is nobody (DESIGN §4 `missing-owner`), on every screen and in every rule.
 */
export function name(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

/**
 * The characters of a string or a Y.Text (titles, notes and decisions are Y.Text; titles written
 * by the rules are strings); '' for anything else. Y.XmlText is left out: its `toString` renders
 * formatting attributes as markup and converts whatever they hold to text, which can throw.
 */
export function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (isPlainText(value)) return value.toString();
  return '';
}

/**
 * A Y.Text that is not a Y.XmlText, whose `toString` renders formatting attributes as markup:
 * the shared texts of the schema (titles, notes, decisions).
 */
export function isPlainText(value: unknown): value is Y.Text {
  return value instanceof Y.Text && !(value instanceof Y.XmlText);
}

/** A finite number, else null. */
export function number(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** A finite number above zero, else null. */
export function positive(value: unknown): number | null {
  const n = number(value);
  return n !== null && n > 0 ? n : null;
}

/** A stored `YYYY-MM-DD` day that parses, else null. */
export function day(value: unknown): string | null {
  return dayText(value, parseDay(value));
}

/** A stored day beside its parsed time (`parseDay(value)`, already in hand): the day when it parsed. */
export function dayText(value: unknown, ms: number | null): string | null {
  return ms === null ? null : (value as string);
}

