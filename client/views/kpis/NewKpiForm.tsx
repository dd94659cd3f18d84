import { createSignal, createUniqueId, For, Show } from 'solid-js';
import { KPI_DIRECTIONS, type KpiDirection } from '../../../shared/schema/constants';
import { createKpi } from '../../../shared/schema/kpi-accessors';
import { kpiNameProblems } from '../../../shared/schema/kpi-fields';
import { addDays } from '../../../shared/schema/utc-dates';
import { useWorkspace } from '../../state/workspace-context';
import { DIRECTION_WORDS } from './DirectionField';
import { GoalInputs } from './GoalInputs';

/**
 * Adds a KPI: what it is called, its unit, which way is good and where it should get to. A KPI to
 * raise or lower may also say where it stands today and by when it should reach its target (C21):
 * then it is judged against the straight line between the two (a plan point today, which
 * `kpi-threshold` continues to the target at the target date), not against the final target from
 * its first reading, which would turn a KPI that starts far from its target red at once and pivot
 * the room.
 */
export function NewKpiForm(props: { onCreated: (id: string) => void; onCancel: () => void }) {
  const ws = useWorkspace();
  const [name, setName] = createSignal('');
  const [unit, setUnit] = createSignal('');
  const [direction, setDirection] = createSignal<KpiDirection>('increase');
  const [target, setTarget] = createSignal('');
  const [lower, setLower] = createSignal('');
  const [upper, setUpper] = createSignal('');
  const [startValue, setStartValue] = createSignal('');
  const [targetDate, setTargetDate] = createSignal('');
  const num = (text: string) => (text.trim() === '' ? null : Number(text));
  const today = ws.today;
  const ids = { start: createUniqueId(), by: createUniqueId(), hint: createUniqueId() };
  let byField: HTMLInputElement | undefined;
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const maintain = direction() === 'maintain';
    const start = maintain ? null : num(startValue());
    byField?.setCustomValidity('');
    // `min` keeps the browser's picker from offering today, but a date typed in is checked here.
    if (start !== null && byField && !(targetDate() > today())) {
      byField.setCustomValidity('Pick a date after today.');
      byField.reportValidity();
      return;
    }
    const id = ws.apply(
      createKpi(ws.doc, {
        name: name(),
        unit: unit(),
        direction: direction(),
        target: maintain ? null : num(target()),
        lower: maintain ? num(lower()) : null,
        upper: maintain ? num(upper()) : null,
        baseline: start,
        startDate: start === null ? null : today(),
        targetDate: maintain || targetDate() === '' ? null : targetDate(),
        plan: start === null ? [] : [{ at: today(), value: start }],
      }),
    );
    if (id) props.onCreated(id);
  };
  return (
    <form class="new-kpi" onSubmit={submit} aria-label="New KPI">
      {/* Marked while too long (U67), as the review's title is: a paste is not cut without a word, and Add KPI says by how much. */}
      <input
        aria-label="KPI name"
        placeholder="Name, e.g. Net revenue retention"
        value={name()}
        aria-invalid={kpiNameProblems(name()).length > 0 ? 'true' : undefined}
        onInput={(e) => setName(e.currentTarget.value)}
        ref={(el) => queueMicrotask(() => el.focus())}
        required
      />
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
      <Show when={direction() !== 'maintain'}>
        {/* A sentence to fill in; both optional, but a value today needs the date to draw its line to. */}
        <p class="new-kpi-line">
          <span id={ids.start}>Today it stands at</span>
          <input
            type="number"
            step="any"
            aria-labelledby={ids.start}
            aria-describedby={ids.hint}
            placeholder="optional"
            value={startValue()}
            onInput={(e) => {
              byField?.setCustomValidity('');
              setStartValue(e.currentTarget.value);
            }}
          />
          <span id={ids.by}>and should reach its target by</span>
          <input
            type="date"
            ref={byField}
            aria-labelledby={ids.by}
            aria-describedby={ids.hint}
            min={addDays(today(), 1)}
            value={targetDate()}
            onInput={(e) => {
              e.currentTarget.setCustomValidity('');
              setTargetDate(e.currentTarget.value);
            }}
            required={startValue().trim() !== ''}
          />
          <span id={ids.hint} class="muted">
            Then it is judged against the line from today’s value to the target, not the target itself.
          </span>
        </p>
      </Show>
      <button type="submit" class="primary" disabled={!name().trim()}>
        Add KPI
      </button>
      <button type="button" onClick={() => props.onCancel()}>
        Cancel
      </button>
    </form>
  );
}
