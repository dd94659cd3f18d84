import { createComputed, createMemo, createSignal, from, on, onCleanup, type Accessor } from 'solid-js';
import * as Y from 'yjs';
import type { Role } from '../../shared/schema/constants';
import { computeRollups, type NodeRollup } from '../../shared/rollup/rollups';
import { blockingReds } from '../../shared/pivot/review-mode';
import { evaluateRules } from '../../shared/rules/index';
import type { Finding } from '../../shared/rules/finding';
import { readAgenda, type AgendaItemView } from '../../shared/schema/agenda-read';
import { readMeeting, type MeetingView, type TimerView } from '../../shared/schema/meeting';
import { agendaMap, depsMap, kpisMap, metaMap, nodesMap } from '../../shared/schema/root-types';
import { lastSnapshotId } from '../../shared/schema/snapshot-mark';
import type { IsoDay } from '../../shared/schema/types';
import type { WorkspaceView } from '../../shared/schema/view-types';
import { readWorkspaceView } from '../../shared/schema/workspace-view';
import { readTree, type TreeView } from '../../shared/tree/tree-read';
import type { ServerClock } from '../sync/server-clock';
import type { Session } from '../sync/session';
import type { ConnectionSnapshot, WorkspaceConnection } from '../sync/workspace-connection';
import { createDayClock } from './day-clock';
import { createUndo } from './document-undo';
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
  /** Agenda items in order (triage items sort first by their keys), read by the shared reader. */
  agenda: Accessor<readonly AgendaItemView[]>;
  /** Red findings no standing outcome covers: what keeps the meeting in triage (DESIGN §4). */
  blockingReds: Accessor<readonly Finding[]>;
  /** The live meeting (DESIGN §3 `meeting`): current item, timer, votes revealed, for everyone. */
  meeting: Accessor<MeetingView>;
  /** The item the room is on, and its timer when the timer is on it (else null). */
  current: Accessor<CurrentItem | null>;
  /** The id of the snapshot last taken on request, as the server marks it (M23). */
  lastSnapshot: Accessor<string | null>;
  /**
   * Moves once per batch of changes to the document, anyone's: what a REST answer derived from the
   * live document (changes since a snapshot) is read again on (`rereadOnChange`).
   */
  revision: Accessor<number>;
  /** The time the rules and outcomes are read at; it moves once a minute while nothing changes, and at midnight. */
  now: Accessor<Date>;
  /** Today as the rules count it (UTC), moving on at midnight: what overdue is judged against (U78). */
  today: Accessor<IsoDay>;
  undo: UndoControls;
  /** Reads pending changes now: after a structural edit the next keystroke must find its row. */
  flush(): void;
}

export interface CurrentItem {
  item: AgendaItemView;
  timer: TimerView | null;
}

export interface UndoControls {
  canUndo: Accessor<boolean>;
  canRedo: Accessor<boolean>;
  undo(): void;
  redo(): void;
  /**
   * Closes the current undo step, so the next change starts its own: for discrete commands
   * (archive, restore) that must not merge with typing a moment before (captureTimeout).
   */
  separate(): void;
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
export function createWorkspaceState(
  connection: WorkspaceConnection,
  session: Session,
  identity: Identity,
  serverClock: ServerClock,
): WorkspaceState {
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
  const [now, setNow] = createSignal(serverClock.now());
  const clock = setInterval(() => setNow(serverClock.now()), CLOCK_TICK_MS);
  const today = createDayClock(serverClock);
  // A new day re-reads the rules at once: a milestone due yesterday is overdue from midnight on,
  // not from the next minute's tick (which a sleeping device may not give for a while).
  createComputed(on(today, () => setNow(serverClock.now()), { defer: true }));
  // Until the server's clock is first measured `now` is the laptop's: what it dates (U105's "today",
  // the rules' findings) is read again as soon as the measurement lands, not a tick later.
  createComputed(on(serverClock.measured, () => setNow(serverClock.now()), { defer: true }));
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
    return readAgenda(doc);
  });
  const blocking = createMemo(() => {
    agenda();
    return blockingReds(doc, findings(), now());
  });
  // Plain values: an unrelated edit leaves the same meeting, so timers and cards do not re-render.
  const meeting = createMemo(
    () => {
      version();
      return readMeeting(doc);
    },
    undefined,
    { equals: (a, b) => JSON.stringify(a) === JSON.stringify(b) },
  );
  const lastSnapshot = createMemo(() => {
    version();
    return lastSnapshotId(doc);
  });
  const current = createMemo((): CurrentItem | null => {
    const { currentItem, timer } = meeting();
    const item = agenda().find((entry) => entry.id === currentItem);
    return item ? { item, timer: timer?.item === item.id ? timer : null } : null;
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
    blockingReds: blocking,
    meeting,
    current,
    lastSnapshot,
    revision: version,
    now,
    today,
    undo: createUndo(doc),
    flush,
  };
}

