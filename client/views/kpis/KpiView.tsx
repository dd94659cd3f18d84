import { createEffect, createMemo, createSignal, For, on, onMount, Show } from 'solid-js';
import { kpiStatus, type ShownBand } from '../../../shared/rules/kpi-status';
import { archiveKpi, restoreKpi } from '../../../shared/schema/kpi-accessors';
import { archiveWithUndo } from '../../state/archive-with-undo';
import { formatNumber } from '../../state/kpi-status';
import { useWorkspace } from '../../state/workspace-context';
import { ArchivedList } from '../common/ArchivedList';
import { Avatar } from '../common/Avatar';
import { HealthBadge } from '../common/HealthBadge';
import { KpiDetail } from './KpiDetail';
import { NewKpiForm } from './NewKpiForm';
import { ReadingImport } from './ReadingImport';
import { RuleSettingsPanel } from './RuleSettingsPanel';
import './kpis.css';
import { TableScroll } from '../common/TableScroll';
import { onPhone } from '../common/phone';

const TREND_ARROW = { up: '↑', down: '↓', flat: '→' } as const;
/** With the threshold rule switched off nothing judged the KPI: "Rule off", with the slip as a plain figure (SPEC C12). */
const BAND_LABEL: Record<ShownBand, string> = { green: 'Green', amber: 'Amber', red: 'Red', off: 'Rule off' };

/** The KPI table (band, latest value, slip, trend) and the selected KPI's chart and editors. */
export function KpiView() {
  const ws = useWorkspace();
  const all = createMemo(() => [...ws.view().kpis.values()].sort((a, b) => a.name.localeCompare(b.name)));
  // Archived KPIs raise nothing and leave the table (SPEC C9, C17); the Archived section restores them.
  const kpis = createMemo(() => all().filter((kpi) => !kpi.archived));
  const archived = createMemo(() => all().filter((kpi) => kpi.archived));
  const status = createMemo(() => new Map(kpis().map((kpi) => [kpi.id, kpiStatus(kpi, ws.findingsBySubject().get(`kpi:${kpi.id}`) ?? [], ws.view().rules, ws.now())])));
  const [adding, setAdding] = createSignal(false);
  const [rules, setRules] = createSignal(false);
  let rulesButton: HTMLButtonElement | undefined;
  const selected = () => {
    const id = ws.nav.selection();
    return id !== null && ws.view().kpis.get(id)?.archived === false ? id : (kpis()[0]?.id ?? null);
  };
  let table: HTMLTableElement | undefined;
  let heading!: HTMLHeadingElement;
  let detail: HTMLDivElement | undefined;
  // On a phone the detail sits under the whole table: a KPI tapped there brings its detail into
  // view (the tap would seem to do nothing), every tap, the one already shown included. So does
  // one the facilitator being followed chooses; a selection made otherwise (coming back to the
  // view, archiving's neighbour) leaves the page where the person has it.
  const reveal = () => {
    if (onPhone()) requestAnimationFrame(() => detail?.scrollIntoView({ block: 'start' }));
  };
  const choose = (id: string) => {
    ws.nav.select(id);
    reveal();
  };
  const isShown = (id: string | null) => id !== null && kpis().some((kpi) => kpi.id === id);
  // Following, or brought here, the view may open with the KPI already chosen: shown at once.
  onMount(() => {
    if ((ws.nav.following() || ws.nav.summons() !== null) && isShown(ws.nav.selection())) reveal();
  });
  createEffect(
    on(
      ws.nav.selection,
      (id) => {
        if (ws.nav.following() && isShown(id)) reveal();
      },
      { defer: true },
    ),
  );
  // The archived KPI's detail goes with the button that was focused, so the keyboard carries on
  // from the KPI that takes its place in the table (the next, else the one before), shown in the
  // detail, or from the heading once none is left (SPEC U35).
  const archive = (id: string, name: string) => {
    const ids = kpis().map((kpi) => kpi.id);
    const at = ids.indexOf(id);
    const neighbour = ids[at + 1] ?? ids[at - 1] ?? null;
    if (!archiveWithUndo(ws, name, () => archiveKpi(ws.doc, id, ws.identity.name), () => restoreKpi(ws.doc, id), () => ws.view().kpis.get(id)?.archived === true)) return;
    ws.flush();
    if (neighbour === null) return heading.focus();
    ws.nav.select(neighbour);
    table?.querySelector<HTMLButtonElement>(`tr[data-id="${CSS.escape(neighbour)}"] button.link`)?.focus();
  };
  return (
    <div class="kpi-layout">
      <section class="kpi-table-panel" aria-label="KPIs">
        <div class="panel-head">
          <h2 ref={heading} tabindex="-1">
            KPIs
          </h2>
          <Show when={ws.isFacilitator}>
            <button type="button" class="push-right" ref={rulesButton} aria-expanded={rules()} onClick={() => setRules(!rules())}>
              Rules
            </button>
          </Show>
          <Show when={ws.canEdit && !adding()}>
            <button type="button" classList={{ 'push-right': !ws.isFacilitator }} onClick={() => setAdding(true)}>
              New KPI
            </button>
          </Show>
        </div>
        <Show when={rules()}>
          {/* The panel's Close goes with it: focus goes back to the button that opened it, as a disclosure's does. */}
          <RuleSettingsPanel
            onClose={() => {
              setRules(false);
              rulesButton?.focus();
            }}
          />
        </Show>
        <Show when={adding()}>
          <NewKpiForm
            onCancel={() => setAdding(false)}
            onCreated={(id) => {
              setAdding(false);
              ws.flush();
              // As if tapped: its detail in view on a phone, and focus on its row, not the page's start.
              choose(id);
              table?.querySelector<HTMLElement>(`[data-id="${CSS.escape(id)}"] button`)?.focus();
            }}
          />
        </Show>
        <Show when={kpis().length > 0} fallback={<p class="muted empty">No KPIs in this workspace yet.</p>}>
          <TableScroll label="KPI table">
            <table class="kpi-table phone-cards" data-testid="kpi-table" ref={table}>
              <thead>
                <tr>
                  <th scope="col">KPI</th>
                  <th scope="col">Band</th>
                  <th scope="col" class="num">Latest</th>
                  <th scope="col" class="num">Target</th>
                  <th scope="col" class="num">Slip</th>
                  <th scope="col">Trend</th>
                  <th scope="col">Owner</th>
                </tr>
              </thead>
              <tbody>
                <For each={kpis()}>
                  {(kpi) => {
                    const s = () => status().get(kpi.id)!;
                    return (
                      <tr
                        aria-selected={selected() === kpi.id}
                        data-impact={ws.highlight()?.kpis.has(kpi.id) ? '' : undefined}
                        data-testid="kpi-row"
                        data-id={kpi.id}
                        onClick={() => choose(kpi.id)}
                      >
                        <th scope="row" class="card-title">
                          <button type="button" class="link" title={kpi.name} onClick={() => choose(kpi.id)}>
                            <span class="kpi-name">{kpi.name}</span>
                          </button>
                          <For each={ws.presence.editorsOf(kpi.id)}>{(peer) => <Avatar peer={peer} small suffix=" is editing this" />}</For>
                        </th>
                        <td data-label="Band">
                          <Show when={s().band} fallback={<span class="muted">No data</span>}>
                            {(band) => <HealthBadge health={band()} label={BAND_LABEL[band()]} />}
                          </Show>
                        </td>
                        <td class="num" data-label="Latest">{formatNumber(s().latest?.value, kpi.unit)}</td>
                        <td class="num" data-label="Target">{kpi.direction === 'maintain' ? `${formatNumber(kpi.lower)}–${formatNumber(kpi.upper, kpi.unit)}` : formatNumber(kpi.target, kpi.unit)}</td>
                        {/* The slip takes the band's colour, so it never says red where the band says amber
                            (SPEC U34); a KPI on watch is green until the rule decides. */}
                        <td class="num slip" data-label="Slip" data-band={s().band === 'amber' || s().band === 'red' ? s().band : undefined}>
                          {s().slipText ?? '–'}
                        </td>
                        <td data-label="Trend">
                          <Show when={s().trend}>
                            {(trend) => (
                              <span class="trend" data-good={s().trendGood ? 'yes' : 'no'} aria-label={`Trend ${trend()}, ${s().trendGood ? 'good' : 'bad'}`}>
                                {TREND_ARROW[trend()]}
                              </span>
                            )}
                          </Show>
                        </td>
                        <td data-label="Owner">{kpi.owner ?? '–'}</td>
                      </tr>
                    );
                  }}
                </For>
              </tbody>
            </table>
          </TableScroll>
        </Show>
        <ArchivedList
          summary="Archived"
          testid="archived-kpis"
          items={archived().map((kpi) => ({ id: kpi.id, name: kpi.name }))}
          restore={(id) => restoreKpi(ws.doc, id)}
          archive={(id) => archiveKpi(ws.doc, id, ws.identity.name)}
          heading={() => heading}
        />
        <ReadingImport />
      </section>
      <div class="kpi-detail-slot" ref={detail}>
        <Show when={selected()} keyed>
          {(id) => <KpiDetail id={id} onArchive={(name) => archive(id, name)} />}
        </Show>
      </div>
    </div>
  );
}
