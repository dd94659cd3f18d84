import type * as Y from 'yjs';
import { readDep } from './dep-read';
import { readKpi } from './kpi-read';
import { readNode } from './node-read';
import { depsMap, kpisMap, metaMap, nodesMap } from './root-types';
import { readRuleSettings } from './rule-settings';
import { text } from './stored-values';
import { readMode, readSchemaVersion } from './workspace';
import { changesOf, readEntries, refreshViews } from './view-cache';
import type { MetaView, NodeView, WorkspaceView } from './view-types';

/**
 * The texts inside entries that the view leaves out (see view-types), by root and entry field:
 * no rule reads them, so typing in them cannot change a finding.
 */
export const UNVIEWED_TEXTS: Readonly<Record<string, readonly string[]>> = { nodes: ['notes'], deps: ['note'] };

/**
 * Reads the typed snapshot the rules run on (see view-types). It runs after every change on
 * the server, so it re-reads only the entries that changed since the last read (view-cache)
 * and keeps the others' views; each kind of entry has its own reader (node-read, kpi-read, which
 * also says how readings and plans are read, dep-read). Inside a transaction (the server's rule
 * run is one) the entries it changed so far are re-read too (view-cache).
 *
 * @example
 * const view = readWorkspaceView(doc);
 * const findings = evaluateRules(view, view.rules, new Date());
 */
export function readWorkspaceView(doc: Y.Doc): WorkspaceView {
  const changes = changesOf(doc);
  const settled = changes.isSettled();
  return {
    meta: readMeta(doc),
    nodes: settled ? refreshViews(changes.nodes, nodesMap(doc), readNode) : readEntries(nodesMap(doc), readNode),
    kpis: settled ? refreshViews(changes.kpis, kpisMap(doc), readKpi) : readEntries(kpisMap(doc), readKpi),
    deps: settled ? refreshViews(changes.deps, depsMap(doc), readDep) : readEntries(depsMap(doc), readDep),
    rules: readRuleSettings(doc),
  };
}

/** Just the nodes, for tree operations that need the current tree and nothing else. */
export function readNodeViews(doc: Y.Doc): ReadonlyMap<string, NodeView> {
  const changes = changesOf(doc);
  return changes.isSettled() ? refreshViews(changes.nodes, nodesMap(doc), readNode) : readEntries(nodesMap(doc), readNode);
}

function readMeta(doc: Y.Doc): MetaView {
  const meta = metaMap(doc);
  return {
    schema: readSchemaVersion(doc),
    title: text(meta.get('title')) ?? '',
    mode: readMode(doc),
    pivotedAt: text(meta.get('pivotedAt')),
    pivotReason: text(meta.get('pivotReason')),
  };
}
