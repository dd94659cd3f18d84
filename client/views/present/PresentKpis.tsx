import { createMemo, For, Show } from 'solid-js';
import { kpiStatus } from '../../../shared/rules/kpi-status';
import { useWorkspace } from '../../state/workspace-context';

/** How many KPIs the strip names; the rest are counted (SPEC U62). */
const SHOWN_KPIS = 6;

/**
 * The KPI strip at the foot of the shared screen, worst band first. It holds one line on a
 * projector: six names at most, each cut short with an ellipsis, and "+N more" for the others,
 * so a workspace's many or long-named KPIs never push the item and its timer off the wall.
 */
export function PresentKpis() {
  const ws = useWorkspace();
  const kpis = createMemo(() =>
    [...ws.view().kpis.values()]
      .filter((kpi) => !kpi.archived)
      .map((kpi) => ({ name: kpi.name, band: kpiStatus(kpi, ws.findingsBySubject().get(`kpi:${kpi.id}`) ?? [], ws.view().rules, ws.now()).band }))
      .sort((a, b) => rank(b.band) - rank(a.band)),
  );
  const more = () => kpis().length - SHOWN_KPIS;
  return (
    <Show when={kpis().length > 0}>
      <footer class="present-kpis" aria-label="KPIs">
        <For each={kpis().slice(0, SHOWN_KPIS)}>
          {(kpi) => (
            <span class="present-kpi" data-band={kpi.band ?? 'none'}>
              <span class="present-kpi-dot" aria-hidden="true" />
              <span class="present-kpi-name">{kpi.name}</span>
              <span class="visually-hidden">: {kpi.band === 'off' ? 'not judged, rule off' : (kpi.band ?? 'no data')}</span>
            </span>
          )}
        </For>
        <Show when={more() > 0}>
          <span class="present-more">+{more()} more</span>
        </Show>
      </footer>
    </Show>
  );
}

function rank(band: string | null): number {
  return band === 'red' ? 3 : band === 'amber' ? 2 : band === 'green' ? 1 : 0;
}
