import { OUTCOME_STATES, isOneOf, type AgendaState } from '../../shared/schema/constants';
import type { AgendaItemView, ItemFinding } from '../../shared/schema/agenda-read';
import { isCovered, outcomeStands } from '../../shared/pivot/coverage';
import { formatDate } from '../../shared/rules/format';
import type { Finding } from '../../shared/rules/finding';
import { parseDay } from '../../shared/schema/utc-dates';

/**
 * What the agenda's screens add to the shared reader (shared/schema/agenda-read): labels, the
 * dot-voting budget, the clock, and how an outcome reads. Items themselves are only ever read
 * through `readAgenda`, which checks every stored value.
 */

/** Each person's dots to spread over the agenda (the usual dot-voting budget). */
export const DOTS_PER_PERSON = 3;

export const STATE_LABEL: Record<AgendaState, string> = {
  open: 'Open',
  discussing: 'Discussing',
  decided: 'Decided',
  deferred: 'Deferred',
  resolved: 'Resolved',
};

export function totalVotes(item: AgendaItemView): number {
  return Object.values(item.votes).reduce((sum, dots) => sum + dots, 0);
}

/**
 * The dots a person has left to place: their budget less those on items the room has yet to take
 * a call on. Dots on an item decided, deferred, resolved or taken off did their work; they stay on
 * it, shown, but come back to spend, or the next meeting would open with the last one's spent.
 */
export function dotsLeft(items: readonly AgendaItemView[], personId: string): number {
  const used = items.reduce((sum, item) => (hasOutcome(item) || item.archived ? sum : sum + (item.votes[personId] ?? 0)), 0);
  return Math.max(0, DOTS_PER_PERSON - used);
}

/**
 * "Accepted until 5 Dec 2026" (or "Accepted") for a decided or deferred triage item whose outcome
 * still covers every finding on it (DESIGN §4): the room has weighed it, so it reads calm, not
 * as an alarm. Null when it is not accepted, or a finding on it is new, worse or past its date.
 */
export function acceptedLabel(item: AgendaItemView, now: Date): string | null {
  if (item.kind !== 'triage' || (item.state !== 'decided' && item.state !== 'deferred')) return null;
  if (!outcomeStands(item, now) || item.findings.some((finding) => !isCovered(item, finding, now))) return null;
  const revisit = parseDay(item.revisitOn);
  return revisit === null ? 'Accepted' : `Accepted until ${formatDate(revisit)}`;
}

/** "Back on 5 Dec 2026": when a decided or deferred review topic returns to the agenda. */
export function revisitLabel(item: AgendaItemView): string | null {
  const revisit = parseDay(item.revisitOn);
  return item.kind === 'review' && hasOutcome(item) && item.state !== 'resolved' && revisit !== null ? `Back on ${formatDate(revisit)}` : null;
}

/**
 * Whether every finding on a triage item has cleared (T5): its card says so, and its badge must
 * not go on showing the severity it last held, a live alarm beside "has cleared".
 */
export function hasCleared(item: AgendaItemView): boolean {
  return item.kind === 'triage' && (item.cleared || item.findings.length === 0);
}

/** The badge an item wears on every screen: its live severity, "cleared", or none. */
export type SeverityBadge = 'red' | 'amber' | 'cleared';

export const SEVERITY_LABEL: Record<SeverityBadge, string> = { red: 'Red', amber: 'Amber', cleared: 'Cleared' };

export function severityBadge(item: AgendaItemView): SeverityBadge | null {
  return hasCleared(item) ? 'cleared' : item.severity;
}

/** Whether the room has taken an outcome on the item (the moves then are reopen, or resolve). */
export function hasOutcome(item: AgendaItemView): boolean {
  return isOneOf(OUTCOME_STATES, item.state);
}

/**
 * The items the room still has to take a call on (open, under discussion) before those it has
 * decided or deferred, each group in the order it came: a red raised after a decision is where
 * the facilitator looks first, not under the items already settled.
 */
export function undecidedFirst(items: readonly AgendaItemView[]): AgendaItemView[] {
  return [...items.filter((item) => !hasOutcome(item)), ...items.filter(hasOutcome)];
}

/**
 * One group of the agenda in the order every screen lists it (T2): still to decide first, red
 * first by impact (the order keys), or by dots once the facilitator has revealed them.
 */
export function agendaOrder(items: readonly AgendaItemView[], revealed: boolean): AgendaItemView[] {
  return undecidedFirst(revealed ? [...items].sort((a, b) => totalVotes(b) - totalVotes(a)) : items);
}

/**
 * The agenda as the Agenda view reads it top to bottom: the triage items, then the review
 * topics, each group in `agendaOrder`; archived and resolved items are not on it. The shared
 * screen's "Up next" reads it too, so the room sees one order on the wall and on every laptop.
 */
export function agendaSequence(items: readonly AgendaItemView[], revealed: boolean): AgendaItemView[] {
  const listed = items.filter((item) => !item.archived && item.state !== 'resolved');
  const ofKind = (kind: AgendaItemView['kind']) => agendaOrder(listed.filter((item) => item.kind === kind), revealed);
  return [...ofKind('triage'), ...ofKind('review')];
}

/**
 * A triage item's findings as the rules' Finding, worst first: the one this browser evaluates
 * with the same key when it has it (it moves with every reading at once), else the one the item
 * stored.
 */
export function shownFindings(item: AgendaItemView, live: readonly Finding[]): Finding[] {
  const byKey = new Map(live.map((finding) => [finding.key, finding]));
  return item.findings.map((stored) => byKey.get(stored.key) ?? asFinding(item, stored));
}

function asFinding(item: AgendaItemView, stored: ItemFinding): Finding {
  // A rules' item always has its subject; the figures read only the rule and the evidence.
  const subject = item.subject ?? { type: 'kpi' as const, id: '' };
  return { key: stored.key, rule: stored.rule, subject, severity: stored.severity, message: stored.message, evidence: stored.evidence };
}
