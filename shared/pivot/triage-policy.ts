import * as Y from 'yjs';
import { OUTCOME_STATES, isOneOf, severityRank } from '../schema/constants';
import { writeAgendaItem } from '../schema/agenda-accessors';
import { isTouched, readAgendaViews, worstFinding, type AgendaItemView } from '../schema/agenda-read';
import { forgetDecidedText } from '../schema/decided-text';
import { appendLog, RULES_AUTHOR } from '../schema/log';
import { agendaMap, metaMap, sameValue, setIfChanged, type EntryMap } from '../schema/root-types';
import type { StoredFinding, Subject } from '../schema/types';
import type { WorkspaceView } from '../schema/view-types';
import { formatDay, parseDay, todayMs } from '../schema/utc-dates';
import { isInitialised, readMode } from '../schema/workspace';
import { formatDate } from '../rules/format';
import { findingImpactSize } from '../rules/index';
import type { Finding } from '../rules/finding';
import { clearingCause } from './clearing-cause';
import { isCovered, outcomeStands, triageItemId, uncoveredReds } from './coverage';
import { storedFinding, subjectName, triageItemFields } from './triage-item';
import { named } from '../text/quoted';

export interface TriageSummary {
  /** This call turned the review into triage. */
  pivoted: boolean;
  /** Triage items created, by id. */
  created: string[];
  /** Items with an outcome sent back to `open` because a finding on them is uncovered. */
  reopened: string[];
  /** Untouched open items closed because every finding on them cleared. */
  resolved: string[];
}

/** One subject's live findings, worst first (the order `evaluateRules` gives). */
interface SubjectFindings {
  id: string;
  subject: Subject;
  findings: Finding[];
}

type Change =
  | { type: 'create'; group: SubjectFindings }
  | { type: 'refresh'; entry: EntryMap; item: AgendaItemView; group: SubjectFindings; reopen: Finding | null; retitle: string | null }
  | { type: 'clear'; entry: EntryMap; item: AgendaItemView; resolve: boolean };



/**
 * DESIGN §4 triage policy, in one transaction with the caller's `origin`. The room is in charge
 * of its meeting: the rules raise and inform, they never overrule a decision.
 *
 * - Pivot: in review, an uncovered red finding turns the meeting into triage (logged).
 * - Items: in triage, one item `triage:<type>:<id>` per subject with findings, titled with the
 *   subject's name. Existing items, in either mode, take their subject's current `findings`
 *   (keeping each one's `since`), `severity` and `cleared`, and its name as their title while
 *   nobody renamed them (an item raised as its node's title was being typed would otherwise keep
 *   the first letter for good); nothing people set is touched.
 * - Re-raise: an item with an outcome goes back to `open` only when a finding on it is
 *   uncovered (new, worse than accepted, or its revisit date has come), with a log entry.
 * - Clearing: an item whose findings have all cleared is marked `cleared`; an open item nobody
 *   touched is also resolved (logged), any other stays where the room left it.
 * - While in triage, `pivotReason` describes the uncovered reds of now. Going back to review is
 *   the facilitator's call (see review-mode), never made here.
 *
 * Everything is worked out before anything is written, and nothing is written when nothing
 * changed, so re-running on the same findings produces no Yjs update.
 *
 * @example
 * const view = readWorkspaceView(doc);
 * applyTriagePolicy(doc, view, evaluateRules(view, view.rules, now), now, 'rules');
 */
export function applyTriagePolicy(
  doc: Y.Doc,
  view: WorkspaceView,
  findings: readonly Finding[],
  now: Date,
  origin: unknown,
): TriageSummary {
  const summary: TriageSummary = { pivoted: false, created: [], reopened: [], resolved: [] };
  if (!isInitialised(doc)) return summary;
  const agenda = agendaMap(doc);
  // The coverage check, the plan and the clearing pass share one read of the items, in which
  // only the items changed since the last run are read again.
  const items = readAgendaViews(doc);
  const itemOf = (id: string): AgendaItemView | null => items.get(id) ?? null;
  const groups = groupBySubject(findings);
  // Reds on an item about to reopen count as uncovered, so the pivot happens in this same run
  // and running again on the same findings changes nothing.
  const reds = uncoveredReds(findings, itemOf, now);
  const meta = metaMap(doc);
  const pivot = readMode(doc) === 'review' && reds.length > 0;
  const inTriage = pivot || readMode(doc) === 'triage';
  const changes = planChanges(agenda, items, groups, inTriage, (subject) => subjectName(view, subject), now);
  // In review the banner has nothing to say: a reason left by a write that raced the
  // facilitator's "back to review" is cleared rather than shown at the next pivot.
  const reason = inTriage ? pivotReason(reds) : null;
  // An absent key is null (a new workspace stores neither, DESIGN §3).
  const reasonChanged = (meta.get('pivotReason') ?? null) !== reason;
  const pivotedAtLeft = !inTriage && (meta.get('pivotedAt') ?? null) !== null;
  const metaChanged = reasonChanged || pivotedAtLeft;
  if (!pivot && !metaChanged && changes.length === 0) return summary;
  doc.transact(() => {
    if (pivot) {
      meta.set('mode', 'triage');
      meta.set('pivotedAt', now.toISOString());
      appendLog(doc, { at: now, kind: 'pivot', by: RULES_AUTHOR, text: reason!, ref: triageItemId(reds[0]!.subject) });
      summary.pivoted = true;
    }
    if (reasonChanged) meta.set('pivotReason', reason);
    if (pivotedAtLeft) meta.set('pivotedAt', null);
    for (const change of changes) apply(doc, view, change, now, summary);
  }, origin);
  summary.created.sort();
  summary.reopened.sort();
  summary.resolved.sort();
  return summary;
}

function groupBySubject(findings: readonly Finding[]): Map<string, SubjectFindings> {
  const groups = new Map<string, SubjectFindings>();
  const seen = new Set<string>();
  for (const finding of findings) {
    if (seen.has(finding.key)) continue;
    seen.add(finding.key);
    const id = triageItemId(finding.subject);
    const group = groups.get(id);
    if (group) group.findings.push(finding);
    else groups.set(id, { id, subject: finding.subject, findings: [finding] });
  }
  return groups;
}

function planChanges(
  agenda: Y.Map<EntryMap>,
  items: ReadonlyMap<string, AgendaItemView>,
  groups: ReadonlyMap<string, SubjectFindings>,
  inTriage: boolean,
  nameOf: (subject: Subject) => string | null,
  now: Date,
): Change[] {
  const changes: Change[] = [];
  for (const group of groups.values()) {
    const item = items.get(group.id);
    const name = nameOf(group.subject);
    if (item === undefined) {
      // A node added from the outline has no title until its author types one (and the tree
      // names it "Untitled …" if they leave it empty): its item waits for the name rather than
      // being titled after a sentence about a blank name.
      if (inTriage && name !== null) changes.push({ type: 'create', group });
      continue;
    }
    // An item has a view only when its entry is a map.
    const entry = agenda.get(group.id)!;
    const reopen = reopeningFinding(item, group, now);
    const retitle = followsName(item, name) ? name : null;
    if (reopen !== null || retitle !== null || needsRefresh(entry, item, group)) changes.push({ type: 'refresh', entry, item, group, reopen, retitle });
  }
  // By id, so the resolutions' log entries come in one order whatever order the items were read in.
  const cleared: Extract<Change, { type: 'clear' }>[] = [];
  for (const [id, item] of items) {
    if (groups.has(id) || item.kind !== 'triage') continue;
    const resolve = item.state === 'open' && !isTouched(item);
    if (resolve || !item.cleared || item.findings.length > 0) cleared.push({ type: 'clear', entry: agenda.get(id)!, item, resolve });
  }
  cleared.sort((a, b) => (a.item.id < b.item.id ? -1 : 1));
  return changes.concat(cleared);
}

/**
 * Whether the item should take its subject's name `name` as its title: the rules titled it, nobody
 * renamed it since (its title is still the name it was given), and the name is another now. A
 * rename racing this write may lose to it (the last write of `title` wins), once.
 */
function followsName(item: AgendaItemView, name: string | null): name is string {
  return name !== null && item.namedAs !== null && item.title === item.namedAs && name !== item.title;
}

/** The first finding on the subject that its item's outcome does not cover, when it has an outcome to lose (re-raise). */
function reopeningFinding(item: AgendaItemView | null, group: SubjectFindings, now: Date): Finding | null {
  if (item === null || !isOneOf(OUTCOME_STATES, item.state)) return null;
  return group.findings.find((finding) => !isCovered(item, finding, now)) ?? null;
}

/** Whether the stored findings, severity or `cleared` differ from the subject's live findings. */
function needsRefresh(entry: EntryMap, item: AgendaItemView, group: SubjectFindings): boolean {
  if (item.cleared || item.severity !== group.findings[0]!.severity) return true;
  const stored = entry.get('findings');
  if (!(stored instanceof Y.Map) || stored.size !== group.findings.length) return true;
  const since = new Map(item.findings.map((held) => [held.key, held.since]));
  return group.findings.some((finding) => {
    const held = since.get(finding.key);
    return held === undefined || !sameValue(stored.get(finding.key), storedFinding(finding, held));
  });
}

function apply(doc: Y.Doc, view: WorkspaceView, change: Change, now: Date, summary: TriageSummary): void {
  switch (change.type) {
    case 'create': {
      const { group } = change;
      const severity = group.findings[0]!.severity;
      const impact = Math.max(...group.findings.map(findingImpactSize));
      const title = subjectName(view, group.subject) ?? group.findings[0]!.message;
      const since = now.toISOString();
      const stored = new Map(group.findings.map((finding) => [finding.key, storedFinding(finding, since)]));
      writeAgendaItem(doc, group.id, triageItemFields(group.subject, title, severity, impact), stored);
      summary.created.push(group.id);
      return;
    }
    case 'refresh': {
      const { entry, item, group, reopen, retitle } = change;
      syncFindings(entry, item, group.findings, now);
      setIfChanged(entry, 'severity', group.findings[0]!.severity);
      setIfChanged(entry, 'cleared', false);
      if (retitle !== null) {
        entry.set('title', retitle);
        entry.set('namedAs', retitle);
      }
      if (reopen) {
        entry.set('state', 'open');
        forgetDecidedText(entry);
        appendLog(doc, { at: now, kind: 'reopen', by: RULES_AUTHOR, text: `Reopened ${named(retitle ?? item.title)}: ${whyUncovered(item, reopen, now)}.`, ref: item.id });
        summary.reopened.push(item.id);
      }
      return;
    }
    case 'clear': {
      const { entry, item, resolve } = change;
      const stored = entry.get('findings');
      if (stored instanceof Y.Map) for (const key of [...stored.keys()]) stored.delete(key);
      else entry.set('findings', new Y.Map<StoredFinding>());
      setIfChanged(entry, 'cleared', true);
      if (resolve) {
        entry.set('state', 'resolved');
        forgetDecidedText(entry);
        entry.set('acceptedSeverity', worstFinding(item.findings) ?? item.severity);
        entry.set('outcomeAt', now.toISOString());
        entry.set('revisitOn', null);
        // Named as every other entry is when a person's archive or rule switch cleared it (T5).
        const cause = clearingCause(doc, item);
        const text = cause ? `Resolved ${named(item.title)}: ${cause.did}, so every finding on it cleared.` : `Resolved ${named(item.title)}: every finding on it cleared.`;
        appendLog(doc, { at: now, kind: 'resolution', by: cause?.by ?? RULES_AUTHOR, text, ref: item.id });
        summary.resolved.push(item.id);
      }
      return;
    }
  }
}

/** Writes the live findings into the item's map, each keeping the `since` it already had. */
function syncFindings(entry: EntryMap, item: AgendaItemView, live: readonly Finding[], now: Date): void {
  let stored = entry.get('findings');
  if (!(stored instanceof Y.Map)) {
    stored = new Y.Map<StoredFinding>();
    entry.set('findings', stored);
  }
  const map = stored as Y.Map<StoredFinding>;
  const since = new Map(item.findings.map((held) => [held.key, held.since]));
  const liveKeys = new Set(live.map((finding) => finding.key));
  for (const key of [...map.keys()]) if (!liveKeys.has(key)) map.delete(key);
  for (const finding of live) {
    const next = storedFinding(finding, since.get(finding.key) ?? now.toISOString());
    if (!sameValue(map.get(finding.key), next)) map.set(finding.key, next);
  }
}

/** The reason an outcome no longer covers `finding`, for the log. */
function whyUncovered(item: AgendaItemView, finding: Finding, now: Date): string {
  if (!outcomeStands(item, now)) {
    const revisit = parseDay(item.revisitOn);
    return `its revisit date (${revisit === null ? formatDay(todayMs(now)) : formatDate(revisit)}) has come`;
  }
  const held = item.findings.find((stored) => stored.key === finding.key);
  if (held && severityRank(finding.severity) > severityRank(item.acceptedSeverity)) {
    const accepted = item.acceptedSeverity === null ? 'what' : `the ${item.acceptedSeverity}`;
    return `${finding.message}, now ${finding.severity}, worse than ${accepted} the room accepted`;
  }
  return `new since the room's outcome: ${finding.message}`;
}

/** The sentence `meta.pivotReason` and the banner carry while in triage: the reds that need the room now. */
function pivotReason(reds: readonly Finding[]): string {
  if (reds.length === 0) return 'No red finding needs the room; the facilitator can take the meeting back to review.';
  const shown = reds.slice(0, 3).map((finding) => finding.message);
  if (reds.length === 1) return `In triage because ${shown[0]}.`;
  const more = reds.length > shown.length ? `; and ${reds.length - shown.length} more` : '';
  return `In triage on ${reds.length} red findings: ${shown.join('; ')}${more}.`;
}
