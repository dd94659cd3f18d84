import { Show } from 'solid-js';
import { useWorkspace } from '../../state/workspace-context';

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** Says whose impact chain is highlighted across the views, and clears it. */
export function ImpactBar() {
  const ws = useWorkspace();
  return (
    <Show when={ws.highlight()}>
      {(highlight) => (
        <div class="impact-bar" role="status" data-testid="impact-bar">
          <span class="impact-swatch" aria-hidden="true" />
          <span>
            Impact of <strong>{highlight().label}</strong>: {plural(highlight().nodes.size, 'item')} and {plural(highlight().kpis.size, 'KPI')}{' '}
            highlighted in every view.
          </span>
          <button type="button" onClick={() => ws.setHighlight(null)}>
            Clear highlight
          </button>
        </div>
      )}
    </Show>
  );
}
