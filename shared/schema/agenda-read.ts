import * as Y from 'yjs';
import { AGENDA_STATES, SEVERITIES, SUBJECT_TYPES, isOneOf, memberOf, severityRank, type AgendaState, type Severity } from './constants';
import { agendaMap } from './root-types';
import { changesOf, readEntries, refreshViews } from './view-cache';
import { decidedTextIn } from './decided-text';
import { isPlainText, positive, text, textOf } from './stored-values';
import type { ActionJson, StoredFinding, Subject } from './types';
import { parseDay, parseInstant } from './utc-dates';

/** A finding as its triage item keeps it, with its key and `since` parsed. */
export interface ItemFinding extends StoredFinding {
  readonly key: string;
  readonly sinceMs: number;
}

/**
 * One agenda entry read for people and for the triage policy (DESIGN §3). Any writer can store
 * anything, so every field is checked and defaulted: a malformed value never throws here and
 * never reaches a reader as the wrong type. The decision stays the shared Y.Text (null when a
 * writer broke it) so editors bind to it; everything else is plain data.
 */
export interface AgendaItemView {
  readonly id: string;
  readonly kind: 'review' | 'triage';
  readonly title: string;
  /**
   * Triage items: the subject's name as the rules last titled the item. While the title is still
   * that, nobody renamed the item and it follows its subject's name. Optional in the document:
   * absent on items raised before this release, which keep their title.
   */
  readonly namedAs: string | null;
  readonly subject: Subject | null;
  readonly severity: Severity | null;
  readonly order: string;
  readonly state: AgendaState;
  readonly owner: string | null;
  readonly timeboxMin: number | null;
  /**
   * Time spent discussing it before the timer last left it (another item taken up, the meeting
   * ended); 0 when never timed. Optional in the document: absent before this release.
   */
  readonly spentMs: number;
  readonly standing: boolean;
  readonly cleared: boolean;
  readonly acceptedSeverity: Severity | null;
  readonly revisitOn: string | null;
  readonly outcomeAt: string | null;
  readonly outcomeMs: number | null;
  /** Worst first, then oldest first. */
  readonly findings: readonly ItemFinding[];
  readonly decision: Y.Text | null;
  /**
   * While decided, the text the decision was taken with (SPEC U108, decided-text.ts), whatever the
   * box holds since; null otherwise, and for an item decided before this release.
   */
  readonly decidedText: string | null;
  readonly actions: readonly ActionJson[];
  readonly votes: Readonly<Record<string, number>>;
  /** Optional in the document (absent before this release): a review topic taken off the agenda. */
  readonly archived: boolean;
}

/**
 * @example
 * const item = readAgendaItem('triage:kpi:k1', agendaMap(doc).get('triage:kpi:k1'));
 * item?.findings.map((finding) => finding.message);
 */
export function readAgendaItem(id: string, entry: unknown): AgendaItemView | null {
  if (!(entry instanceof Y.Map)) return null;
  const outcomeAt = text(entry.get('outcomeAt'));
  const outcomeMs = parseInstant(outcomeAt);
  const decision = entry.get('decision');
  const revisitOn = entry.get('revisitOn');
  return {
    id,
    kind: entry.get('kind') === 'triage' ? 'triage' : 'review',
    title: textOf(entry.get('title')),
    namedAs: text(entry.get('namedAs')),
    subject: readSubject(entry.get('subject')),
    severity: memberOf(SEVERITIES, entry.get('severity')),
    order: text(entry.get('order')) ?? '',
    state: memberOf(AGENDA_STATES, entry.get('state')) ?? 'open',
    owner: text(entry.get('owner')),
    timeboxMin: positive(entry.get('timeboxMin')),
    spentMs: positive(entry.get('spentMs')) ?? 0,
    standing: entry.get('standing') === true,
    cleared: entry.get('cleared') === true,
    acceptedSeverity: memberOf(SEVERITIES, entry.get('acceptedSeverity')),
    revisitOn: parseDay(revisitOn) === null ? null : (revisitOn as string),
    outcomeAt: outcomeMs === null ? null : outcomeAt,
    outcomeMs,
    findings: readFindings(entry.get('findings')),
    decision: isPlainText(decision) ? decision : null,
    decidedText: decidedTextIn((key) => entry.get(key)),
    actions: readActions(entry.get('actions')),
    votes: readVotes(entry.get('votes')),
    archived: entry.get('archived') === true,
  };
}

/**
 * Every agenda item's view by id, in no particular order. Like `readWorkspaceView` it re-reads
 * only the items changed since the last call (view-cache), so a policy that looks at every item
 * after every change pays for the items that changed.
 */
export function readAgendaViews(doc: Y.Doc): ReadonlyMap<string, AgendaItemView> {
  const changes = changesOf(doc);
  return changes.isSettled() ? refreshViews(changes.agenda, agendaMap(doc), readAgendaItem) : readEntries(agendaMap(doc), readAgendaItem);
}

/** Every agenda item in order (fractional keys, then id so equal keys sort the same everywhere). */
export function readAgenda(doc: Y.Doc): AgendaItemView[] {
  const items: AgendaItemView[] = [];
  agendaMap(doc).forEach((entry, id) => {
    const item = readAgendaItem(id, entry);
    if (item) items.push(item);
  });
  return items.sort((a, b) => compare(a.order, b.order) || compare(a.id, b.id));
}

/** The item's decision as the record quotes it: the text it was decided with, else what its box holds. */
export function decisionText(item: AgendaItemView): string {
  return item.decidedText ?? item.decision?.toString() ?? '';
}

/**
 * What a decided item's box holds when it is no longer the decision taken (SPEC U108): its text,
 * trimmed, typed after Decide (in flight as it was pressed, or by a tab of the release before or
 * a stock client); null while the box still says what was decided, and for an item with no
 * decided text (not decided, or decided by the release before), whose box is its decision.
 */
export function changedSinceDecided(item: AgendaItemView): string | null {
  if (item.decidedText === null || item.decision === null) return null;
  const box = item.decision.toString().trim();
  return box === item.decidedText.trim() ? null : box;
}

/**
 * The decision boxes of the decided items, which the screens lock and document undo spares
 * (SPEC U108): the record is their `decidedText`, and a box changed since no longer matches it.
 */
export function decidedDecisions(doc: Y.Doc): Set<Y.Text> {
  const locked = new Set<Y.Text>();
  agendaMap(doc).forEach((entry, id) => {
    const item = readAgendaItem(id, entry);
    if (item?.state === 'decided' && item.decision !== null) locked.add(item.decision);
  });
  return locked;
}

/** Whether anyone worked on the item: an owner, a decision, an action or a vote. */
export function isTouched(item: AgendaItemView): boolean {
  return (
    item.owner !== null ||
    (item.decision !== null && item.decision.length > 0) ||
    item.actions.length > 0 ||
    Object.keys(item.votes).length > 0
  );
}

/** The worst severity among an item's findings, or null when it holds none. */
export function worstFinding(findings: readonly { severity: Severity }[]): Severity | null {
  let worst: Severity | null = null;
  for (const finding of findings) if (severityRank(finding.severity) > severityRank(worst)) worst = finding.severity;
  return worst;
}

/** A stored `{type, id}` subject, or null when it is anything else. */
export function readSubject(value: unknown): Subject | null {
  if (typeof value !== 'object' || value === null) return null;
  const { type, id } = value as Partial<Subject>;
  return isOneOf(SUBJECT_TYPES, type) && typeof id === 'string' ? { type, id } : null;
}

function readFindings(value: unknown): ItemFinding[] {
  if (!(value instanceof Y.Map)) return [];
  const findings: ItemFinding[] = [];
  value.forEach((raw: unknown, key: string) => {
    if (typeof raw !== 'object' || raw === null) return;
    const stored = raw as Partial<Record<keyof StoredFinding, unknown>>;
    const severity = memberOf(SEVERITIES, stored.severity);
    const sinceMs = parseInstant(stored.since);
    if (severity === null || sinceMs === null) return;
    const evidence = stored.evidence;
    findings.push({
      key,
      rule: text(stored.rule) ?? key.split(':')[0] ?? '',
      severity,
      message: typeof stored.message === 'string' ? stored.message : '',
      // As stored, not copied (the policy reads every item after every change): a plain object
      // or nothing. Readers of its fields check each one's type, as the evidence renderer does.
      evidence: isPlainRecord(evidence) ? evidence : {},
      since: stored.since as string,
      sinceMs,
    });
  });
  return findings.sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || a.sinceMs - b.sinceMs || compare(a.key, b.key));
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

function readActions(value: unknown): ActionJson[] {
  if (!(value instanceof Y.Array)) return [];
  const actions: ActionJson[] = [];
  for (const action of value.toArray()) {
    if (!(action instanceof Y.Map)) continue;
    const id = text(action.get('id'));
    if (id === null) continue;
    const due = action.get('due');
    actions.push({
      id,
      text: textOf(action.get('text')),
      owner: text(action.get('owner')),
      due: parseDay(due) === null ? null : (due as string),
      done: action.get('done') === true,
    });
  }
  return actions;
}

function readVotes(value: unknown): Record<string, number> {
  const votes: Record<string, number> = Object.create(null);
  if (!(value instanceof Y.Map)) return votes;
  value.forEach((dots: unknown, person: string) => {
    const n = positive(dots);
    if (n !== null) votes[person] = n;
  });
  return votes;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
