import { subjectName } from '../../shared/pivot/triage-item';
import { NODE_STATUS_LABEL } from '../../shared/rules/format';
import type { AgendaItemView } from '../../shared/schema/agenda-read';
import type { FieldEdit } from '../../shared/schema/field-edits';
import type { PlainJson } from '../../shared/schema/plain-json';
import type { WorkspaceView } from '../../shared/schema/view-types';
import { named } from '../../shared/text/quoted';

/** Field names as a person says them; any other field is spelled out from its camelCase name. */
const FIELD_WORDS: Readonly<Record<string, string>> = {
  needBy: 'need-by date',
  committedDate: 'committed date',
  due: 'due date',
  reviewDate: 'review date',
  confidenceNote: 'confidence note',
  timeboxMin: 'timebox',
  revisitOn: 'revisit date',
  targetDate: 'target date',
  startDate: 'start date',
  amberPct: 'amber threshold',
  redPct: 'red threshold',
  cadenceDays: 'reading cadence',
};

/** A field's name as a person says it: "need-by date" for `needBy`. */
export function fieldWord(field: string): string {
  return FIELD_WORDS[field] ?? field.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`);
}

/**
 * A changed field in words, naming the thing it belongs to: "status of ‘Usage export API’",
 * "need-by date of ‘Usage export API → Onboarding revamp’" (SPEC U23).
 */
export function describeEdit(edit: FieldEdit, view: WorkspaceView, agenda: readonly AgendaItemView[]): string {
  const field = edit.field === null ? 'entry' : fieldWord(edit.field);
  const name = entryName(edit, view, agenda);
  return name ? `${field} of ‘${name}’` : `workspace ${field}`;
}

/** A stored value as a person reads it: a status by its label, nothing as "empty". */
export function describeValue(edit: FieldEdit, value: PlainJson): string {
  if (value === null || value === '') return 'empty';
  if (edit.field === 'status' && edit.root === 'nodes' && typeof value === 'string' && value in NODE_STATUS_LABEL) {
    return NODE_STATUS_LABEL[value as keyof typeof NODE_STATUS_LABEL];
  }
  return typeof value === 'string' ? named(value) : JSON.stringify(value);
}

/** The name of the node, KPI, dependency or agenda item an edit belongs to; null for workspace fields. */
export function entryName(edit: FieldEdit, view: WorkspaceView, agenda: readonly AgendaItemView[]): string | null {
  if (edit.entry === null) return null;
  switch (edit.root) {
    case 'nodes':
      return subjectName(view, { type: 'node', id: edit.entry });
    case 'kpis':
      return subjectName(view, { type: 'kpi', id: edit.entry });
    case 'deps':
      return subjectName(view, { type: 'dep', id: edit.entry });
    case 'agenda':
      return agenda.find((item) => item.id === edit.entry)?.title ?? null;
    default:
      return null;
  }
}
