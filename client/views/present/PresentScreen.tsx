import { createMemo, For, Show } from 'solid-js';
import { readAgendaItem, STATE_LABEL } from '../../state/agenda-state';
import { kpiStatus } from '../../state/kpi-status';
import { useWorkspace } from '../../state/workspace-context';
import { AgendaTimer } from '../agenda/AgendaTimer';
import { EvidenceFigures } from '../agenda/EvidenceFigures';
import './present.css';

/**
 * The shared screen for the room (DESIGN §7): large type and strong contrast, the pivot banner,
 * the item under discussion with its timer, and what comes next. It follows the facilitator's
 * current item; without one it shows the first item being discussed.
 */
export function PresentScreen() {
  const ws = useWorkspace();
  const items = createMemo(() => ws.agenda().map(readAgendaItem));
  const lead = () => ws.presence.facilitator();
  const current = createMemo(() => {
    const id = lead()?.current?.itemId;
    return items().find((item) => item.id === id) ?? items().find((item) => item.state === 'discussing') ?? null;
  });
  const startedAt = () => (lead()?.current?.itemId === current()?.id ? (lead()?.current?.startedAt ?? null) : null);
  const finding = () => ws.findings().find((f) => f.key === current()?.finding) ?? null;
  const upNext = () => items().filter((item) => item.state === 'open' && item.id !== current()?.id).slice(0, 3);
  const meta = () => ws.view().meta;
  const kpis = createMemo(() =>
    [...ws.view().kpis.values()]
      .map((kpi) => ({ name: kpi.name, band: kpiStatus(kpi, ws.findingsBySubject().get(`kpi:${kpi.id}`) ?? []).band }))
      .sort((a, b) => rank(b.band) - rank(a.band))
      .slice(0, 6),
  );
  return (
    <div class="present" data-mode={meta().mode}>
      <header class="present-head">
        <h1 data-testid="workspace-title">{meta().title}</h1>
        <span class="present-mode">{meta().mode === 'triage' ? 'Triage' : 'Review'}</span>
      </header>
      <Show when={meta().mode === 'triage'}>
        <div class="present-banner" role="alert" data-testid="pivot-banner">
          {meta().pivotReason ?? 'The review has pivoted into triage.'}
        </div>
      </Show>
      <main class="present-main" aria-busy={!ws.link().ready}>
        <Show
          when={current()}
          fallback={<p class="present-waiting">{ws.link().ready ? 'Waiting for the facilitator to pick the next item.' : 'Connecting to the review…'}</p>}
        >
          {(item) => (
            <section class="present-item" data-severity={item().severity ?? undefined} data-testid="present-item" aria-label="Current item">
              <div class="present-meta">
                <Show when={item().severity}>{(s) => <span class="present-sev">{s() === 'red' ? 'Red' : 'Amber'}</span>}</Show>
                <span>{STATE_LABEL[item().state]}</span>
                <Show when={item().owner}>
                  <span>Owner: {item().owner}</span>
                </Show>
              </div>
              <h2>{item().title}</h2>
              <Show when={finding() && finding()!.message !== item().title}>
                <p class="present-finding">{finding()!.message}</p>
              </Show>
              <Show when={finding()}>{(f) => <EvidenceFigures finding={f()} />}</Show>
              <Show when={startedAt()} fallback={<p class="present-timebox">Timebox {item().timeboxMin ?? '–'} min</p>}>
                {(at) => <AgendaTimer startedAt={at()} timeboxMin={item().timeboxMin} large />}
              </Show>
              <Show when={item().decision.toString()}>
                <p class="present-decision">
                  <strong>Decision:</strong> {item().decision.toString()}
                </p>
              </Show>
            </section>
          )}
        </Show>
        <Show when={upNext().length > 0}>
          <aside class="present-next" aria-label="Up next">
            <h3>Up next</h3>
            <ol>
              <For each={upNext()}>
                {(item) => (
                  <li data-severity={item.severity ?? undefined}>
                    {item.title}
                  </li>
                )}
              </For>
            </ol>
          </aside>
        </Show>
      </main>
      <Show when={kpis().length > 0}>
        <footer class="present-kpis" aria-label="KPIs">
          <For each={kpis()}>
            {(kpi) => (
              <span class="present-kpi" data-band={kpi.band ?? 'none'}>
                <span class="present-kpi-dot" aria-hidden="true" />
                {kpi.name}
                <span class="visually-hidden">: {kpi.band ?? 'no data'}</span>
              </span>
            )}
          </For>
        </footer>
      </Show>
    </div>
  );
}

function rank(band: string | null): number {
  return band === 'red' ? 3 : band === 'amber' ? 2 : band === 'green' ? 1 : 0;
}
