import * as Y from 'yjs';
import { INITIATIVE_STAGES, NODE_DEFAULTS, isOneOf, type InitiativeStage, type NodeKind } from './constants';
import { newId } from './ids';
import { blankToNull, confidenceNeedsNote, nodeFieldProblems, type NewNode, type NodePatch } from './node-fields';
import { fail, ok, type OpResult } from './op-result';
import { archivedBy, kpisMap, nodesMap, setArchivedFlag, setIfChanged, type EntryMap } from './root-types';
import { isPlainText, textOf } from './stored-values';
import { writeText } from './text-edit';
import { isOrderKey } from '../tree/fractional-index';
import { readNode } from './node-read';
import type { NodeView } from './view-types';

/**
 * Creates a node with every field of DESIGN §3 set once, in one transaction, so no replica ever
 * sees half a node. Placement is given as a parent and an order key; `addNode` in tree ops
 * computes the key from a position and is what the UI calls.
 */
export function createNode(doc: Y.Doc, input: NewNode): OpResult<string> {
  // A row added from the outline starts with an empty title for its author to type into (SPEC
  // U2); everything else about the title is checked as for an edit.
  const problems = nodeFieldProblems({ ...input, title: input.title === '' ? undefined : input.title }, input.kind);
  if (typeof input.title !== 'string') problems.push('A node needs a title.');
  if (!isOrderKey(input.order)) problems.push('The order key is not a fractional index.');
  if (problems.length > 0) return fail('invalid', problems.join(' '), problems);
  const nodes = nodesMap(doc);
  const id = input.id ?? newId();
  if (nodes.has(id)) return fail('conflict', `A node with id ${id} already exists.`);
  const parent = input.parent ?? null;
  if (parent !== null) {
    const parentEntry = nodes.get(parent);
    if (!parentEntry) return fail('not-found', 'The parent node does not exist.');
    if (parentEntry.get('archived') === true) return fail('archived', 'The parent node is archived.');
  }
  const refused = checkKpi(doc, input.kpi) ?? checkNote(null, input);
  if (refused) return refused;
  doc.transact(() => {
    const entry = new Y.Map<unknown>();
    nodes.set(id, entry);
    entry.set('id', id);
    entry.set('kind', input.kind);
    entry.set('title', new Y.Text(input.title.trim()));
    entry.set('parent', parent);
    entry.set('order', input.order);
    entry.set('owner', blankToNull(input.owner));
    entry.set('team', blankToNull(input.team));
    entry.set('due', input.due ?? null);
    entry.set('reviewDate', input.reviewDate ?? null);
    entry.set('status', input.status ?? NODE_DEFAULTS.status);
    entry.set('progress', input.progress ?? NODE_DEFAULTS.progress);
    entry.set('weight', input.weight ?? NODE_DEFAULTS.weight);
    entry.set('kpi', input.kpi ?? null);
    entry.set('confidence', input.confidence ?? null);
    entry.set('confidenceNote', blankToNull(input.confidenceNote));
    entry.set('stage', input.kind === 'initiative' ? (input.stage ?? 'idea') : null);
    entry.set('value', input.value ? { ...input.value } : null);
    entry.set('notes', new Y.Text(input.notes ?? ''));
    entry.set('archived', false);
  });
  return ok(id);
}

/**
 * A node's title as stored now, read as the view reads it (textOf), without waiting for the
 * view's next read; '' for a node that is missing.
 */
export function storedNodeTitle(doc: Y.Doc, id: string): string {
  return textOf(fieldValue(doc, id, 'title'));
}

/** A node's title as the shared text its row edits in place; undefined when the node or a text of that kind is missing. */
export function nodeTitleText(doc: Y.Doc, id: string): Y.Text | undefined {
  const title = fieldValue(doc, id, 'title');
  return isPlainText(title) ? title : undefined;
}

/**
 * A node's notes as the shared text its details edit in place, and their words as stored (a
 * writer may have stored a string, which an edit through `updateNode` turns into a shared text).
 * The view leaves notes out (no rule reads them), so they are read here.
 */
export function nodeNotes(doc: Y.Doc, id: string): { text: Y.Text | undefined; words: string } {
  const notes = fieldValue(doc, id, 'notes');
  return { text: isPlainText(notes) ? notes : undefined, words: textOf(notes) };
}

/** Whatever a node's field holds; undefined when the entry is missing or not a map (any writer can store anything). */
function fieldValue(doc: Y.Doc, id: string, key: string): unknown {
  const entry: unknown = nodesMap(doc).get(id);
  return entry instanceof Y.Map ? entry.get(key) : undefined;
}

/** Applies a person's edit, writing only the fields that changed. Archived nodes are read-only. */
export function updateNode(doc: Y.Doc, id: string, patch: NodePatch): OpResult {
  const entry = nodesMap(doc).get(id);
  if (!entry) return fail('not-found', 'That node does not exist.');
  if (entry.get('archived') === true) return fail('archived', 'That node is archived; restore it to edit it.');
  const kind = entry.get('kind') as NewNode['kind'];
  const problems = nodeFieldProblems(patch, kind);
  if (problems.length > 0) return fail('invalid', problems.join(' '), problems);
  const previous = entry.get('confidence');
  const refused = checkKpi(doc, patch.kpi) ?? checkNote(typeof previous === 'number' ? previous : null, patch);
  if (refused) return refused;
  doc.transact(() => {
    if (patch.title !== undefined) writeText(entry, 'title', patch.title.trim());
    if (patch.notes !== undefined) writeText(entry, 'notes', patch.notes);
    for (const key of ['owner', 'team', 'confidenceNote'] as const) {
      if (patch[key] !== undefined) setIfChanged(entry, key, blankToNull(patch[key]));
    }
    for (const key of ['due', 'reviewDate', 'status', 'progress', 'weight', 'kpi', 'confidence', 'value'] as const) {
      const value = patch[key];
      if (value !== undefined) setIfChanged(entry, key, typeof value === 'object' && value ? { ...value } : value);
    }
  });
  return ok();
}

/** The stored map of a node, for tree ops and views; undefined when there is none. */
export function nodeEntry(doc: Y.Doc, id: string): EntryMap | undefined {
  return nodesMap(doc).get(id);
}

/** Tree ops only: the one place a node's parent and order are written (keeps the tree's rules). */
export function writeNodePlacement(doc: Y.Doc, id: string, parent: string | null, order: string): void {
  const entry = nodesMap(doc).get(id);
  if (!entry) return;
  doc.transact(() => {
    setIfChanged(entry, 'parent', parent);
    setIfChanged(entry, 'order', order);
  });
}

/**
 * Tree ops only: archiving is how a node is deleted (DESIGN §3); it can be restored. `by`, with an
 * archive, is kept as `archivedBy` (and forgotten with a restore) so the log names who cleared
 * what the node and its branch raised (SPEC T5).
 */
export function writeNodeArchived(doc: Y.Doc, id: string, archived: boolean, by?: string | null): void {
  setArchivedFlag(doc, nodesMap(doc), id, archived, 'That node does not exist.', by);
}

/** A node archived by a named person, and who: what `branchArchivedBy` finds. */
export interface NodeArchive {
  readonly node: NodeView;
  readonly by: string;
}

/**
 * Who took a node out of the tree: the nearest of it and its ancestors that a named person archived
 * (archiving a node hides its whole branch, C9), with that node; null when none names anyone (an
 * older document, or nothing on the way up is archived). A cycle of parents is walked once.
 */
export function branchArchivedBy(doc: Y.Doc, id: string): NodeArchive | null {
  const nodes = nodesMap(doc);
  const seen = new Set<string>();
  for (let at: unknown = id; typeof at === 'string' && !seen.has(at); ) {
    seen.add(at);
    const entry = nodes.get(at);
    if (!(entry instanceof Y.Map)) return null;
    const by = archivedBy(nodes, at);
    const node = by === null ? null : readNode(at, entry);
    if (by !== null && node !== null) return { node, by };
    at = entry.get('parent');
  }
  return null;
}

/**
 * Tree ops only (tree/node-kinds keeps the ladder): a node's kind. A node becoming an initiative
 * without a stage of its own starts at `idea`; stage and value targets a node held as an
 * initiative stay stored (readers ignore them on other kinds), so changing it back restores them.
 */
export function writeNodeKind(doc: Y.Doc, id: string, kind: NodeKind): void {
  const entry = nodesMap(doc).get(id);
  if (!entry) return;
  doc.transact(() => {
    setIfChanged(entry, 'kind', kind);
    if (kind === 'initiative' && !isOneOf(INITIATIVE_STAGES, entry.get('stage'))) entry.set('stage', 'idea');
  });
}

/** Initiative stages only: the gate checks live in tree/initiative-stages. */
export function writeNodeStage(doc: Y.Doc, id: string, stage: InitiativeStage): void {
  const entry = nodesMap(doc).get(id);
  if (entry) setIfChanged(entry, 'stage', stage);
}

function checkKpi(doc: Y.Doc, kpi: string | null | undefined): OpResult<never> | null {
  if (kpi === undefined || kpi === null || kpisMap(doc).has(kpi)) return null;
  return fail('not-found', 'That KPI does not exist.');
}

function checkNote(previous: number | null, fields: NodePatch): OpResult<never> | null {
  if (!confidenceNeedsNote(previous, fields.confidence) || blankToNull(fields.confidenceNote) !== null) return null;
  return fail('invalid', 'Lowering confidence needs a note saying why.');
}
