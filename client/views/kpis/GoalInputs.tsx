import { Show, type Accessor, type Setter } from 'solid-js';

type Field = [Accessor<string>, Setter<string>];

/**
 * The figures a KPI's direction needs, as typed: the range to keep within, or the target to reach.
 * The labels differ where two such forms can be on screen at once (a new KPI beside a KPI panel).
 */
export function GoalInputs(props: {
  maintain: boolean;
  target: Field;
  lower: Field;
  upper: Field;
  labels: { target: string; lower: string; upper: string };
}) {
  const input = (field: Field, label: string, placeholder: string) => (
    <input type="number" step="any" aria-label={label} placeholder={placeholder} value={field[0]()} onInput={(e) => field[1](e.currentTarget.value)} required />
  );
  return (
    <Show when={props.maintain} fallback={input(props.target, props.labels.target, 'Target')}>
      {input(props.lower, props.labels.lower, 'Lower')}
      {input(props.upper, props.labels.upper, 'Upper')}
    </Show>
  );
}
