import * as Y from 'yjs';
import type { AgendaItemView } from './agenda-read';
import { agendaMap, depsMap, kpisMap, nodesMap, type EntryMap } from './root-types';
import type { DepView, KpiView, NodeView } from './view-types';

/**
 * Which entries of a document changed since they were last read, so `readWorkspaceView` can
 * re-read only those (the server reads the view after every change; re-reading 5,000 nodes field
 * by field each time would be most of the rule run's cost).
 *
 * Changes are collected on `beforeObserverCalls`, which Yjs emits for every transaction before
 * any observer runs, so a reader inside an observer already sees them. Inside a transaction the
 * changes it made so far are collected at the read (`isSettled`); only when the tracker cannot
 * know what happened since it last collected (it was attached inside a transaction, or more than
 * one transaction is open) is `isSettled` false, and readers read the document directly.
 */
export interface EntryChanges<V> {
  /** Every entry is unread (a new cache). */
  all: boolean;
  /** Ids whose entry was added, removed or changed anywhere inside since the last read. */
  ids: Set<string>;
  /**
   * The views last handed out, by id; handed out again while nothing changed, so memos keyed on
   * it hold. Never changed once handed out: a refresh copies it first.
   */
  snapshot: ReadonlyMap<string, V> | null;
}

export interface DocChanges {
  readonly nodes: EntryChanges<NodeView>;
  readonly kpis: EntryChanges<KpiView>;
  readonly deps: EntryChanges<DepView>;
  /** The agenda's items: the triage policy reads every one after every change. */
  readonly agenda: EntryChanges<AgendaItemView>;
  /**
   * Whether the cache can be brought up to date with the document: true outside transactions
   * once their changes are collected, and inside a transaction this tracker saw begin, after
   * collecting what it changed so far.
   */
  isSettled(): boolean;
}

const trackers = new WeakMap<Y.Doc, DocChanges>();

/** The change tracker of a document, attached on first use and kept for the document's life. */
export function changesOf(doc: Y.Doc): DocChanges {
  const known = trackers.get(doc);
  if (known) return known;
  const roots = new Map<Y.AbstractType<unknown>, EntryChanges<unknown>>();
  const nodes = emptyChanges<NodeView>();
  const kpis = emptyChanges<KpiView>();
  const deps = emptyChanges<DepView>();
  const agenda = emptyChanges<AgendaItemView>();
  roots.set(nodesMap(doc) as Y.AbstractType<unknown>, nodes);
  roots.set(kpisMap(doc) as Y.AbstractType<unknown>, kpis);
  roots.set(depsMap(doc) as Y.AbstractType<unknown>, deps);
  roots.set(agendaMap(doc) as Y.AbstractType<unknown>, agenda);
  let pending = 0;
  doc.on('beforeTransaction', () => {
    pending++;
  });
  doc.on('beforeObserverCalls', (transaction: Y.Transaction) => {
    pending = Math.max(0, pending - 1);
    for (const [type, keys] of transaction.changed) markChanged(roots, type, keys);
  });
  const isSettled = () => {
    const open = doc._transaction;
    if (open === null) return pending === 0;
    // Inside the one transaction seen to begin since the last collection (the server's rule run
    // is such a transaction): what it changed so far is all in `changed`. Collected now, the
    // cache holds; collected again when it ends, what it changes after the read is seen too.
    if (pending !== 1) return false;
    for (const [type, keys] of open.changed) markChanged(roots, type, keys);
    return true;
  };
  const tracker: DocChanges = { nodes, kpis, deps, agenda, isSettled };
  trackers.set(doc, tracker);
  return tracker;
}

/**
 * A change deep inside an entry (a title's Y.Text, a KPI's readings) is attributed to the entry:
 * walk up from the changed type to the child of a root map; its key is the entry id. A change to
 * a root map itself lists the entry ids added, replaced or removed.
 */
function markChanged(
  roots: Map<Y.AbstractType<unknown>, EntryChanges<unknown>>,
  changed: Y.AbstractType<Y.YEvent<any>>,
  keys: Set<string | null>,
): void {
  let type = changed as Y.AbstractType<unknown>;
  let entryId: string | null = null;
  while (type._item !== null) {
    entryId = type._item.parentSub;
    type = type._item.parent as Y.AbstractType<unknown>;
  }
  const changes = roots.get(type);
  if (!changes || changes.all) return;
  if (type === changed) {
    for (const key of keys) if (key !== null) changes.ids.add(key);
  } else if (entryId !== null) {
    changes.ids.add(entryId);
  }
}

/**
 * The current views of one root map's entries: re-reads the changed ones (or all, the first
 * time) into a fresh Map, so a view handed out earlier never changes under its reader. When
 * nothing changed it returns the same Map as last time (the tree reader memoises on it).
 */
export function refreshViews<V>(
  changes: EntryChanges<V>,
  map: Y.Map<EntryMap>,
  read: (id: string, entry: EntryMap) => V | null,
): ReadonlyMap<string, V> {
  if (!changes.all && changes.ids.size === 0 && changes.snapshot !== null) return changes.snapshot;
  let views: Map<string, V>;
  if (changes.all || changes.snapshot === null) {
    views = readEntries(map, read);
  } else {
    views = new Map(changes.snapshot);
    for (const id of changes.ids) {
      const entry = map.get(id);
      const view = entry instanceof Y.Map ? read(id, entry) : null;
      if (view === null) views.delete(id);
      else views.set(id, view);
    }
    refreshes.set(views, { from: changes.snapshot, ids: [...changes.ids] });
    // One step back is all a reader looks: kept, the previous map's own record would hold every
    // map ever handed out, each record keeping the one before it alive.
    refreshes.delete(changes.snapshot);
  }
  changes.all = false;
  changes.ids.clear();
  changes.snapshot = views;
  return views;
}

/** What a map of views handed out by `refreshViews` was made from: the previous map, and the ids it re-read. */
export interface Refresh<V> {
  readonly from: ReadonlyMap<string, V>;
  readonly ids: readonly string[];
}
const refreshes = new WeakMap<ReadonlyMap<string, unknown>, Refresh<unknown>>();

/**
 * How `views` differs from the views handed out before it, when it came from re-reading some
 * entries of that map: what is derived from the views (the tree, the workspace index) can then
 * be carried over when the entries re-read kept what it is made of.
 */
export function refreshOf<V>(views: ReadonlyMap<string, V>): Refresh<V> | undefined {
  return refreshes.get(views) as Refresh<V> | undefined;
}

/**
 * Every entry's view, in the map's order; entries `read` refuses are left out. The map's items
 * are walked directly, as `Y.Map.forEach` would walk them, without its per-entry callback and the
 * array each nested type's content makes of itself.
 */
export function readEntries<V>(map: Y.Map<EntryMap>, read: (id: string, entry: EntryMap) => V | null): Map<string, V> {
  const views = new Map<string, V>();
  // The values alone: a root map's item is filed under its key (`parentSub`), and iterating
  // entries would make a [key, item] pair of each.
  for (const item of map._map.values()) {
    if (item.deleted) continue;
    const id = item.parentSub!;
    // Any writer can put anything under a key; what is not an entry is not part of the view.
    const content = item.content;
    const entry = content instanceof Y.ContentType ? content.type : null;
    if (!(entry instanceof Y.Map)) continue;
    const view = read(id, entry as EntryMap);
    if (view !== null) views.set(id, view);
  }
  return views;
}

function emptyChanges<V>(): EntryChanges<V> {
  return { all: true, ids: new Set(), snapshot: null };
}
