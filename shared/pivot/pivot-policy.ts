import * as Y from 'yjs';
import { writeAgendaItem } from '../schema/agenda-accessors';
import { appendLog } from '../schema/log';
import { agendaMap, metaMap, type EntryMap } from '../schema/root-types';
import { textOf } from '../schema/stored-values';
import { isInitialised, readMode } from '../schema/workspace';
import type { Finding } from '../rules/finding';
import { pivotReason, triageItemFields, triageItemId, triageOrderKey } from './triage-item';

export interface PivotSummary {
  /** This call turned the review into triage. */
  pivoted: boolean;
  /** Triage items created, by id. */
  created: string[];
  /** Triage items marked resolved because their finding cleared. */
  resolved: string[];
  /** Resolved triage items opened again because their finding came back. */
  reopened: string[];
}

type Change =
  | { type: 'create'; finding: Finding }
  | { type: 'severity'; entry: EntryMap; finding: Finding }
  | { type: 'reopen'; entry: EntryMap; finding: Finding }
  | { type: 'resolve'; entry: EntryMap; id: string };

const BY = 'rules';

/**
 * DESIGN §4 pivot policy, in one transaction with the caller's `origin`:
 *
 * 1. Any red finding while the mode is `review`: mode `triage`, `pivotedAt` = now, a
 *    `pivotReason` naming the red findings, and a `pivot` log entry. Never back to review:
 *    that is the facilitator's call.
 * 2. In triage, one agenda item `triage:<finding key>` per red and amber finding, created only
 *    when absent (see triage-item for its content). An item whose severity changed takes the
 *    new severity and the order that goes with it. A `resolved` item whose finding is back is
 *    reopened (`open`, logged): the team sees the problem again with its earlier decision and
 *    actions, rather than a blank duplicate.
 * 3. In either mode, a triage item not yet resolved whose finding is gone (whatever its
 *    discussion state) becomes `resolved`, with a `resolution` log entry. Items are never deleted.
 *
 * Changes are worked out before anything is written, and nothing is written when nothing
 * changed: applying the same findings twice produces no Yjs update.
 *
 * @example
 * const summary = applyPivotPolicy(doc, evaluateRules(view, view.rules, now), now, 'rules');
 */
export function applyPivotPolicy(doc: Y.Doc, findings: readonly Finding[], now: Date, origin: unknown): PivotSummary {
  const summary: PivotSummary = { pivoted: false, created: [], resolved: [], reopened: [] };
  if (!isInitialised(doc)) return summary;
  const current = new Map<string, Finding>();
  for (const finding of findings) if (!current.has(finding.key)) current.set(finding.key, finding);
  const reds = [...current.values()].filter((finding) => finding.severity === 'red');
  const pivot = readMode(doc) === 'review' && reds.length > 0;
  const inTriage = pivot || readMode(doc) === 'triage';
  const changes = planChanges(doc, current, inTriage);
  if (!pivot && changes.length === 0) return summary;
  doc.transact(() => {
    if (pivot) {
      const reason = pivotReason(reds);
      const meta = metaMap(doc);
      meta.set('mode', 'triage');
      meta.set('pivotedAt', now.toISOString());
      meta.set('pivotReason', reason);
      appendLog(doc, { at: now, kind: 'pivot', by: BY, text: reason, ref: triageItemId(reds[0]!.key) });
      summary.pivoted = true;
    }
    for (const change of changes) apply(doc, change, now, summary);
  }, origin);
  summary.created.sort();
  summary.resolved.sort();
  summary.reopened.sort();
  return summary;
}

function planChanges(doc: Y.Doc, current: ReadonlyMap<string, Finding>, inTriage: boolean): Change[] {
  const agenda = agendaMap(doc);
  const changes: Change[] = [];
  if (inTriage) {
    for (const finding of current.values()) {
      const entry = agenda.get(triageItemId(finding.key));
      if (!(entry instanceof Y.Map)) changes.push({ type: 'create', finding });
      else if (entry.get('state') === 'resolved') changes.push({ type: 'reopen', entry, finding });
      else if (entry.get('severity') !== finding.severity) changes.push({ type: 'severity', entry, finding });
    }
  }
  for (const [id, entry] of agenda.entries()) {
    if (!(entry instanceof Y.Map) || entry.get('kind') !== 'triage' || entry.get('state') === 'resolved') continue;
    const key = entry.get('finding');
    if (typeof key === 'string' && !current.has(key)) changes.push({ type: 'resolve', entry, id });
  }
  return changes;
}

function apply(doc: Y.Doc, change: Change, now: Date, summary: PivotSummary): void {
  switch (change.type) {
    case 'create': {
      const id = triageItemId(change.finding.key);
      writeAgendaItem(doc, id, triageItemFields(change.finding));
      summary.created.push(id);
      return;
    }
    case 'severity':
      setSeverity(change.entry, change.finding);
      return;
    case 'reopen': {
      const id = triageItemId(change.finding.key);
      change.entry.set('state', 'open');
      setSeverity(change.entry, change.finding);
      const text = `Reopened "${textOf(change.entry.get('title'))}": ${change.finding.message}.`;
      appendLog(doc, { at: now, kind: 'reopen', by: BY, text, ref: id });
      summary.reopened.push(id);
      return;
    }
    case 'resolve': {
      change.entry.set('state', 'resolved');
      const text = `Resolved "${textOf(change.entry.get('title'))}": the finding cleared.`;
      appendLog(doc, { at: now, kind: 'resolution', by: BY, text, ref: change.id });
      summary.resolved.push(change.id);
      return;
    }
  }
}

/** A new severity moves the item to where its severity sorts (red items above amber ones). */
function setSeverity(entry: EntryMap, finding: Finding): void {
  if (entry.get('severity') === finding.severity) return;
  entry.set('severity', finding.severity);
  entry.set('order', triageOrderKey(finding));
}
