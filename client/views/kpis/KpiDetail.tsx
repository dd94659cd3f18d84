import { createMemo, createSignal, Show } from 'solid-js';
import { setPlan, updateKpi } from '../../../shared/schema/kpi-accessors';
import type { KpiPatch } from '../../../shared/schema/kpi-fields';
import type { PlanPoint } from '../../../shared/schema/types';
import { useWorkspace } from '../../state/workspace-context';
import { CommitInput } from '../common/CommitInput';
import { FindingList } from '../common/FindingList';
import { DIRECTION_WORDS, DirectionField } from './DirectionField';
import { KpiChart } from './KpiChart';
import { ReadingForm } from './ReadingForm';
import { ReadingList } from './ReadingList';
import { OWNER_NAMES_ID } from '../common/OwnerNames';
import { editingPresence } from '../common/editing-presence';

/** The plan, one "YYYY-MM-DD value" per line, as people type it into the plan editor. */
function planText(plan: readonly { at: string; value: number }[]): string {
  return plan.map((point) => `${point.at} ${point.value}`).join('\n');
}

function parsePlan(text: string): PlanPoint[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [at = '', value = ''] = line.split(/[\s,;]+/);
      return { at, value: Number(value) };
    });
}

/**
 * One KPI: its findings, the chart, a new reading, and its targets, thresholds and plan. Its
 * Archive button hands over to `onArchive`: the table knows which KPI takes its place.
 */
export function KpiDetail(props: { id: string; onArchive: (name: string) => void }) {
  const ws = useWorkspace();
  // Made again for another KPI (KpiView's keyed Show), so its id is fixed.
  const editing = editingPresence(ws.presence, props.id);
  const kpi = createMemo(() => ws.view().kpis.get(props.id));
  const findings = () => ws.findingsBySubject().get(`kpi:${props.id}`) ?? [];
  const [plan, setPlanDraft] = createSignal<string | null>(null);
  const update = (patch: KpiPatch) => ws.attempt(updateKpi(ws.doc, props.id, patch));
  const num = (text: string) => (text.trim() === '' ? null : Number(text));
  const savePlan = (event: SubmitEvent) => {
    event.preventDefault();
    const result = setPlan(ws.doc, props.id, parsePlan(plan() ?? ''));
    if (result.ok) setPlanDraft(null);
    else ws.apply(result);
  };
  return (
    <Show when={kpi()}>
      {(k) => (
        <section
          class="kpi-detail"
          aria-label={`KPI ${k().name}`}
          data-presence-of={props.id}
          onFocusIn={editing.enter}
          onFocusOut={editing.leave}
        >
          <header class="kpi-detail-head">
            <div>
              <p class="eyebrow">
                {DIRECTION_WORDS[k().direction]}
                {k().owner ? ` · ${k().owner}` : ''}
              </p>
              <h2>{k().name}</h2>
            </div>
            <Show when={ws.canEdit && !k().archived}>
              <button
                type="button"
                class="push-right"
                onClick={() => props.onArchive(k().name)}
              >
                Archive KPI
              </button>
            </Show>
          </header>
          <FindingList findings={findings()} />
          <KpiChart kpi={k()} />
          <Show when={ws.canEdit}>
            <ReadingForm kpiId={props.id} unit={k().unit} />
          </Show>
          <div class="kpi-fields">
            <DirectionField kpi={k()} />
            <label class="field">
              <span>Name</span>
              <CommitInput value={k().name} label="Name of this KPI" readOnly={!ws.canEdit} onCommit={(name) => update({ name })} />
            </label>
            {/* Not labelled "Unit": the New KPI form beside it has that label. */}
            <label class="field">
              <span>Measured in</span>
              <CommitInput value={k().unit} label="What this KPI is measured in" readOnly={!ws.canEdit} onCommit={(unit) => update({ unit })} />
            </label>
            <label class="field">
              <span>Baseline</span>
              <CommitInput type="number" value={String(k().baseline ?? '')} label="Baseline" readOnly={!ws.canEdit} onCommit={(v) => update({ baseline: num(v) })} />
            </label>
            <label class="field">
              <span>Start date</span>
              <CommitInput type="date" value={k().startDate ?? ''} label="Start date" readOnly={!ws.canEdit} onCommit={(v) => update({ startDate: v || null })} />
            </label>
            <Show
              when={k().direction === 'maintain'}
              fallback={
                <label class="field">
                  <span>Target</span>
                  <CommitInput type="number" value={String(k().target ?? '')} label="Target" readOnly={!ws.canEdit} onCommit={(v) => update({ target: num(v) })} />
                </label>
              }
            >
              <label class="field">
                <span>Lower bound</span>
                <CommitInput type="number" value={String(k().lower ?? '')} label="Lower bound" readOnly={!ws.canEdit} onCommit={(v) => update({ lower: num(v) })} />
              </label>
              <label class="field">
                <span>Upper bound</span>
                <CommitInput type="number" value={String(k().upper ?? '')} label="Upper bound" readOnly={!ws.canEdit} onCommit={(v) => update({ upper: num(v) })} />
              </label>
            </Show>
            <label class="field">
              <span>Target date</span>
              <CommitInput type="date" value={k().targetDate ?? ''} label="Target date" readOnly={!ws.canEdit} onCommit={(v) => update({ targetDate: v || null })} />
            </label>
            <label class="field">
              <span>Amber at slip %</span>
              <CommitInput type="number" min="0" value={String(k().amberPct)} label="Amber threshold percent" readOnly={!ws.canEdit} onCommit={(v) => update({ amberPct: Number(v) })} />
            </label>
            <label class="field">
              <span>Red at slip %</span>
              <CommitInput type="number" min="0" value={String(k().redPct)} label="Red threshold percent" readOnly={!ws.canEdit} onCommit={(v) => update({ redPct: Number(v) })} />
            </label>
            <label class="field">
              <span>Cadence (days)</span>
              <CommitInput type="number" min="1" value={String(k().cadenceDays)} label="Reading cadence in days" readOnly={!ws.canEdit} onCommit={(v) => update({ cadenceDays: Number(v) })} />
            </label>
            <label class="field">
              <span>Owner</span>
              <CommitInput value={k().owner ?? ''} label="KPI owner" readOnly={!ws.canEdit} list={OWNER_NAMES_ID} onCommit={(v) => update({ owner: v })} />
            </label>
          </div>
          <form class="plan-editor" onSubmit={savePlan}>
            <label class="field">
              <span>Plan — one "YYYY-MM-DD value" per line</span>
              <textarea aria-label="Plan" rows={4} readOnly={!ws.canEdit} value={plan() ?? planText(k().plan)} onInput={(e) => setPlanDraft(e.currentTarget.value)} />
            </label>
            <Show when={ws.canEdit && plan() !== null}>
              <div class="actions-row">
                <button type="submit" class="primary">
                  Save plan
                </button>
                <button type="button" onClick={() => setPlanDraft(null)}>
                  Discard
                </button>
              </div>
            </Show>
          </form>
          <ReadingList kpiId={props.id} unit={k().unit} />
        </section>
      )}
    </Show>
  );
}
