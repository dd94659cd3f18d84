import { createMemo, createSignal, from, onCleanup, type Accessor } from 'solid-js';
import * as Y from 'yjs';
import type { Role } from '../../shared/schema/constants';
import { computeRollups, type NodeRollup } from '../../shared/rollup/rollups';
import { evaluateRules } from '../../shared/rules/index';
import type { Finding } from '../../shared/rules/finding';
import { agendaMap, depsMap, kpisMap, metaMap, nodesMap, type EntryMap } from '../../shared/schema/root-types';
import type { WorkspaceView } from '../../shared/schema/view-types';
import { readWorkspaceView } from '../../shared/schema/workspace-view';
import { readTree, type TreeView } from '../../shared/tree/tree-read';
import type { Session } from '../sync/session';
import type { ConnectionSnapshot, WorkspaceConnection } from '../sync/workspace-connection';
import type { Identity } from './identity';

export interface WorkspaceState {
  doc: Y.Doc;
  identity: Identity;
  role: Role;
  canEdit: boolean;
  isFacilitator: boolean;
  link: Accessor<ConnectionSnapshot>;
  view: Accessor<WorkspaceView>;
  tree: Accessor<TreeView>;
  findings: Accessor<readonly Finding[]>;
  findingsBySubject: Accessor<ReadonlyMap<string, readonly Finding[]>>;
  rollups: Accessor<Record<string, NodeRollup>>;
  /** Agenda entries in order (triage items sort first by their keys). */
  agenda: Accessor<readonly EntryMap[]>;
  undo: UndoControls;
  /** Reads pending changes now: after a structural edit the next keystroke must find its row. */
  flush(): void;
}

export interface UndoControls {
  canUndo: Accessor<boolean>;
  canRedo: Accessor<boolean>;
  undo(): void;
  redo(): void;
}

/** How often the rules see a new "now" while nothing changes (stale KPIs, overdue milestones). */
const CLOCK_TICK_MS = 60_000;
/** Changes arriving within this window are read once: typing never waits for a re-read. */
const BATCH_MS = 30;

/**
 * The workspace as Solid accessors: the typed view, the tree, the rules' findings evaluated in
 * the browser (the same modules the server runs, DESIGN §4) and the roll-ups. Reads are
 * batched, so a burst of remote keystrokes costs one re-read rather than one per character.
 */
export function createWorkspaceState(connection: WorkspaceConnection, session: Session, identity: Identity): WorkspaceState {
  const doc = connection.doc;
  const link = from<ConnectionSnapshot>((set) => {
    set(connection.current);
    return connection.subscribe(set);
  }, connection.current);
  // Bumps once per batch of document changes; every accessor below derives from it.
  const [version, setVersion] = createSignal(0);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    setVersion((v) => v + 1);
  };
  const onChange = () => {
    timer ??= setTimeout(flush, BATCH_MS);
  };
  doc.on('update', onChange);
  const [now, setNow] = createSignal(new Date());
  const clock = setInterval(() => setNow(new Date()), CLOCK_TICK_MS);
  onCleanup(() => {
    doc.off('update', onChange);
    clearTimeout(timer);
    clearInterval(clock);
  });

  const view = createMemo(() => {
    version();
    return readWorkspaceView(doc);
  });
  const tree = createMemo(() => readTree(view()));
  const findings = createMemo(() => evaluateRules(view(), view().rules, now()));
  const findingsBySubject = createMemo(() => {
    const map = new Map<string, Finding[]>();
    for (const finding of findings()) {
      const key = `${finding.subject.type}:${finding.subject.id}`;
      map.set(key, [...(map.get(key) ?? []), finding]);
    }
    return map;
  });
  const rollups = createMemo(() => computeRollups(view(), findings()));
  const agenda = createMemo(() => {
    version();
    // A writer can put anything under a key; only entries are agenda items.
    return [...agendaMap(doc).values()].filter((item) => item instanceof Y.Map).sort((a, b) => {
      const x = String(a.get('order') ?? '');
      const y = String(b.get('order') ?? '');
      return x < y ? -1 : x > y ? 1 : 0;
    });
  });

  return {
    doc,
    identity,
    role: session.role,
    canEdit: session.role !== 'viewer',
    isFacilitator: session.role === 'facilitator',
    link,
    view,
    tree,
    findings,
    findingsBySubject,
    rollups,
    agenda,
    undo: createUndo(doc),
    flush,
  };
}

/**
 * Per-person undo (DESIGN §7): the UndoManager tracks only transactions without an origin,
 * which are this person's own edits; remote updates arrive with the provider as origin and
 * IndexedDB's with the persistence, so nobody undoes a colleague's work.
 */
function createUndo(doc: Y.Doc): UndoControls {
  const manager = new Y.UndoManager([metaMap(doc), nodesMap(doc), kpisMap(doc), depsMap(doc), agendaMap(doc)], {
    captureTimeout: 400,
  });
  const [canUndo, setCanUndo] = createSignal(false);
  const [canRedo, setCanRedo] = createSignal(false);
  const refresh = () => {
    setCanUndo(manager.undoStack.length > 0);
    setCanRedo(manager.redoStack.length > 0);
  };
  for (const event of ['stack-item-added', 'stack-item-popped', 'stack-cleared'] as const) manager.on(event, refresh);
  onCleanup(() => manager.destroy());
  return {
    canUndo,
    canRedo,
    undo: () => manager.undo(),
    redo: () => manager.redo(),
  };
}
