import type { NodeKind, NodeStatus } from '../schema/constants';
import type { NodeView } from '../schema/view-types';
import { parseDay } from '../schema/utc-dates';

/**
 * Wording shared by the rules' messages, so every finding reads the same way: numbers with
 * thousands separators and two decimals, or three significant digits where that says more (an
 * error rate of 0.0012 against 0.001 reads so, not "0 against 0"), dates as "3 Nov 2025", nodes
 * with their team.
 */
const NUMBER = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2, maximumSignificantDigits: 3, roundingPriority: 'morePrecision' });
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function formatNumber(value: number): string {
  return NUMBER.format(value);
}

/** `156 kUSD`, `18.5%`, or a bare number when the KPI has no unit. */
export function formatQuantity(value: number, unit: string): string {
  if (unit === '') return formatNumber(value);
  if (unit === '%') return `${formatNumber(value)}%`;
  return `${formatNumber(value)} ${unit}`;
}

/**
 * A percentage for a sentence, truncated (not rounded) to one decimal so a message never shows
 * a slip at a threshold the rule did not reach: 14.96 % reads "14.9%", not "15%".
 */
export function formatPct(pct: number): string {
  // The epsilon keeps 14.3 (stored as 142.99999… tenths) reading "14.3%".
  const truncated = Math.floor(pct * 10 + 1e-9) / 10;
  return `${formatNumber(truncated)}%`;
}

/** `99.9–100%`: a maintain band, the unit written once, as the rules' messages write it. */
export function formatRange(lower: number, upper: number, unit: string): string {
  return `${formatNumber(lower)}–${formatQuantity(upper, unit)}`;
}

export function formatDate(ms: number): string {
  const date = new Date(ms);
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}

/**
 * A document date (`YYYY-MM-DD`) in words, as `formatDate` writes it ("12 Dec 2026"); anything
 * that is not such a date as stored. Every screen and the minutes write dates so (SPEC U38, M6).
 *
 * @example
 * dayInWords('2026-12-12') // '12 Dec 2026'
 */
export function dayInWords(day: string): string {
  const ms = parseDay(day);
  return ms === null ? day : formatDate(ms);
}

/** What each kind of node is called in a sentence ("a key result"); menus capitalise it (KIND_LABEL). */
export const KIND_NOUN: Readonly<Record<NodeKind, string>> = {
  intent: 'intent',
  objective: 'objective',
  keyResult: 'key result',
  initiative: 'initiative',
  milestone: 'milestone',
};

/**
 * A node as sentences and triage items name it: its title, or "Untitled initiative" while it has
 * none (a row just added from the outline, whose author is still typing), so nothing reads
 * "The objective  has no owner".
 */
export function nodeName(node: Pick<NodeView, 'title' | 'kind'>): string {
  return node.title.trim() !== '' ? node.title : `Untitled ${KIND_NOUN[node.kind]}`;
}

/** "Warehouse cut-over (Platform)": the name, and who to talk to. */
export function nodeLabel(node: NodeView): string {
  const who = node.team ?? node.owner;
  return who ? `${nodeName(node)} (${who})` : nodeName(node);
}

/** The team (else owner, else name) a sentence names as the party waiting or delivering. */
export function partyOf(node: NodeView): string {
  return node.team ?? node.owner ?? nodeName(node);
}

/** The text with its first letter in capitals: a sentence's start. */
export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** "A, B and C" from distinct names, sorted so the sentence is the same on every replica. */
export function joinNames(names: readonly string[]): string {
  return joinList([...new Set(names)].sort());
}

/** "A, B and C", in the order given. */
export function joinList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

export const NODE_STATUS_LABEL: Readonly<Record<NodeStatus, string>> = {
  'not-started': 'Not started',
  'on-track': 'On track',
  'at-risk': 'At risk',
  'off-track': 'Off track',
  done: 'Done',
};
