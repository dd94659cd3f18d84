import { For } from 'solid-js';
import { acceptedLabel } from '../../state/agenda-state';
import { useWorkspace } from '../../state/workspace-context';
import { VIEWS } from './view-labels';

/** The six views over the one document (DESIGN §7); Alt+1…6 switch between them. */
export function ViewTabs() {
  const ws = useWorkspace();
  // Triage items still needing the room: an accepted red is not counted as an alarm.
  const triageCount = () =>
    ws.agenda().filter((item) => item.kind === 'triage' && item.state !== 'resolved' && acceptedLabel(item, ws.now()) === null).length;
  return (
    <nav class="tabs" aria-label="Views">
      <For each={VIEWS}>
        {(view, index) => (
          <button
            type="button"
            class="tab"
            aria-current={ws.nav.view() === view.id ? 'page' : undefined}
            aria-keyshortcuts={`Alt+${index() + 1}`}
            onClick={() => ws.nav.go(view.id)}
          >
            {view.label}
            {view.id === 'agenda' && triageCount() > 0 ? <span class="count">{triageCount()}</span> : null}
          </button>
        )}
      </For>
    </nav>
  );
}
