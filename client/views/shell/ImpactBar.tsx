import { For, Show } from 'solid-js';
import { valueUnitsOf } from '../../../shared/rollup/impact';
import { formatQuantity } from '../../../shared/rules/format';
import { useWorkspace } from '../../state/workspace-context';

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/**
 * Says whose impact chain is highlighted across the views and every screen, who showed it, and the
 * planned value it puts at risk, one figure per unit and never a sum across units (SPEC C10,
 * C19); its author or a facilitator clears it for everyone (SPEC U8).
 */
export function ImpactBar() {
  const ws = useWorkspace();
  return (
    <Show when={ws.highlight()}>
      {(highlight) => {
        const values = () => valueUnitsOf(highlight().valueAtRisk ?? {});
        return (
          <div class="impact-bar" role="status" data-testid="impact-bar">
            <span class="impact-swatch" aria-hidden="true" />
            <span>
              Impact of <strong>{highlight().label}</strong>: {plural(highlight().nodes.size, 'item')} and {plural(highlight().kpis.size, 'KPI')}{' '}
              highlighted in every view, on every screen{highlight().by ? ` (shown by ${highlight().by})` : ''}.
              <Show when={values().length > 0}>
                {' '}
                Value at risk:{' '}
                <For each={values()}>
                  {([unit, amount], index) => (
                    <>
                      {index() > 0 ? ' · ' : ''}
                      <strong data-testid="impact-value">{formatQuantity(amount, unit)}</strong>
                    </>
                  )}
                </For>
                .
              </Show>
            </span>
            <Show
              when={highlight().mayClear}
              fallback={<span class="muted">Shown by {highlight().by ?? 'someone'}; they or a facilitator can clear it.</span>}
            >
              <button type="button" onClick={() => ws.impact.clear()}>
                Clear highlight
              </button>
            </Show>
          </div>
        );
      }}
    </Show>
  );
}
