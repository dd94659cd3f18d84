import { createContext, useContext, type Accessor, type JSX } from 'solid-js';
import type { ChangeContext } from '../../shared/schema/agenda-accessors';
import type { OpResult } from '../../shared/schema/op-result';
import { problemOf, type AccessProblem } from '../sync/access-problem';
import { createServerClock, type ServerClock } from '../sync/server-clock';
import { signOut, type Session } from '../sync/session';
import type { WorkspaceConnection } from '../sync/workspace-connection';
import type { Identity } from './identity';
import { readMode } from '../../shared/schema/workspace';
import { createNavigation, dropSummonsOnChange, landOnAgendaInTriage, placeOf, type Navigation, type ScreenPlace } from './navigation';
import { createNotices, type Notices } from './notices';
import { documentOwners } from './ownership';
import { createPeople, type People } from './people';
import { createPresence, type Presence } from './presence';
import { createRecord, type RecordState } from './record';
import { createSharedHighlight, type Highlight, type SharedHighlight } from './shared-highlight';
import { createWorkspaceState, type WorkspaceState } from './workspace-state';
import { isTypingInField } from './typing';
import { recordingOutcomes } from './outcome-undo';

export interface Workspace extends WorkspaceState {
  session: Session;
  /** The socket and local copy: "retry now", and the overwrite notices it raised (SPEC U23, U24). */
  connection: WorkspaceConnection;
  presence: Presence;
  /** Members (for facilitators) and the names owner fields suggest. */
  people: People;
  /** Snapshots and the REST routes of the record a meeting leaves (DESIGN §7 History, Actions). */
  record: RecordState;
  /** Ends this browser's access here, showing the page that says why (SPEC A9). */
  endAccess(problem: AccessProblem): void;
  /** Logs out (SPEC A5): the session ends on the server, and this screen says so. */
  signOut(): Promise<void>;
  nav: Navigation;
  notices: Notices;
  /** The impact chain the room is looking at, the same on every screen (SPEC U8). */
  impact: SharedHighlight;
  highlight: Accessor<Highlight | null>;
  /** The server's time as this browser knows it: what shared timers and outcome stamps use. */
  clock: ServerClock;
  /** Who is writing, and when (server time): what the shared outcome and meeting writers log. */
  context(): ChangeContext;
  /** Runs a write through a shared accessor and tells the person if it was refused. */
  apply<T>(result: OpResult<T>): T | undefined;
  /**
   * Tells the person if the write was refused, as `apply` does, and hands the result back: for a
   * field that marks itself refused (CommitInput) as well as saying why.
   */
  attempt<T>(result: OpResult<T>): OpResult<T>;
  /**
   * True while the workspace stays on the screen only until it opens again in another role (SPEC
   * A17): its connection is closed, so it takes no input, opens no dialog and shows none.
   */
  leaving: Accessor<boolean>;
}

const WorkspaceContext = createContext<Workspace>();

export function WorkspaceProvider(props: {
  connection: WorkspaceConnection;
  session: Session;
  identity: Identity;
  /** This is the shared screen: it shows itself to the others as a screen, not a person. */
  screen: boolean;
  /** Where the screen was, when the workspace opens again in another role (SPEC A17). */
  place?: ScreenPlace | null;
  /** Given how to read where the screen is, for the workspace's next opening. */
  tellPlace?: (read: () => ScreenPlace) => void;
  leaving?: Accessor<boolean>;
  children: JSX.Element;
}) {
  const clock = createServerClock();
  const state = createWorkspaceState(props.connection, props.session, props.identity, clock);
  const presence = createPresence(props.connection.awareness, props.identity, props.session.role, props.screen);
  const notices = createNotices();
  const endAccess = (problem: AccessProblem) => props.connection.end(problem);
  const people = createPeople({
    workspaceId: props.session.workspace,
    isFacilitator: state.isFacilitator,
    peers: presence.people,
    documentOwners: () => documentOwners(state.view(), state.agenda()),
    onAccessEnded: endAccess,
  });
  const record = createRecord({ workspaceId: props.session.workspace, meeting: state.meeting, lastSnapshot: state.lastSnapshot, onAccessEnded: endAccess });
  const apply = <T,>(result: OpResult<T>): T | undefined => {
    if (result.ok) return result.value;
    notices.notify(result.error.message, { tone: 'error' });
    return undefined;
  };
  const highlight = createSharedHighlight({ doc: state.doc, meeting: state.meeting, view: state.view, identity: props.identity, role: props.session.role, clock, apply });
  const nav = createNavigation(presence, state.isFacilitator, props.place ?? null, isTypingInField);
  props.tellPlace?.(() => placeOf(nav));
  // Read from the document itself: the batched view may not have seen the sync yet.
  landOnAgendaInTriage(nav, state.link, () => readMode(state.doc) === 'triage');
  dropSummonsOnChange(nav, () => {
    const { mode, pivotedAt } = state.view().meta;
    const { status, startedAt } = state.meeting();
    return [mode, pivotedAt, status, startedAt].join(' ');
  });
  const context = () => ({ by: props.identity.name, now: clock.now() });
  const workspace: Workspace = {
    ...state,
    undo: recordingOutcomes(state.undo, state.doc, context, (sentence) => notices.notify(sentence)),
    session: props.session,
    connection: props.connection,
    presence,
    people,
    record,
    endAccess,
    async signOut() {
      await signOut(props.session.workspace);
      endAccess(problemOf('signed-out'));
    },
    nav,
    notices,
    impact: highlight,
    highlight: highlight.highlight,
    clock,
    context,
    apply,
    attempt: (result) => {
      apply(result);
      return result;
    },
    leaving: () => props.leaving?.() ?? false,
  };
  return <WorkspaceContext.Provider value={workspace}>{props.children}</WorkspaceContext.Provider>;
}

/** The open workspace; only components inside a WorkspaceProvider may ask for it. */
export function useWorkspace(): Workspace {
  const workspace = useContext(WorkspaceContext);
  if (!workspace) throw new Error('useWorkspace must be used inside <WorkspaceProvider>.');
  return workspace;
}
