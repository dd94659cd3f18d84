import type { Band, Changes } from '../../shared/history/changes';
import type { LogKind } from '../../shared/schema/constants';
import { fieldWord } from './edit-labels';
import { dependencyName } from '../../shared/schema/dependency-name';
import { formatDate, formatQuantity } from '../../shared/rules/format';
import { parseDay } from '../../shared/schema/utc-dates';
import type { WorkspaceView } from '../../shared/schema/view-types';
import type { Snapshot } from '../sync/record-api';
import { named } from '../../shared/text/quoted';

/**
 * "What changed since the last review" in words (DESIGN §7 History, SPEC M13): the server's diff
 * (shared/history/changes.ts) turned into sections of sentences people read. Pure, so the words
 * are tested without a browser.
 */

export interface ChangeSection {
  title: string;
  lines: string[];
}

/** The log's kinds as people say them (DESIGN §3 `log`). */
const LOG_KIND_WORDS: Record<LogKind, string> = {
  pivot: 'Pivot to triage',
  review: 'Back to review',
  decision: 'Decision',
  deferral: 'Deferral',
  resolution: 'Resolution',
  reopen: 'Reopened',
  'meeting-start': 'Meeting started',
  'meeting-end': 'Meeting ended',
};

/** A log kind in words; a kind this client does not know is shown as written (H1). */
export function logKindWord(kind: string): string {
  return (LOG_KIND_WORDS as Record<string, string>)[kind] ?? kind;
}

/** The fields the diff compares that hold a day (a title or an owner that looks like one stays as typed). */
const DATE_FIELDS = new Set(['due', 'reviewDate', 'needBy', 'committedDate', 'proposedDate', 'revisitOn']);

/**
 * One field value as people read it: fractions as percentages, slugs as words, dates as every
 * other screen writes them ("1 Mar 2025"), nothing as "none".
 */
export function fieldValue(field: string, value: string | number | boolean | null): string {
  if (value === null || value === '') return 'none';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') return field === 'progress' || field === 'confidence' ? `${Math.round(value * 100)} %` : String(value);
  const day = DATE_FIELDS.has(field) ? parseDay(value) : null;
  if (day !== null) return formatDate(day);
  return field === 'status' || field === 'stage' || field === 'state' ? value.replace(/-/g, ' ') : value;
}

/** A band in words; `off` says why there is none, so a switched-off rule never reads as a verdict. */
function bandWord(band: Band): string {
  if (band === 'off') return 'not judged (threshold rule off)';
  return band === null ? 'no band' : band;
}

/** A KPI's value as every other screen writes it ("2,660 kUSD", "18.5%"). */
function numberWord(value: number | null, unit: string): string {
  return value === null ? 'no reading' : formatQuantity(value, unit);
}

/** What the diff carries only as ids: a node's title, a KPI's unit. */
export interface ChangeNames {
  node(id: string | null): string;
  kpiUnit(id: string): string;
}

/** The names as the workspace holds them now. */
export function namesIn(view: Pick<WorkspaceView, 'nodes' | 'kpis'>): ChangeNames {
  return {
    node: (id) => (id ? (view.nodes.get(id)?.title ?? id) : 'unknown'),
    kpiUnit: (id) => view.kpis.get(id)?.unit ?? '',
  };
}

const BY_ID: ChangeNames = { node: (id) => id ?? 'unknown', kpiUnit: () => '' };

/**
 * @example
 *   describeChanges(answer.changes, namesIn(ws.view()))
 *   // [{ title: 'Changed', lines: ['“Usage export API”: status on track → at risk'] }, …]
 */
export function describeChanges(changes: Changes, names: ChangeNames = BY_ID): ChangeSection[] {
  const sections: ChangeSection[] = [];
  const add = (title: string, lines: string[]) => {
    if (lines.length > 0) sections.push({ title, lines });
  };
  const fields = (changed: Record<string, [string | number | boolean | null, string | number | boolean | null]>) =>
    Object.entries(changed)
      .map(([field, [before, after]]) => `${fieldWord(field)} ${fieldValue(field, before)} → ${fieldValue(field, after)}`)
      .join('; ');

  add('Added', changes.nodes.added.map((node) => `${named(node.title)}${node.kind ? ` (${node.kind})` : ''} was added`));
  add('Archived', changes.nodes.archived.map((node) => `${named(node.title)} was archived`));
  add('Changed', changes.nodes.changed.map((node) => `${named(node.title)}: ${fields(node.fields)}`));
  add(
    'KPIs',
    changes.kpis.map((kpi) => {
      const unit = names.kpiUnit(kpi.id);
      const readings = `${kpi.readingsAdded} new reading${kpi.readingsAdded === 1 ? '' : 's'}`;
      // A KPI new since then has nothing to move from: it is said to be new, where it stands now.
      if (kpi.added) return [`${named(kpi.name)} is new: ${numberWord(kpi.value[1], unit)}`, `band ${bandWord(kpi.band[1])}`, ...(kpi.readingsAdded > 0 ? [readings] : [])].join(', ');
      const parts = [`${named(kpi.name)}: ${numberWord(kpi.value[0], unit)} → ${numberWord(kpi.value[1], unit)}`];
      if (kpi.band[0] !== kpi.band[1]) parts.push(`band ${bandWord(kpi.band[0])} → ${bandWord(kpi.band[1])}`);
      else parts.push(`band ${bandWord(kpi.band[1])}`);
      if (kpi.readingsAdded > 0) parts.push(readings);
      return parts.join(', ');
    }),
  );
  const ends = (dep: { from: string | null; to: string | null }) => dependencyName(named(names.node(dep.from)), named(names.node(dep.to)));
  add('Dependencies', [
    ...changes.deps.added.map((dep) => `${ends(dep)} was added`),
    ...changes.deps.changed.map((dep) => `${ends(dep)}: ${fields(dep.fields)}`),
  ]);
  add('Triage', [
    ...changes.triage.opened.map((item) => `${named(item.title)} was opened`),
    ...changes.triage.decided.map((item) => `${named(item.title)} was decided`),
    ...changes.triage.deferred.map((item) => `${named(item.title)} was deferred`),
    ...changes.triage.resolved.map((item) => `${named(item.title)} was resolved`),
  ]);
  add(
    'Decisions',
    changes.decisions.map((decision) =>
      decision.after === '' ? `${named(decision.title)}: decision cleared` : `${named(decision.title)}: ${decision.after}`,
    ),
  );
  add(
    'Draft decisions, not taken',
    changes.drafts.map((draft) => `${named(draft.title)}: ${draft.text}`),
  );
  const who = (action: { owner: string | null; due: string | null }) =>
    [action.owner ? `owner ${action.owner}` : null, action.due ? `due ${fieldValue('due', action.due)}` : null].filter(Boolean).join(', ');
  add('Actions', [
    ...changes.actions.added.map((action) => `New on ${named(action.item.title)}: ${action.text}${who(action) ? ` (${who(action)})` : ''}`),
    ...changes.actions.done.map((action) => `Done on ${named(action.item.title)}: ${action.text}`),
  ]);
  return sections;
}

/**
 * The point a "what changed" measures from, in words (SPEC M26), so nobody reads a week's changes
 * as missing when they are shown from a snapshot taken on Wednesday. `when` is the snapshot's
 * instant as the screen writes instants.
 *
 * @example measuredFrom(lastReview, formatWhen(lastReview.at)) // 'Since the review that ended 29 Nov 2026, 16:47'
 */
export function measuredFrom(snapshot: Pick<Snapshot, 'kind' | 'label' | 'by'>, when: string): string {
  if (snapshot.kind === 'meeting-end') return `Since the review that ended ${when}`;
  return `Since the snapshot ${named(snapshot.label)}, taken ${when}${snapshot.by ? ` by ${snapshot.by}` : ''}`;
}

/** How many things changed: what the agenda's "Since the last review" card counts. */
export function changeCount(sections: readonly ChangeSection[]): number {
  return sections.reduce((sum, section) => sum + section.lines.length, 0);
}

/** Why an upload was refused, in words for the KPI view's import form (SPEC M8). */
export function importRefusal(status: number, message: string): string {
  if (status === 413) return 'The file is too large: imports take at most 1 MiB. Split it and upload the parts.';
  if (status === 415) return 'The upload was not sent as CSV (text/csv).';
  if (status === 403) return 'Only editors and facilitators can import readings; your link is a viewer’s.';
  return message;
}
