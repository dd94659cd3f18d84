import {
  INITIATIVE_STAGES,
  LOW_CONFIDENCE,
  NODE_KINDS,
  NODE_STATUSES,
  NODE_TITLE_MAX,
  isOneOf,
  type InitiativeStage,
  type NodeKind,
  type NodeStatus,
} from './constants';
import type { IsoDay, ValueTarget } from './types';
import { isDay } from './utc-dates';
import { visibleOver } from '../text/visible-length';

/** The fields a person edits directly; placement, stage and archiving go through tree ops. */
export interface NodePatch {
  title?: string;
  notes?: string;
  owner?: string | null;
  team?: string | null;
  due?: IsoDay | null;
  reviewDate?: IsoDay | null;
  status?: NodeStatus;
  progress?: number;
  weight?: number;
  kpi?: string | null;
  confidence?: number | null;
  confidenceNote?: string | null;
  value?: ValueTarget | null;
}

export interface NewNode extends NodePatch {
  /** Only for imports and tests that need a known id; refused if the id exists. */
  id?: string;
  kind: NodeKind;
  title: string;
  parent?: string | null;
  /** Fractional index among the siblings; tree ops compute it from a position. */
  order: string;
  stage?: InitiativeStage | null;
}

/**
 * A new title's problem, if it is too long (SPEC U72), counted as it is stored (trimmed) and in
 * the characters a person sees (U73). Checked only where a title is written: a node another
 * writer stored with a longer one still takes every other edit.
 */
export function nodeTitleProblems(title: unknown): string[] {
  if (typeof title !== 'string') return [];
  const over = visibleOver(title.trim(), NODE_TITLE_MAX);
  return over ? [`A title may have at most ${NODE_TITLE_MAX} characters; this one has ${over}.`] : [];
}

/**
 * Whether a stored title is longer than a title may now be made (another writer's, or older): the
 * screens end it in an ellipsis and say it whole on hover. Its UTF-16 length is never less than
 * its characters, and one far over is not counted (visibleOver).
 */
export function titleOverCap(title: string): boolean {
  return visibleOver(title, NODE_TITLE_MAX) !== null;
}

/** Every problem with the fields of a create or patch, as sentences; empty when all is well. */
export function nodeFieldProblems(fields: NodePatch & { stage?: unknown }, kind: NodeKind): string[] {
  const problems: string[] = [];
  if (!isOneOf(NODE_KINDS, kind)) problems.push(`"${String(kind)}" is not a node kind.`);
  if (fields.title !== undefined && (typeof fields.title !== 'string' || fields.title.trim() === '')) {
    problems.push('The title cannot be empty.');
  }
  problems.push(...nodeTitleProblems(fields.title));
  if (fields.notes !== undefined && typeof fields.notes !== 'string') problems.push('Notes must be text.');
  for (const key of ['owner', 'team', 'kpi', 'confidenceNote'] as const) {
    const value = fields[key];
    if (value !== undefined && value !== null && typeof value !== 'string') problems.push(`${key} must be text.`);
  }
  for (const key of ['due', 'reviewDate'] as const) {
    const value = fields[key];
    if (value !== undefined && value !== null && !isDay(value)) {
      problems.push(`${key} must be a date written YYYY-MM-DD.`);
    }
  }
  if (fields.status !== undefined && !isOneOf(NODE_STATUSES, fields.status)) {
    problems.push(`"${String(fields.status)}" is not a status.`);
  }
  if (fields.progress !== undefined && !isFraction(fields.progress)) problems.push('Progress must be between 0 and 1.');
  if (fields.weight !== undefined && !(isFiniteNumber(fields.weight) && fields.weight >= 0)) {
    problems.push('Weight must be a number of 0 or more.');
  }
  if (fields.confidence !== undefined && fields.confidence !== null && !isFraction(fields.confidence)) {
    problems.push('Confidence must be between 0 and 1.');
  }
  if (fields.stage !== undefined && fields.stage !== null) {
    if (kind !== 'initiative') problems.push('Only initiatives have a stage.');
    else if (!isOneOf(INITIATIVE_STAGES, fields.stage)) problems.push(`"${String(fields.stage)}" is not a stage.`);
  }
  if (fields.value !== undefined && fields.value !== null) {
    if (kind !== 'initiative') problems.push('Only initiatives carry a value target.');
    else if (!isValueTarget(fields.value)) problems.push('A value target needs planned and realised numbers and a unit.');
  }
  return problems;
}

/**
 * DESIGN §3: a lowered confidence needs a note. Lowered means below the previous value; a node
 * that had none is held to the bar `low-confidence` warns at, so nobody files a 0.1 silently.
 */
export function confidenceNeedsNote(previous: number | null, next: number | null | undefined): boolean {
  if (next === undefined || next === null) return false;
  return previous === null ? next < LOW_CONFIDENCE : next < previous;
}

/** Blank owners, teams and notes are stored as null, so "no owner" has one spelling. */
export function blankToNull(value: string | null | undefined): string | null {
  if (value === undefined || value === null) return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

export function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function isFraction(value: unknown): boolean {
  return isFiniteNumber(value) && value >= 0 && value <= 1;
}

function isValueTarget(value: unknown): value is ValueTarget {
  if (typeof value !== 'object' || value === null) return false;
  const { planned, realised, unit } = value as Partial<ValueTarget>;
  return isFiniteNumber(planned) && isFiniteNumber(realised) && typeof unit === 'string' && unit.trim() !== '';
}
