import { createEffect, createMemo, createSignal, on, untrack, type Accessor } from 'solid-js';
import type { ViewName } from '../sync/awareness-state';
import type { ConnectionSnapshot } from '../sync/workspace-connection';
import type { Presence } from './presence';

const SUMMONS_FRESH_MS = 15_000;

/** What the "follow" and "bring everyone here" features move a screen to. */
export interface ScreenLocation {
  view: ViewName;
  selection: string | null;
}

/**
 * Where a screen is, following or not: what it keeps when the workspace opens again in another
 * role (SPEC A17), so a person made an editor mid-meeting stays on the item they were reading.
 */
export interface ScreenPlace extends ScreenLocation {
  following: boolean;
  /**
   * The first thing in view as the screen closed (an agenda card, a tree row, a KPI: its `data-id`)
   * and how far from the window's top it stood: the view opens again with it there (A17), however
   * taller or shorter the new role makes what is above it.
   */
  inView?: { id: string; top: number } | null;
  /**
   * When the last summons this screen acted on (or whose question was answered) was sent: the
   * screen opened again does not act on it a second time, which pulled a person who had since read
   * on back to it (A17, U64). One still asking is not counted: it is asked again there.
   */
  summonsHandled?: number | null;
}

/** A facilitator's request to come to an item, with where this screen was before it. */
export interface Summons {
  from: string;
  /** Where the facilitator asked everyone to come. */
  to: ScreenLocation;
  previous: ScreenLocation;
  /** This screen went there; one whose person was typing stays until they take it (SPEC U55). */
  went: boolean;
}

export interface Navigation {
  view: Accessor<ViewName>;
  selection: Accessor<string | null>;
  /** A person's own move: it also ends following (they took control again) and any summons (SPEC U64). */
  go(view: ViewName, selection?: string | null): void;
  /** Counts go() calls: a view shows its selection again when asked to, even an unchanged one. */
  visits: Accessor<number>;
  select(selection: string | null): void;
  following: Accessor<boolean>;
  setFollowing(on: boolean): void;
  summons: Accessor<Summons | null>;
  /** Declines the facilitator's summons: back to where this screen was. */
  declineSummons(): void;
  /** Takes a summons that waited while the person typed: to where the facilitator asked. */
  acceptSummons(): void;
  dismissSummons(): void;
  /** Moves a screen nobody has moved yet to `view`: where a freshly opened link lands. */
  land(view: ViewName): void;
  /** When the last summons acted on was sent, or null: see ScreenPlace's `summonsHandled`. */
  summonsHandled(): number | null;
}

/**
 * The local screen's view and selection, published through awareness so others see where this
 * person is, and driven by the facilitator's when following (DESIGN §7). A screen opened again
 * starts where it was (`from`), and counts as moved. `isTyping` says whether the person is in the
 * middle of typing, which a summons does not interrupt.
 */
export function createNavigation(presence: Presence, isFacilitator: boolean, from: ScreenPlace | null = null, isTyping: () => boolean = () => false): Navigation {
  const [view, setView] = createSignal<ViewName>(from?.view ?? 'tree');
  const [selection, setSelection] = createSignal<string | null>(from?.selection ?? null);
  const [visits, setVisits] = createSignal(0);
  // A facilitator leads and has no way to stop following: one made a facilitator follows no more.
  const [following, setFollowingSignal] = createSignal(!isFacilitator && (from?.following ?? false));
  const [summons, setSummons] = createSignal<Summons | null>(null);
  // Set by the first move of any kind (the person's own, following, a summons): from then on
  // the screen is where someone put it, and landing must not yank it elsewhere.
  let moved = from !== null;

  createEffect(() => presence.publish({ view: view(), selection: selection() }));

  const lead = () => {
    const facilitator = presence.facilitator();
    return facilitator && !facilitator.local ? facilitator : null;
  };

  createEffect(() => {
    const facilitator = lead();
    if (!following() || !facilitator) return;
    moved = true;
    setView(facilitator.view);
    setSelection(facilitator.selection);
  });

  // A summons is acted on once, and only while fresh: someone joining later is not pulled
  // to an item the room has since left. `answeredAt` is what a screen opened again carries: a
  // summons that moved the screen, or whose question was answered or went with the room; one
  // still asking (the person was typing) is asked again there, as U64 waits for their answer.
  let answeredAt: number | null = from?.summonsHandled ?? null;
  let handledAt = answeredAt;
  const closeSummons = () => {
    answeredAt = handledAt;
    setSummons(null);
  };
  createEffect(() => {
    const facilitator = lead();
    const request = facilitator?.summon;
    if (isFacilitator || !facilitator || !request || request.at === handledAt) return;
    handledAt = request.at;
    if (Date.now() - request.at > SUMMONS_FRESH_MS) {
      answeredAt = request.at;
      return;
    }
    const previous = untrack(() => ({ view: view(), selection: selection() }));
    const to = { view: request.view, selection: request.selection };
    const went = !isTyping();
    setSummons({ from: facilitator.user.name, to, previous, went });
    if (!went) return;
    answeredAt = request.at;
    moved = true;
    setView(request.view);
    setSelection(request.selection);
  });

  // A summons stands while the facilitator is still where they asked everyone to come: once
  // they have moved on, "Go there" and "Decline and go back" answer a room that is elsewhere.
  createEffect(() => {
    const request = summons();
    const facilitator = lead();
    if (request && facilitator && facilitator.view !== request.to.view) closeSummons();
  });

  return {
    view,
    selection,
    go(next, nextSelection) {
      moved = true;
      setFollowingSignal(false);
      // Going somewhere themselves answers the summons: the bar would only offer a way back.
      closeSummons();
      setView(next);
      if (nextSelection !== undefined) setSelection(nextSelection);
      setVisits((count) => count + 1);
    },
    visits,
    select(next) {
      if (next !== selection()) setFollowingSignal(false);
      setSelection(next);
    },
    following,
    setFollowing: setFollowingSignal,
    summons,
    declineSummons() {
      const request = summons();
      if (!request) return;
      closeSummons();
      setView(request.previous.view);
      setSelection(request.previous.selection);
    },
    acceptSummons() {
      const request = summons();
      if (!request) return;
      moved = true;
      // Moved while the summons is still set, so the view scrolls to what was selected as it
      // does for a screen the summons moved at once (WorkspaceShell).
      setView(request.to.view);
      setSelection(request.to.selection);
      closeSummons();
    },
    dismissSummons: closeSummons,
    land(next) {
      if (!moved) setView(next);
    },
    summonsHandled: () => answeredAt,
  };
}

/** Where the screen is now. */
export function placeOf(nav: Navigation): ScreenPlace {
  return { view: nav.view(), selection: nav.selection(), following: nav.following(), summonsHandled: nav.summonsHandled() };
}

/**
 * A summons answers the room as it was (SPEC U64): a pivot, a return to review, or a meeting
 * starting or ending changes what everyone is there for, so the bar goes. `situation` reads those
 * as one value; the first reading is where the screen opened.
 */
export function dropSummonsOnChange(nav: Navigation, situation: Accessor<string>): void {
  // A memo, so only a new value counts: `situation` reads the whole document's view, and every
  // change to it (a colleague's edit, the server's changes as a screen opens) dropped the summons.
  const value = createMemo(situation);
  createEffect(on(value, () => nav.dismissSummons(), { defer: true }));
}

/**
 * DESIGN §7: a link opened while in triage lands on the agenda. Decided once, when the document
 * first arrives from the server (or, with no network, opens from IndexedDB): a stale local copy
 * must not decide it, and a person who has already moved stays where they are.
 */
export function landOnAgendaInTriage(nav: Navigation, link: Accessor<ConnectionSnapshot>, inTriage: () => boolean): void {
  let decided = false;
  createEffect(() => {
    const { status, ready } = link();
    if (decided || !(status === 'connected' || (ready && status === 'offline'))) return;
    decided = true;
    if (untrack(inTriage)) nav.land('agenda');
  });
}
