import { For, Show } from 'solid-js';
import { useWorkspace } from '../../state/workspace-context';
import { Avatar } from '../common/Avatar';

/** Faces shown side by side in a wide header before the rest fold into "+N". */
const MAX_FACES = 5;

const VIEW_LABEL = { tree: 'objectives', kpis: 'KPIs', deps: 'dependencies', agenda: 'the agenda', actions: 'the actions', history: 'the history' } as const;

/**
 * Who is here, where each person is, and the "follow the facilitator" switch. Names are the ones
 * the server let in (SPEC A3): a member's is theirs; a guest typed theirs and is marked a guest.
 */
export function PresenceBar() {
  const ws = useWorkspace();
  const canFollow = () => !ws.isFacilitator && ws.presence.facilitator() !== null;
  // This person first, so their own face is never among those folded away.
  const faces = () => {
    const people = ws.presence.people();
    return [...people.filter((peer) => peer.local), ...people.filter((peer) => !peer.local)];
  };
  // A wide screen shows this many faces and "+N" for the rest, which would otherwise push the
  // header past the screen's edge; a phone lays every face out in rows (global.css).
  const shown = () => (faces().length > MAX_FACES + 1 ? MAX_FACES : faces().length);
  const moreNames = () => {
    const more = faces().slice(shown());
    return `${more.length} more here: ${more.map((peer) => peer.user.name).join(', ')}`;
  };
  // "The current item" is the meeting's item under discussion when there is one, else what the
  // facilitator is looking at.
  const summon = () => {
    const current = ws.meeting().currentItem;
    const target = current ? { view: 'agenda' as const, selection: current } : { view: ws.nav.view(), selection: ws.nav.selection() };
    ws.nav.go(target.view, target.selection);
    ws.presence.publish({ summon: { ...target, at: Date.now() } });
  };
  return (
    <div class="presence">
      <ul class="avatars" aria-label="People here" data-testid="presence">
        <For each={faces()}>
          {(peer, at) => (
            <li data-overflow={at() >= shown() ? '' : undefined}>
              <Avatar peer={peer} suffix={`${peer.local ? ' (you)' : ''}, ${peer.user.role}${peer.user.guest ? ', guest' : ''}, on ${VIEW_LABEL[peer.view]}`} />
            </li>
          )}
        </For>
        <Show when={faces().length > shown()}>
          <li class="more-faces">
            <span class="avatar more" role="img" title={moreNames()} aria-label={moreNames()} data-testid="more-faces">
              +{faces().length - shown()}
            </span>
          </li>
        </Show>
      </ul>
      <Show when={ws.presence.screens().length > 0}>
        <span class="screen-chip" data-testid="shared-screens" title="The shared screen is showing the meeting">
          {ws.presence.screens().length > 1 ? `${ws.presence.screens().length} shared screens` : 'Shared screen'}
        </span>
      </Show>
      <Show when={canFollow()}>
        <button
          type="button"
          class="follow"
          aria-pressed={ws.nav.following()}
          onClick={() => ws.nav.setFollowing(!ws.nav.following())}
        >
          {ws.nav.following() ? 'Following facilitator' : 'Follow facilitator'}
        </button>
      </Show>
      <Show when={ws.isFacilitator}>
        <button type="button" class="follow" onClick={summon} title="Bring every screen to what you are looking at">
          Bring everyone here
        </button>
      </Show>
    </div>
  );
}
