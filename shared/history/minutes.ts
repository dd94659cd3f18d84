import type { WorkspaceJson } from '../schema/types';
import { dayInWords, formatDate } from '../rules/format';
import { parseDay, parseInstant } from '../schema/utc-dates';
import { listActions, type ActionListing } from './actions';
import { attendeesOf } from '../schema/attendance';
import { RULES_AUTHOR, type LogEntryView } from '../schema/log';
import { actionsOf, entriesOf, isObject, logOf, meetingOf, num, recordedDecision, str, titleOf, type RecordSource } from './json-read';
import { clock, timerElapsedMs } from '../schema/meeting';

/**
 * The day the minutes are of, `YYYY-MM-DD` (UTC): the meeting's end once it has ended, else
 * today's. Their heading and the name they are saved under both say it.
 */
export function minutesDay(doc: WorkspaceJson | null, now: Date): string {
  const meeting = meetingOf(doc);
  return ((meeting.status === 'ended' ? meeting.endedAt : null) ?? now.toISOString()).slice(0, 10);
}

/**
 * The Markdown minutes of a meeting (DESIGN §5 "Minutes", SPEC M6): title and date, who
 * attended, the pivots and why (the one in force when it started too, when it started in
 * triage), each triage item and review topic on its agenda (in the agenda's order; not one settled
 * in an earlier meeting, nor one taken off) with its owner, the time spent on it, its findings,
 * decision and actions (owner, due), the items nobody took up on one line, and the actions still
 * open from earlier meetings. Pure.
 *
 * The meeting is the document's last one: from `meeting.startedAt` to `endedAt` (or `now` while
 * it runs; the whole log when none ever started). Who attended is everyone the attendance
 * register holds for it (SPEC M21: whoever was present, whether or not they did anything) and
 * everyone the log names in that window (whoever started, decided, deferred, resolved, reopened
 * or ended something), each with the role they were present with.
 *
 * @example meetingMinutes(workspaceToJson(doc), recordBasis(previousMeetingDoc), new Date())
 */
export function meetingMinutes(doc: WorkspaceJson | null, beforeMeeting: RecordSource | null, now: Date): string {
  const meeting = meetingOf(doc);
  const fromMs = parseInstant(meeting.startedAt) ?? -Infinity;
  const toMs = meeting.status === 'ended' ? (parseInstant(meeting.endedAt) ?? now.getTime()) : now.getTime();
  const log = logOf(doc).filter((entry) => {
    const ms = parseInstant(entry.at);
    return ms !== null && ms >= fromMs && ms <= toMs;
  });
  const day = minutesDay(doc, now);
  // Dates in words, as every screen writes them (SPEC U38): the minutes are read by people, and
  // "2025-11-03" is a machine's spelling (the file's name keeps it, for sorting).
  const lines: string[] = [`# ${oneLine(titleOf(doc)) || 'Untitled review'}: minutes of ${dayInWords(day)}`, ''];
  if (meeting.startedAt) lines.push(`Meeting ${meeting.startedAt.slice(11, 16)}–${meeting.status === 'ended' && meeting.endedAt ? meeting.endedAt.slice(11, 16) : 'now'} UTC.`, '');

  lines.push('## Attended', '', ...attendedLines(doc, meeting.startedAt, log), '');

  const pivots = log.filter((entry) => entry.kind === 'pivot');
  // A pivot on the minutes' day by its time alone; one on another (a meeting past midnight, or the whole log) with its date.
  const when = (at: string) => `${at.slice(0, 10) === day ? '' : `${dayInWords(at.slice(0, 10))} `}${at.slice(11, 16)} UTC`;
  // A pivot minutes before Start put the whole meeting in triage: that is why it ran as it did.
  const inForce = pivotInForceAt(logOf(doc), fromMs);
  const pivotLines = [
    ...(inForce ? [`- The meeting started in triage (pivot at ${when(inForce.at)}): ${oneLine(inForce.text)}`] : []),
    ...pivots.map((entry) => `- ${when(entry.at)}: ${oneLine(entry.text)}`),
  ];
  lines.push('## Pivots', '', ...(pivotLines.length > 0 ? pivotLines : ['- None.']), '');

  // Only what was on this meeting's agenda: an item settled in an earlier one is that one's record.
  // An item a person resolved in this meeting was taken up, however little else it holds.
  const resolvedBySomeone = new Set(log.filter((entry) => entry.kind === 'resolution' && entry.by !== RULES_AUTHOR && entry.ref !== null).map((entry) => entry.ref));
  const items = [...entriesOf(doc, 'agenda')]
    .filter(([, item]) => item.archived !== true && !settledBefore(item, fromMs))
    .sort(([a, first], [b, second]) => byCodeUnits(orderKey(first), orderKey(second)) || byCodeUnits(a, b));
  // Triage first, as the agenda shows them.
  for (const [kind, heading] of [['triage', '## Triage items'], ['review', '## Review topics']] as const) {
    lines.push(heading, '');
    const ofKind = items.filter(([, item]) => (item.kind === 'triage' ? 'triage' : 'review') === kind);
    if (ofKind.length === 0) lines.push('None.', '');
    // An item nobody took up is named once, on one line: a block each of "none recorded" buries what the room did.
    const untouched = ofKind.filter(([id, item]) => !taken(id, item, meeting, now) && !resolvedBySomeone.has(id));
    const named = new Set(untouched.map(([id]) => id));
    for (const [id, item] of ofKind) if (!named.has(id)) lines.push(...itemLines(id, item, meeting, now));
    if (untouched.length > 0) lines.push(`Not discussed: ${untouched.map(([id, item]) => notDiscussed(id, item)).join(', ')}.`, '');
  }

  // An item on this meeting's agenda lists its own actions, carried over or not: listed here too, they were read twice.
  const listed = new Set(items.map(([id]) => id));
  const elsewhere = listActions(doc, beforeMeeting, { open: true }).filter((action) => !listed.has(action.item.id));
  const withItem = (action: ActionListing) => `${actionLine(action)} (${oneLine(action.item.title)})`;
  const carried = elsewhere.filter((action) => action.carriedOver);
  lines.push('## Open actions from earlier meetings', '', ...(carried.length > 0 ? carried.map(withItem) : ['None.']), '');
  // An action someone added to an item an earlier meeting settled, after that meeting: not
  // carried over (the last review never held it) and on no item of this agenda, so without its
  // own section the minutes would hold it nowhere.
  const added = elsewhere.filter((action) => !action.carriedOver);
  if (added.length > 0) lines.push('## Open actions added since the last review', '', ...added.map(withItem), '');
  return lines.join('\n');
}

type Meeting = ReturnType<typeof meetingOf>;

/** The latest pivot or return to review logged before `fromMs`, when it is a pivot: the triage a meeting started in. */
function pivotInForceAt(log: readonly LogEntryView[], fromMs: number): LogEntryView | null {
  let last: { entry: LogEntryView; ms: number } | null = null;
  for (const entry of log) {
    const ms = parseInstant(entry.at);
    if (ms !== null && ms < fromMs && (entry.kind === 'pivot' || entry.kind === 'review') && (last === null || ms >= last.ms)) last = { entry, ms };
  }
  return last?.entry.kind === 'pivot' ? last.entry : null;
}

const itemTitle = (id: string, item: Record<string, unknown>): string => oneLine(typeof item.title === 'string' && item.title ? item.title : id);

/** Time on the item's clock: its clock now for the item under discussion, earlier stretches included. */
function spentOn(id: string, item: Record<string, unknown>, meeting: Meeting, now: Date): number | null {
  const onClock = meeting.timer !== null && meeting.timer.item === id && meeting.currentItem === id;
  return onClock ? timerElapsedMs(meeting.timer!, now.getTime()) : num(item.spentMs);
}

/**
 * Whether the room took the item up: time on its clock, text in its decision box, an action, a
 * vote, or an outcome people give (decided or deferred; a resolution is theirs when the log says
 * a person took it, see `resolvedBySomeone`). An item still open, or resolved because its
 * findings cleared, with none of these was not discussed.
 */
function taken(id: string, item: Record<string, unknown>, meeting: Meeting, now: Date): boolean {
  const spentMs = spentOn(id, item, meeting, now);
  const voted = isObject(item.votes) && Object.values(item.votes).some((dots) => (num(dots) ?? 0) > 0);
  return (
    (spentMs !== null && spentMs >= 1000) ||
    (typeof item.decision === 'string' && item.decision.trim() !== '') ||
    actionsOf(item).length > 0 ||
    voted ||
    item.state === 'decided' ||
    item.state === 'deferred'
  );
}

/**
 * An untaken item on the "Not discussed" line: its name, with its state when it is not simply
 * open, or the severity of an open triage item (a red nobody discussed is worth a reader's eye).
 */
function notDiscussed(id: string, item: Record<string, unknown>): string {
  const state = stateWords(item);
  const severity = item.severity === 'red' || item.severity === 'amber' ? item.severity : null;
  const note = state !== 'open' ? state : severity;
  return note === null ? itemTitle(id, item) : `${itemTitle(id, item)} (${note})`;
}

/** An agenda item as the minutes give it: its state and owner, time spent, findings, decision and actions. */
function itemLines(id: string, item: Record<string, unknown>, meeting: Meeting, now: Date): string[] {
  const owner = str(item.owner);
  const lines = [`### ${itemTitle(id, item)} (${stateWords(item)}; ${owner ? `owner ${oneLine(owner)}` : 'no owner'})`, ''];
  const spentMs = spentOn(id, item, meeting, now);
  if (spentMs !== null && spentMs >= 1000) lines.push(`Time spent: ${clock(spentMs)}.`, '');
  const findings = isObject(item.findings) ? Object.values(item.findings).filter(isObject) : [];
  if (findings.length > 0) {
    lines.push('Findings:', '');
    for (const finding of findings) lines.push(`- ${str(finding.severity) ?? '?'}: ${oneLine(typeof finding.message === 'string' ? finding.message : '')}`);
    lines.push('');
  }
  // A decided item's text as it was decided (SPEC U108): the box may have changed since.
  const decision = recordedDecision(item).trim();
  // Text in the decision box of an item nobody decided is a draft, not what the room decided.
  const taken = item.state === 'decided' || item.state === 'deferred' || item.state === 'resolved';
  if (taken || decision === '') lines.push(`Decision: ${decision ? oneLine(decision) : 'none recorded.'}`, '');
  else lines.push(`Draft decision, not taken: ${oneLine(decision)}`, '');
  const actions = actionsOf(item);
  if (actions.length > 0) lines.push('Actions:', '', ...actions.map((action) => actionLine(action)), '');
  return lines;
}

/**
 * The register's people for this meeting and the log's, once each, by name, each with the role
 * the register knows (facilitator, editor, viewer; someone only the log names has none known).
 * Most people join on a shared link, so marking each such name "guest" would say nothing about
 * who ran the meeting: the names typed on a shared link, not known to the server, are said once
 * after the list instead.
 */
function attendedLines(doc: WorkspaceJson | null, startedAt: string | null, log: readonly LogEntryView[]): string[] {
  const marks = new Map<string, string>();
  const typed: string[] = [];
  const register = isObject(doc?.attendance) ? Object.values(doc.attendance) : [];
  for (const attendee of attendeesOf(register, startedAt)) {
    marks.set(attendee.name, ` (${attendee.role})`);
    if (attendee.guest) typed.push(oneLine(attendee.name));
  }
  // The rules write to the log too (a pivot), but they did not attend.
  for (const entry of log) if (entry.by !== null && entry.by !== RULES_AUTHOR && !marks.has(entry.by)) marks.set(entry.by, '');
  if (marks.size === 0) return ['- Nobody was recorded as present.'];
  const list = [...marks.keys()].sort().map((name) => `- ${oneLine(name)}${marks.get(name)}`);
  return typed.length > 0 ? [...list, '', `Joined on a shared link, under the name they typed: ${typed.join(', ')}.`] : list;
}

/** An item's state as the heading says it; a deferral says until when (what the room agreed). */
function stateWords(item: Record<string, unknown>): string {
  const state = str(item.state) ?? 'open';
  const revisitOn = state === 'deferred' ? str(item.revisitOn) : null;
  const revisitMs = revisitOn === null ? null : parseDay(revisitOn);
  return revisitMs !== null ? `deferred until ${formatDate(revisitMs)}` : state;
}

function actionLine(action: Pick<ActionListing, 'text' | 'owner' | 'due' | 'done'>): string {
  return `- [${action.done ? 'x' : ' '}] ${oneLine(action.text)}: ${action.owner ? oneLine(action.owner) : 'no owner'}, ${action.due ? `due ${dayInWords(action.due)}` : 'no due date'}`;
}

/** Where the agenda puts an item (its fractional `order`, compared by code units; none first), as `readAgenda` does. */
const orderKey = (item: Record<string, unknown>): string => (typeof item.order === 'string' ? item.order : '');
const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Decided, deferred or resolved before `fromMs` (and not reopened since): not this meeting's business. */
function settledBefore(item: Record<string, unknown>, fromMs: number): boolean {
  const outcomeMs = parseInstant(item.outcomeAt);
  const settled = item.state === 'decided' || item.state === 'deferred' || item.state === 'resolved';
  return settled && outcomeMs !== null && outcomeMs < fromMs;
}

/** Text from the document on one Markdown line: line breaks become spaces. */
const oneLine = (text: string): string => text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
