import { createEffect, lazy, Match, on, onCleanup, onMount, Show, Suspense, Switch } from 'solid-js';
import type { ScreenPlace } from '../../state/navigation';
import { isTextField } from '../../state/typing';
import { useWorkspace } from '../../state/workspace-context';
import type { ViewName } from '../../sync/awareness-state';
import { ActionsView } from '../actions/ActionsView';
import { AgendaView } from '../agenda/AgendaView';
import { DependencyBoard } from '../deps/DependencyBoard';
import { HistoryView } from '../history/HistoryView';
import { TreeView } from '../tree/TreeView';
import { ChangesRefused } from '../offline/ChangesRefused';
import { ConnectionLost } from '../offline/ConnectionLost';
import { OverwriteNotice } from '../offline/OverwriteNotice';
import { ReplacedNotice } from '../offline/ReplacedNotice';
import { OverruledNotice } from '../offline/OverruledNotice';
import { SearchAndHelp } from '../search/SearchAndHelp';
import { ConnectionIndicator } from './ConnectionIndicator';
import { HistoryControls } from './HistoryControls';
import { ImpactBar } from './ImpactBar';
import { MeetingBar } from './MeetingBar';
import { NoticeList } from './NoticeList';
import { PivotBanner } from './PivotBanner';
import { ShareButton } from '../share/ShareButton';
import { OwnerNames } from '../common/OwnerNames';
import { PresenceBar } from './PresenceBar';
import { SignOutButton } from './SignOutButton';
import { SummonsBar } from './SummonsBar';
import { PartBoundary } from './PartBoundary';
import { ViewBoundary } from './ViewBoundary';
import { holdPlace, type PlaceAnchor } from './hold-place';
import { ViewTabs } from './ViewTabs';
import { WorkspaceTitle } from './WorkspaceTitle';

// The chart library loads with the KPI view, so opening a workspace does not wait for it.
const KpiView = lazy(() => import('../kpis/KpiView').then((module) => ({ default: module.KpiView })));

const VIEW_ORDER: readonly ViewName[] = ['tree', 'kpis', 'deps', 'agenda', 'actions', 'history'];

/**
 * The view Alt with a digit opens, by the digit's key rather than the character it types (SPEC
 * U70): Option+1 on a Mac types "¡" and the digit row of a French keyboard types "&", so reading
 * `key` left Alt+1 … 6 doing nothing there.
 */
function viewOfDigitKey(event: KeyboardEvent): ViewName | undefined {
  const digit = /^(?:Digit|Numpad)([1-6])$/.exec(event.code)?.[1];
  return digit === undefined ? undefined : VIEW_ORDER[Number(digit) - 1];
}

/**
 * The workspace: header, the banners every screen shares, and the current view. `greeting` is
 * said once as it opens (the sentence of a role change, SPEC A17), and `place` is where the screen
 * was then. While it is leaving (it stays on the screen only until it opens again in another role)
 * it is inert: a field that had focus is left, and commits what it holds as leaving it any other
 * way would.
 */
export function WorkspaceShell(props: { title: string; greeting: string | null; place: ScreenPlace | null }) {
  const ws = useWorkspace();
  // The people here and a summons come with presence, not the document: a bad value there is
  // replaced by the next presence change as much as by the next edit.
  const documentOrPresence = () => [ws.view(), ws.presence.peers()];
  const title = () => ws.view().meta.title || props.title;
  // Another view opens at its top, as another page would: following the facilitator from deep in
  // a long view otherwise landed mid-page, the header and the triage banner out of sight.
  createEffect(on(ws.nav.view, () => window.scrollTo({ top: 0 }), { defer: true }));
  // A screen moved by the facilitator (following, or brought along) shows what they selected.
  createEffect(
    on([ws.nav.selection, ws.nav.view], ([selection]) => {
      if (!selection || (!ws.nav.following() && !ws.nav.summons())) return;
      requestAnimationFrame(() =>
        document.querySelector(`[data-id="${CSS.escape(selection)}"]`)?.scrollIntoView({ block: 'center', behavior: 'smooth' }),
      );
    }),
  );
  // Where a screen opened again in another role stands (A17). Following, or brought by a summons,
  // at the facilitator's selection, as the scroll above shows it: the view's first render comes
  // after the selection, whose scroll found nothing to show then, and the card first in view put
  // back instead held the person away from what the room was looking at (a summons' smooth scroll
  // was cut short as its bar grew the page). Else the card first in view where it stood. Once
  // held at the selection, it stays held there: a summons dropped within the hold (the facilitator
  // moved on) took its bar off the page, and the card first in view put back undid the summons.
  let atSelection = false;
  const anchor = (): PlaceAnchor | null => {
    const selection = ws.nav.selection();
    if (selection && (atSelection || ws.nav.following() || ws.nav.summons()?.went)) {
      atSelection = true;
      return { id: selection, middle: true };
    }
    const inView = props.place?.inView;
    return inView && ws.nav.view() === props.place?.view ? inView : null;
  };
  let app!: HTMLDivElement;
  let header!: HTMLElement;
  onMount(() => {
    // What stays in sight under the sticky header (the summons, U55) stands at its height, which
    // changes as the header wraps.
    const measure = new ResizeObserver(() => app.style.setProperty('--topbar-height', `${header.offsetHeight}px`));
    measure.observe(header);
    onCleanup(() => measure.disconnect());
  });
  onMount(() => {
    if (props.greeting) ws.notices.notify(props.greeting);
    // Outside text fields undo is the document's, per person (Y.UndoManager); a shared text field
    // undoes its own typing (sync/text-binding, SPEC U5) and any other field keeps the browser's.
    const onKey = (event: KeyboardEvent) => {
      if (ws.leaving()) return;
      const mod = event.ctrlKey || event.metaKey;
      const key = event.key.toLowerCase();
      // Where typing goes, the browser (or the field's own binding) owns Ctrl+Z.
      if (mod && (key === 'z' || key === 'y') && isTextField(event.target)) return;
      if (mod && key === 'z' && ws.canEdit) {
        event.preventDefault();
        if (event.shiftKey) ws.undo.redo();
        else ws.undo.undo();
      } else if (mod && key === 'y' && ws.canEdit) {
        event.preventDefault();
        ws.undo.redo();
      } else if (event.altKey && !mod) {
        // Not with Ctrl: AltGr (Ctrl+Alt on Windows) with a digit types a character on many layouts.
        const view = viewOfDigitKey(event);
        if (!view) return;
        event.preventDefault();
        ws.nav.go(view);
      }
    };
    // Leaving a text field closes the document's undo step, so what was typed there and an edit
    // made next elsewhere never undo as one (SPEC U5), however quickly one follows the other.
    const onLeave = (event: FocusEvent) => {
      if (isTextField(event.target)) ws.undo.separate();
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('focusout', onLeave);
    onCleanup(() => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('focusout', onLeave);
    });
  });
  return (
    <div ref={app} class="app" data-view={ws.nav.view()} inert={ws.leaving()} aria-busy={ws.leaving()}>
      {/* The first stop for Tab (SPEC U15). It moves focus itself: the router would take "#main" as a navigation. */}
      <a
        class="skip-link"
        href="#main"
        onClick={(event) => {
          event.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        Skip to content
      </a>
      <header ref={header} class="topbar">
        <div class="brand" aria-hidden="true">
          TL
        </div>
        <WorkspaceTitle title={title()} />
        <ViewTabs />
        <div class="topbar-end">
          <PartBoundary part="list of people here" retryOn={documentOrPresence}>
            <PresenceBar />
          </PartBoundary>
          <HistoryControls />
          <ConnectionIndicator />
          <Show when={ws.isFacilitator}>
            <ShareButton />
          </Show>
          <span class="role-badge" data-testid="role" title="Your role in this workspace">
            {ws.role}
          </span>
          <SignOutButton />
        </div>
      </header>
      <ConnectionLost />
      <ChangesRefused />
      <OverwriteNotice />
      <ReplacedNotice />
      <OverruledNotice />
      <PartBoundary part="triage banner" retryOn={ws.view}>
        <PivotBanner />
      </PartBoundary>
      <PartBoundary part="meeting bar" retryOn={ws.view}>
        <MeetingBar />
      </PartBoundary>
      <PartBoundary part="summons" retryOn={documentOrPresence}>
        <SummonsBar />
      </PartBoundary>
      <PartBoundary part="impact highlight" retryOn={ws.view}>
        <ImpactBar />
      </PartBoundary>
      <Show when={ws.link().ready} fallback={<p class="loading muted">Loading the workspace…</p>}>
        <main class="view" id="main" tabindex="-1" ref={(main) => props.place && holdPlace(main, anchor)}>
          <ViewBoundary view={ws.nav.view()}>
            <Switch>
              <Match when={ws.nav.view() === 'tree'}>
                <TreeView />
              </Match>
              <Match when={ws.nav.view() === 'kpis'}>
                <Suspense fallback={<p class="loading muted">Loading KPIs…</p>}>
                  <KpiView />
                </Suspense>
              </Match>
              <Match when={ws.nav.view() === 'deps'}>
                <DependencyBoard />
              </Match>
              <Match when={ws.nav.view() === 'agenda'}>
                <AgendaView />
              </Match>
              <Match when={ws.nav.view() === 'actions'}>
                <ActionsView />
              </Match>
              <Match when={ws.nav.view() === 'history'}>
                <HistoryView />
              </Match>
            </Switch>
          </ViewBoundary>
        </main>
      </Show>
      <NoticeList />
      <SearchAndHelp />
      <OwnerNames />
    </div>
  );
}
