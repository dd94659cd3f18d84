import { createSignal, For, Show } from 'solid-js';
import { KPI_DIRECTIONS, type KpiDirection } from '../../../shared/schema/constants';
import { updateKpi } from '../../../shared/schema/kpi-accessors';
import type { KpiPatch } from '../../../shared/schema/kpi-fields';
import type { KpiView } from '../../../shared/schema/view-types';
import { useWorkspace } from '../../state/workspace-context';
import { GoalInputs } from './GoalInputs';

/** Which way is good for a KPI, as people say it. */
export const DIRECTION_WORDS: Readonly<Record<KpiDirection, string>> = {
  increase: 'Higher is better',
  decrease: 'Lower is better',
  maintain: 'Keep within range',
};

const isNumber = (value: number | null) => value !== null && Number.isFinite(value);
const num = (text: string) => (text.trim() === '' ? null : Number(text));

/**
 * A KPI's direction, changeable after it was made. A direction that needs figures the KPI does
 * not have (a range to keep within, or a target to reach) asks for them first and changes it all
 * in one edit: the rules never see a KPI half redefined, which in a running meeting could pivot
 * the room on a range nobody chose.
 */
export function DirectionField(props: { kpi: KpiView }) {
  const ws = useWorkspace();
  const [pending, setPending] = createSignal<KpiDirection | null>(null);
  const target = createSignal('');
  const lower = createSignal('');
  const upper = createSignal('');
  const change = (patch: KpiPatch): boolean => {
    const result = updateKpi(ws.doc, props.kpi.id, patch);
    ws.apply(result);
    return result.ok;
  };
  const choose = (select: HTMLSelectElement) => {
    const direction = select.value as KpiDirection;
    setPending(null);
    if (direction === props.kpi.direction) return;
    const ready = direction === 'maintain' ? isNumber(props.kpi.lower) && isNumber(props.kpi.upper) : isNumber(props.kpi.target);
    if (ready) {
      // Refused (the error says why): the select goes back to what the KPI still is.
      if (!change({ direction })) select.value = props.kpi.direction;
      return;
    }
    for (const [, set] of [target, lower, upper]) set('');
    setPending(direction);
  };
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const direction = pending();
    if (direction === null) return;
    const patch: KpiPatch = direction === 'maintain' ? { direction, lower: num(lower[0]()), upper: num(upper[0]()) } : { direction, target: num(target[0]()) };
    if (change(patch)) setPending(null);
  };
  return (
    <>
      <label class="field">
        <span>Direction</span>
        <select
          aria-label="Which way is good for this KPI"
          disabled={!ws.canEdit}
          value={pending() ?? props.kpi.direction}
          onChange={(event) => choose(event.currentTarget)}
        >
          <For each={KPI_DIRECTIONS}>{(direction) => <option value={direction}>{DIRECTION_WORDS[direction]}</option>}</For>
        </select>
      </label>
      <Show when={pending()}>
        {(direction) => (
          <form class="direction-change" aria-label="Change direction" onSubmit={submit}>
            <span>{direction() === 'maintain' ? 'The range to keep within:' : 'The value to reach:'}</span>
            <GoalInputs
              maintain={direction() === 'maintain'}
              target={target}
              lower={lower}
              upper={upper}
              labels={{ target: 'Target to reach', lower: 'Lowest value in range', upper: 'Highest value in range' }}
            />
            <button type="submit" class="primary">
              Change direction
            </button>
            <button type="button" onClick={() => setPending(null)}>
              Cancel
            </button>
          </form>
        )}
      </Show>
    </>
  );
}
