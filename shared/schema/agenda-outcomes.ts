import * as Y from 'yjs';
import type { ChangeContext } from './agenda-accessors';
import { decisionText, readAgendaItem, worstFinding, type AgendaItemView } from './agenda-read';
import { OUTCOME_STATES, isOneOf, type AgendaState, type LogKind, type OutcomeState } from './constants';
import { forgetDecidedText, keepDecidedText } from './decided-text';
import { appendLog } from './log';
import { settleCurrentItem } from './meeting';
import { fail, ok, type OpResult } from './op-result';
import { agendaMap, setIfChanged, type EntryMap } from './root-types';
import { isDay, parseDay, todayMs } from './utc-dates';
import { formatDate } from '../rules/format';
import { named } from '../text/quoted';

/**
 * The outcomes a room takes on an item (DESIGN §4): decide, defer until a date, resolve. Each
 * records what it accepted (`acceptedSeverity`, the worst finding on the item now) and when
 * (`outcomeAt`), which is what lets the triage policy tell a finding the room has already
 * weighed from one that is new or worse, and logs it for the minutes.
 */

/**
 * Decides the item: the decision is what the room typed in its box (a shared text, edited in
 * place), kept as the item's `decidedText` (SPEC U108); an optional revisit date brings it back
 * on that day.
 */
export function decideItem(doc: Y.Doc, id: string, revisitOn: string | null, context: ChangeContext): OpResult {
  return takeOutcome(doc, id, 'decided', revisitOn, context);
}

/** Defers the item until `revisitOn` (required): it stays accepted until that day, then returns. */
export function deferItem(doc: Y.Doc, id: string, revisitOn: string, context: ChangeContext): OpResult {
  if (!isDay(revisitOn)) return fail('invalid', 'A deferral needs the date to revisit it, written YYYY-MM-DD.');
  return takeOutcome(doc, id, 'deferred', revisitOn, context);
}

/** Resolves the item: the room considers it closed. A finding that returns later is new. */
export function resolveItem(doc: Y.Doc, id: string, context: ChangeContext): OpResult {
  return takeOutcome(doc, id, 'resolved', null, context);
}

/** Takes an outcome back: the item is open again, with its decision box, actions and votes; its decided text goes. */
export function reopenItem(doc: Y.Doc, id: string, context: ChangeContext): OpResult {
  const entry = agendaMap(doc).get(id);
  const item = readAgendaItem(id, entry);
  if (!item) return fail('not-found', 'That agenda item does not exist.');
  if (item.state === 'open') return ok();
  doc.transact(() => {
    (entry as EntryMap).set('state', 'open');
    forgetDecidedText(entry as EntryMap);
    log(doc, 'reopen', `${context.by ?? 'Someone'} reopened ${named(item.title)}.`, id, context);
  });
  return ok();
}

function takeOutcome(
  doc: Y.Doc,
  id: string,
  state: OutcomeState,
  revisitOn: string | null,
  context: ChangeContext,
): OpResult {
  const entry = agendaMap(doc).get(id);
  const item = readAgendaItem(id, entry);
  if (!item) return fail('not-found', 'That agenda item does not exist.');
  if (revisitOn !== null) {
    const day = parseDay(revisitOn);
    if (day === null) return fail('invalid', 'The revisit date must be written YYYY-MM-DD.');
    if (day <= todayMs(context.now)) {
      return fail('invalid', `The revisit date must be after today (${formatDate(todayMs(context.now))}).`);
    }
  }
  doc.transact(() => {
    const map = entry as EntryMap;
    const outcomeAt = outcomeInstant(item, context.now);
    // The text logged is kept with the outcome, in its transaction, so no later keystroke in the
    // box (SPEC U108) and no undo that leaves the outcome standing can part the record from the log.
    const decidedText = state === 'decided' ? (item.decision?.toString().trim() ?? '') : null;
    map.set('state', state);
    setIfChanged(map, 'acceptedSeverity', worstFinding(item.findings) ?? item.severity);
    map.set('outcomeAt', outcomeAt);
    setIfChanged(map, 'revisitOn', revisitOn);
    if (decidedText === null) forgetDecidedText(map);
    else keepDecidedText(map, decidedText, outcomeAt);
    log(doc, LOG_KIND[state], OUTCOME_SENTENCE[state]({ ...item, revisitOn, decidedText }), id, context);
  });
  // After the outcome's transaction, in one of its own: undoing the outcome leaves the time kept.
  settleCurrentItem(doc, id, context.now);
  return ok();
}

const LOG_KIND: Record<OutcomeState, LogKind> = { decided: 'decision', deferred: 'deferral', resolved: 'resolution' };

/** How the log words an outcome taken on an item, from the item as it stands with the outcome. */
const OUTCOME_SENTENCE: Record<OutcomeState, (item: AgendaItemView) => string> = {
  decided: (item) => {
    const decision = decisionText(item).trim();
    return decision === '' ? `Decided on ${named(item.title)}.` : `Decided on ${named(item.title)}: ${decision}`;
  },
  deferred: (item) => `Deferred ${named(item.title)}${item.revisitOn === null ? '' : ` until ${formatDate(parseDay(item.revisitOn)!)}`}.`,
  resolved: (item) => `Resolved ${named(item.title)}.`,
};

const OUTCOME_NOUN: Record<OutcomeState, string> = { decided: 'decision', deferred: 'deferral', resolved: 'resolution' };

/** Each agenda item's state, by id: what `logOutcomeMoves` compares with after an undo or redo. */
export function agendaStates(doc: Y.Doc): Map<string, AgendaState> {
  const states = new Map<string, AgendaState>();
  for (const [id, entry] of agendaMap(doc).entries()) {
    const item = readAgendaItem(id, entry);
    if (item) states.set(id, item.state);
  }
  return states;
}

/**
 * Logs the outcomes a person's undo or redo took back or took again since `before`
 * (`agendaStates`), and answers the sentences. Undo is per person and reverts the outcome's
 * fields with everything else in its step, but the log is a record, outside undo's reach: without
 * this, the decision would stay logged, and in the minutes, after it was taken back.
 */
export function logOutcomeMoves(doc: Y.Doc, before: ReadonlyMap<string, AgendaState>, context: ChangeContext): string[] {
  const sentences: { kind: LogKind; text: string; ref: string }[] = [];
  for (const [id, entry] of agendaMap(doc).entries()) {
    const item = readAgendaItem(id, entry);
    const was = before.get(id);
    if (!item || was === undefined || was === item.state) continue;
    if (isOneOf(OUTCOME_STATES, item.state)) {
      sentences.push({ kind: LOG_KIND[item.state], text: OUTCOME_SENTENCE[item.state](item), ref: id });
    } else if (isOneOf(OUTCOME_STATES, was)) {
      sentences.push({ kind: 'reopen', text: `${context.by ?? 'Someone'} took back the ${OUTCOME_NOUN[was]} on ${named(item.title)}.`, ref: id });
    }
  }
  if (sentences.length > 0) doc.transact(() => sentences.forEach(({ kind, text, ref }) => log(doc, kind, text, ref, context)));
  return sentences.map((sentence) => sentence.text);
}

/**
 * The outcome covers every finding the person deciding could see on the item, whatever their
 * clock says: a laptop running two minutes slow must not stamp an outcome "before" a finding the
 * server recorded, or the policy would take it as new and reopen the item at once.
 */
function outcomeInstant(item: AgendaItemView, now: Date): string {
  const latestSince = item.findings.reduce((latest, finding) => Math.max(latest, finding.sinceMs), -Infinity);
  return new Date(Math.max(now.getTime(), latestSince)).toISOString();
}

function log(doc: Y.Doc, kind: LogKind, text: string, ref: string, context: ChangeContext): void {
  appendLog(doc, { at: context.now, kind, by: context.by, text, ref });
}
