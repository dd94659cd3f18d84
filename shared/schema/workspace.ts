import type * as Y from 'yjs';
import { META_DEFAULTS, SCHEMA_VERSION, WORKSPACE_MODES, WORKSPACE_TITLE_MAX, isOneOf, type WorkspaceMode } from './constants';
import { hasControlCharacter, NO_CONTROL_CHARACTERS } from '../text/single-line';
import { visibleOver } from '../text/visible-length';
import { fail, ok, type OpResult } from './op-result';
import { agendaMap, depsMap, kpisMap, logArray, meetingMap, metaMap, nodesMap, rulesMap, setIfChanged } from './root-types';

export interface WorkspaceInit {
  title: string;
}

/**
 * Writes the workspace's `meta` schema and title, and names every root type, in one transaction.
 * Nothing else is written: a mode of `review`, no pivot and an idle `meeting` are what every
 * reader takes an absent key to be (DESIGN §3), so a new workspace is two items, not eleven, for
 * every newcomer to download and parse (SPEC L8).
 *
 * Safe on a document that is already initialised (the demo builder initialises its own): it
 * then only sets the title, and keeps the schema, the mode and any pivot that already happened.
 *
 * @example
 * const doc = new Y.Doc();
 * initWorkspace(doc, { title: 'Q4 operating review' });
 */
export function initWorkspace(doc: Y.Doc, { title }: WorkspaceInit): void {
  const name = title.trim();
  if (name.length === 0) throw new TypeError('A workspace needs a title.');
  doc.transact(() => {
    defineRoots(doc);
    const meta = metaMap(doc);
    if (isInitialised(doc)) {
      setIfChanged(meta, 'title', name);
      return;
    }
    meta.set('schema', SCHEMA_VERSION);
    meta.set('title', name);
  });
}

/**
 * Renames the review (SPEC A18): one line (spacing collapsed) of at most WORKSPACE_TITLE_MAX
 * characters as a person counts them (U85) and no control character, as the REST API takes a new workspace's title; the
 * workspaces list follows with the next commit.
 */
export function renameWorkspace(doc: Y.Doc, title: string): OpResult {
  const name = workspaceTitleOf(title);
  if (name === '') return fail('invalid', 'A review needs a title.');
  const over = visibleOver(name, WORKSPACE_TITLE_MAX);
  if (over) return fail('invalid', `A title may have at most ${WORKSPACE_TITLE_MAX} characters; this one has ${over}.`);
  if (hasControlCharacter(name)) return fail('invalid', `A title ${NO_CONTROL_CHARACTERS}.`);
  doc.transact(() => setIfChanged(metaMap(doc), 'title', name));
  return ok();
}

/**
 * Whether a typed title is longer than a title may be, counted as renameWorkspace stores and
 * counts it: spacing collapsed, in the characters a person sees (U73, U85), as REST counts a new
 * workspace's title. The header marks its field with it.
 */
export function workspaceTitleTooLong(typed: string): boolean {
  const name = workspaceTitleOf(typed);
  return visibleOver(name, WORKSPACE_TITLE_MAX) !== null;
}

/** A title as renameWorkspace stores it: on one line, its spacing collapsed. */
export function workspaceTitleOf(typed: string): string {
  return typed.replace(/\s+/g, ' ').trim();
}

/** A document with `meta.schema` set has been initialised; an empty or brand-new one has not. */
export function isInitialised(doc: Y.Doc): boolean {
  return metaMap(doc).get('schema') !== undefined;
}

/** `meta.schema`, the document schema the workspace is written at; null when it has none or an unreadable one. */
export function readSchemaVersion(doc: Y.Doc): number | null {
  const schema = metaMap(doc).get('schema');
  return typeof schema === 'number' ? schema : null;
}

/** The mode the review is in; a document without one is in review. */
export function readMode(doc: Y.Doc): WorkspaceMode {
  const mode = metaMap(doc).get('mode');
  return isOneOf(WORKSPACE_MODES, mode) ? mode : META_DEFAULTS.mode;
}

/**
 * Root types exist once named; naming them all here means a reader of a fresh workspace finds
 * every map and the log in place rather than having them appear on first write.
 */
function defineRoots(doc: Y.Doc): void {
  metaMap(doc);
  nodesMap(doc);
  kpisMap(doc);
  depsMap(doc);
  agendaMap(doc);
  meetingMap(doc);
  rulesMap(doc);
  logArray(doc);
}
