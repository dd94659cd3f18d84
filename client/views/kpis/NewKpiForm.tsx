import { createSignal, For } from 'solid-js';
import { KPI_DIRECTIONS, type KpiDirection } from '../../../shared/schema/constants';
import { createKpi } from '../../../shared/schema/kpi-accessors';
import { useWorkspace } from '../../state/workspace-context';
import { DIRECTION_WORDS } from './DirectionField';
import { GoalInputs } from './GoalInputs';

/** Adds a KPI: what it is called, its unit, which way is good and where it should get to. */
export function NewKpiForm(props: { onCreated: (id: string) => void; onCancel: () => void }) {
  const ws = useWorkspace();
  const [name, setName] = createSignal('');
  const [unit, setUnit] = createSignal('');
  const [direction, setDirection] = createSignal<KpiDirection>('increase');
  const [target, setTarget] = createSignal('');
  const [lower, setLower] = createSignal('');
  const [upper, setUpper] = createSignal('');
  const num = (text: string) => (text.trim() === '' ? null : Number(text));
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const maintain = direction() === 'maintain';
    const id = ws.apply(
      createKpi(ws.doc, {
        name: name(),
        unit: unit(),
        direction: direction(),
        target: maintain ? null : num(target()),
        lower: maintain ? num(lower()) : null,
        upper: maintain ? num(upper()) : null,
      }),
    );
    if (id) props.onCreated(id);
  };
  return (
    <form class="new-kpi" onSubmit={submit} aria-label="New KPI">
      <input aria-label="KPI name" placeholder="Name, e.g. Net revenue retention" value={name()} onInput={(e) => setName(e.currentTarget.value)} ref={(el) => queueMicrotask(() => el.focus())} required />
      <input aria-label="Unit" placeholder="Unit" value={unit()} onInput={(e) => setUnit(e.currentTarget.value)} />
      <select aria-label="Direction" value={direction()} onChange={(e) => setDirection(e.currentTarget.value as KpiDirection)}>
        <For each={KPI_DIRECTIONS}>{(choice) => <option value={choice}>{DIRECTION_WORDS[choice]}</option>}</For>
      </select>
      <GoalInputs
        maintain={direction() === 'maintain'}
        target={[target, setTarget]}
        lower={[lower, setLower]}
        upper={[upper, setUpper]}
        labels={{ target: 'Target value', lower: 'Lower bound of the range', upper: 'Upper bound of the range' }}
      />
      <button type="submit" class="primary" disabled={!name().trim()}>
        Add KPI
      </button>
      <button type="button" onClick={() => props.onCancel()}>
        Cancel
      </button>
    </form>
  );
}
