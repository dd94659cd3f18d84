import type * as Y from 'yjs';
import type { Role } from './constants';
import { readSubject } from './agenda-read';
import { fail, ok, type OpResult } from './op-result';
import { meetingMap } from './root-types';
import { text } from './stored-values';
import type { Subject } from './types';
import { parseInstant } from './utc-dates';

/**
 * The impact chain the room is looking at (SPEC U8): the subject whose downstream every screen
 * highlights, who showed it and when. It lives in the meeting map (an optional `highlight` entry,
 * absent or null when nothing is highlighted) rather than in awareness, like the current item:
 * it is the room's shared focus, so it must survive its author's tab closing, reach a screen that
 * opens or reloads later, and be clearable by a facilitator, who cannot write another person's
 * awareness. Screens work out the chain from the subject with the shared impact maths, so every
 * screen highlights the same nodes, KPIs and dependencies.
 */
export interface ImpactHighlight {
  readonly subject: Subject;
  readonly label: string;
  /** The person id of whoever showed it, and their name as the room saw it. */
  readonly byId: string;
  readonly by: string | null;
  readonly at: string;
}

/** Who asks to show or clear a highlight. */
export interface HighlightActor {
  id: string;
  name: string | null;
  role: Role;
}

/** The stored highlight, or null when there is none or it is malformed. */
export function readImpactHighlight(value: unknown): ImpactHighlight | null {
  if (typeof value !== 'object' || value === null) return null;
  const fields = value as Record<string, unknown>;
  const subject = readSubject(fields.subject);
  const byId = text(fields.byId);
  const at = text(fields.at);
  if (subject === null || byId === null || at === null || parseInstant(at) === null) return null;
  return { subject, label: text(fields.label) ?? '', byId, by: text(fields.by), at };
}

/**
 * Whether `actor` may clear (or replace) the highlight showing: the person who showed it, or a
 * facilitator, who runs the room. Anyone may show one when none is showing. The screens offer
 * only what this allows; as for every field, an editor's client could still write the map.
 */
export function mayChangeHighlight(current: ImpactHighlight | null, actor: HighlightActor): boolean {
  if (actor.role === 'viewer') return false;
  return current === null || actor.role === 'facilitator' || current.byId === actor.id;
}

/** Shows `subject`'s impact on every screen, replacing the highlight showing if `actor` may. */
export function showImpact(doc: Y.Doc, input: { subject: Subject; label: string }, actor: HighlightActor, now: Date): OpResult {
  const current = readImpactHighlight(meetingMap(doc).get('highlight'));
  if (!mayChangeHighlight(current, actor)) return refusal(current);
  if (readSubject(input.subject) === null) return fail('invalid', 'Only a KPI, a node or a dependency has an impact to show.');
  meetingMap(doc).set('highlight', { subject: { ...input.subject }, label: input.label, byId: actor.id, by: actor.name, at: now.toISOString() });
  return ok();
}

/** Clears the highlight on every screen; only its author or a facilitator may. */
export function clearImpact(doc: Y.Doc, actor: HighlightActor): OpResult {
  const meeting = meetingMap(doc);
  const current = readImpactHighlight(meeting.get('highlight'));
  if (current === null) return ok();
  if (!mayChangeHighlight(current, actor)) return refusal(current);
  meeting.set('highlight', null);
  return ok();
}

function refusal(current: ImpactHighlight | null): OpResult<never> {
  const who = current?.by ?? 'Someone';
  return fail('forbidden', `${who} is showing an impact to the room; ${current?.by ?? 'they'} or a facilitator can clear it.`);
}
