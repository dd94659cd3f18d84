import * as Y from 'yjs';
import { MEETING_DEFAULTS, MEETING_STATUSES, OUTCOME_STATES, isOneOf, memberOf, type MeetingStatus } from './constants';
import type { ChangeContext } from './agenda-accessors';
import { readAgendaItem } from './agenda-read';
import { forgetDecidedText } from './decided-text';
import { readImpactHighlight, type ImpactHighlight } from './impact-highlight';
import { appendLog } from './log';
import { fail, ok, type OpResult } from './op-result';
import { agendaMap, meetingMap, setIfChanged } from './root-types';
import { number, text } from './stored-values';
import type { TimerJson } from './types';
import { parseInstant } from './utc-dates';
import { named } from '../text/quoted';

/**
 * The live meeting (DESIGN §3 `meeting`, §4 "Meeting"). It lives in the document rather than in
 * the facilitator's awareness, so it survives the facilitator's tab closing or reloading, and a
 * second facilitator or the present screen sees and drives the same item, timer and votes.
 * The current item and its timer are two keys, always written together (pausing rewrites the
 * current item too): when two facilitators click at once, Yjs settles both keys the same way, so
 * the room ends with one of their two states, never one's item with the other's timer.
 */
export interface MeetingView {
  readonly status: MeetingStatus;
  readonly startedAt: string | null;
  readonly endedAt: string | null;
  readonly currentItem: string | null;
  readonly timer: TimerView | null;
  readonly votesRevealed: boolean;
  /** The impact the room is looking at, on every screen (impact-highlight, SPEC U8). */
  readonly highlight: ImpactHighlight | null;
  /** The snapshot the server took when a meeting last ended (SPEC M2, U104), or null before any. */
  readonly endSnapshot: MeetingEndSnapshot | null;
}

/**
 * `meeting.endSnapshot` `{id, startedAt}` (an addition to DESIGN §3): the snapshot a meeting's end
 * took, which holds its minutes, and the `startedAt` of the meeting it ended. Only the server
 * writes it, as it takes the snapshot (M2), so no screen's clock decides which snapshot a meeting
 * left; the start it carries tells a later meeting that it is not yet this one's.
 */
export interface MeetingEndSnapshot {
  readonly id: string;
  readonly startedAt: string | null;
}

export interface TimerView extends TimerJson {
  readonly runningMs: number | null;
}

/** Reads the meeting whatever a writer stored: anything malformed reads as its default. */
export function readMeeting(doc: Y.Doc): MeetingView {
  const meeting = meetingMap(doc);
  return {
    status: memberOf(MEETING_STATUSES, meeting.get('status')) ?? MEETING_DEFAULTS.status,
    startedAt: instant(meeting.get('startedAt')),
    endedAt: instant(meeting.get('endedAt')),
    currentItem: text(meeting.get('currentItem')),
    timer: readTimer(meeting.get('timer')),
    votesRevealed: meeting.get('votesRevealed') === true,
    highlight: readImpactHighlight(meeting.get('highlight')),
    endSnapshot: readEndSnapshot(meeting.get('endSnapshot')),
  };
}

/** Records the snapshot a meeting's end took; only the server does, as it takes it (M2). */
export function markMeetingEndSnapshot(doc: Y.Doc, snapshot: MeetingEndSnapshot): void {
  meetingMap(doc).set('endSnapshot', { id: snapshot.id, startedAt: snapshot.startedAt });
}

/** Minutes and seconds, as timers and the minutes show time spent: 7:05. */
export function clock(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** Time shown on a timer at `nowMs`: what was spent, plus the running stretch. */
export function timerElapsedMs(timer: TimerView, nowMs: number): number {
  return timer.spentMs + (timer.runningMs === null ? 0 : Math.max(0, nowMs - timer.runningMs));
}

/**
 * Starts a meeting: `running`, votes hidden, and every standing item back to `open` with its
 * outcome and dots cleared, so a recurring agenda starts fresh each time. A timebox is per meeting, so
 * the time spent on items starts again from nothing, the paused timer the last meeting ended
 * with included. An item already under discussion stays current, its clock counting only since
 * it was taken up: starting the meeting is not a reason to lose it.
 */
export function startMeeting(doc: Y.Doc, context: ChangeContext): OpResult {
  const current = readMeeting(doc);
  if (current.status === 'running') return fail('conflict', 'A meeting is already running.');
  const at = context.now.toISOString();
  doc.transact(() => {
    const meeting = meetingMap(doc);
    meeting.set('status', 'running');
    meeting.set('startedAt', at);
    meeting.set('endedAt', null);
    meeting.set('votesRevealed', false);
    // An item under discussion stays current, counting only since it was taken up; the paused
    // timer the last meeting ended with, on no current item, goes.
    if (current.timer !== null && current.currentItem === null) meeting.set('timer', null);
    else if (current.timer !== null) writeTimer(doc, restarted(current.timer));
    agendaMap(doc).forEach((entry, id) => {
      if (entry instanceof Y.Map && entry.has('spentMs')) entry.delete('spentMs');
      const item = readAgendaItem(id, entry);
      if (!item?.standing || item.archived) return;
      setIfChanged(entry, 'state', 'open');
      // Last meeting's dots did their work there; this meeting's are spread afresh.
      const votes = entry.get('votes');
      if (votes instanceof Y.Map && votes.size > 0) votes.clear();
      setIfChanged(entry, 'acceptedSeverity', null);
      setIfChanged(entry, 'outcomeAt', null);
      setIfChanged(entry, 'revisitOn', null);
      forgetDecidedText(entry);
    });
    appendLog(doc, { at, kind: 'meeting-start', by: context.by, text: `${context.by ?? 'The facilitator'} started the meeting.`, ref: null });
  });
  return ok();
}

/**
 * Ends the meeting: the timer stops where it is, nothing stays under discussion (an item left
 * without an outcome goes back to `open`) and the votes are hidden again.
 */
export function endMeeting(doc: Y.Doc, context: ChangeContext): OpResult {
  const current = readMeeting(doc);
  if (current.status !== 'running') return fail('conflict', 'No meeting is running.');
  const at = context.now.toISOString();
  doc.transact(() => {
    const meeting = meetingMap(doc);
    meeting.set('status', 'ended');
    meeting.set('endedAt', at);
    meeting.set('currentItem', null);
    meeting.set('timer', current.timer ? paused(current.timer, context.now) : null);
    // The agenda is ordered by dots while they are revealed: after the meeting a red the rules
    // raise must lead it again, not sit under ambers the last meeting voted for.
    setIfChanged(meeting, 'votesRevealed', false);
    if (current.timer) keepTimeSpent(doc, current.timer, context.now);
    stopDiscussing(doc, null);
    appendLog(doc, { at, kind: 'meeting-end', by: context.by, text: `${context.by ?? 'The facilitator'} ended the meeting.`, ref: null });
  });
  return ok();
}

/**
 * Puts an item under discussion: it becomes the current item, its state `discussing`, and its
 * timer runs, continuing from the time already spent on it (the item the timer leaves keeps its
 * own). Any other item left `discussing` without an outcome (the one it replaces, or one that
 * lost a race between two facilitators) goes back to `open`. An item with an outcome is reopened first, so
 * that discussing it never silently drops a decision.
 */
export function discussItem(doc: Y.Doc, itemId: string, context: ChangeContext): OpResult {
  const entry = agendaMap(doc).get(itemId);
  const item = readAgendaItem(itemId, entry);
  if (!item) return fail('not-found', 'That agenda item does not exist.');
  if (isOneOf(OUTCOME_STATES, item.state)) return fail('conflict', `${named(item.title)} has an outcome: reopen it before discussing it again.`);
  const timer = readMeeting(doc).timer;
  doc.transact(() => {
    stopDiscussing(doc, itemId);
    if (timer && timer.item !== itemId) keepTimeSpent(doc, timer, context.now);
    setIfChanged(entry as Y.Map<unknown>, 'state', 'discussing');
    // The clock goes on from the time already spent on the item, in this stretch or earlier ones.
    const spentMs = timer?.item === itemId ? timerElapsedMs(timer, context.now.getTime()) : item.spentMs;
    writeTimer(doc, { item: itemId, runningSince: context.now.toISOString(), spentMs });
  });
  return ok();
}

/**
 * The room settled `itemId` (an outcome, T8): when it is the item under discussion it stops being
 * one, keeping the time spent on it, and the meeting has no current item until the next is taken
 * up. A settled item left "now discussing" with a paused clock read as still open.
 */
export function settleCurrentItem(doc: Y.Doc, itemId: string, now: Date): void {
  const current = readMeeting(doc);
  if (current.currentItem !== itemId && current.timer?.item !== itemId) return;
  doc.transact(() => {
    if (current.timer?.item === itemId) keepTimeSpent(doc, current.timer, now);
    const meeting = meetingMap(doc);
    meeting.set('currentItem', null);
    meeting.set('timer', null);
  }, MEETING_BOOKKEEPING);
}

/**
 * The origin of the meeting's own bookkeeping: not a person's edit, so a person's undo (which
 * takes back transactions without an origin) leaves it. Undoing a decision must not take back
 * the time the room had spent on the item.
 */
const MEETING_BOOKKEEPING = 'meeting bookkeeping';

/** Stops the current item's clock, keeping the time spent. */
export function pauseTimer(doc: Y.Doc, now: Date): OpResult {
  const timer = readMeeting(doc).timer;
  if (!timer) return fail('not-found', 'No item is being timed.');
  if (timer.runningMs !== null) writeTimer(doc, paused(timer, now));
  return ok();
}

/** Starts the current item's clock again from the time already spent. */
export function resumeTimer(doc: Y.Doc, now: Date): OpResult {
  const timer = readMeeting(doc).timer;
  if (!timer) return fail('not-found', 'No item is being timed.');
  if (timer.runningMs === null) writeTimer(doc, { item: timer.item, runningSince: now.toISOString(), spentMs: timer.spentMs });
  return ok();
}

/** The timer and the current item it belongs to, always as a pair (see MeetingView). */
function writeTimer(doc: Y.Doc, timer: TimerJson): void {
  doc.transact(() => {
    const meeting = meetingMap(doc);
    meeting.set('currentItem', timer.item);
    meeting.set('timer', timer);
  });
}

/**
 * A timer on the same item without the time it carried in (an earlier meeting's, when the item
 * was taken up again before this one started): only its running stretch counts.
 */
function restarted(timer: TimerView): TimerJson {
  return { item: timer.item, runningSince: timer.runningSince, spentMs: 0 };
}

/**
 * The item a timer leaves keeps the time spent on it (`spentMs`), for its card and for when the
 * room takes it up again. Set, never added to: two facilitators moving on at once from the same
 * timer each write the total on their clock, and the item keeps one of the two, never a sum.
 */
function keepTimeSpent(doc: Y.Doc, timer: TimerView, now: Date): void {
  const entry = agendaMap(doc).get(timer.item);
  if (entry instanceof Y.Map) setIfChanged(entry, 'spentMs', Math.round(timerElapsedMs(timer, now.getTime())));
}

/** Every item still `discussing`, except `keep`, back to `open`. */
function stopDiscussing(doc: Y.Doc, keep: string | null): void {
  agendaMap(doc).forEach((entry, id) => {
    if (id !== keep && readAgendaItem(id, entry)?.state === 'discussing') entry.set('state', 'open');
  });
}

export function setVotesRevealed(doc: Y.Doc, revealed: boolean): OpResult {
  setIfChanged(meetingMap(doc), 'votesRevealed', revealed);
  return ok();
}

function paused(timer: TimerView, now: Date): TimerJson {
  return { item: timer.item, runningSince: null, spentMs: timerElapsedMs(timer, now.getTime()) };
}

/** A stored timer (in the document, or its JSON), or null when it is not one. */
export function readTimer(value: unknown): TimerView | null {
  if (typeof value !== 'object' || value === null || value instanceof Y.AbstractType) return null;
  const { item, runningSince, spentMs } = value as Partial<Record<keyof TimerJson, unknown>>;
  const id = text(item);
  if (id === null) return null;
  const runningMs = parseInstant(runningSince);
  return {
    item: id,
    runningSince: runningMs === null ? null : (runningSince as string),
    runningMs,
    spentMs: Math.max(0, number(spentMs) ?? 0),
  };
}

function readEndSnapshot(value: unknown): MeetingEndSnapshot | null {
  if (typeof value !== 'object' || value === null || value instanceof Y.AbstractType) return null;
  const { id, startedAt } = value as Partial<Record<keyof MeetingEndSnapshot, unknown>>;
  const snapshot = text(id);
  return snapshot === null ? null : { id: snapshot, startedAt: instant(startedAt) };
}

function instant(value: unknown): string | null {
  return parseInstant(value) === null ? null : (value as string);
}
