import { createSignal, Show } from 'solid-js';
import { appendReadings } from '../../../shared/schema/readings';
import { useWorkspace } from '../../state/workspace-context';

/** Adds a reading through the document; the server's rule runner pivots if it breaches. */
export function ReadingForm(props: { kpiId: string; unit: string }) {
  const ws = useWorkspace();
  const [at, setAt] = createSignal(ws.clock.now().toISOString().slice(0, 10));
  const [value, setValue] = createSignal('');
  const [problem, setProblem] = createSignal<string | null>(null);
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    // The same check as the REST API (SPEC C2): a reading dated more than a day after the
    // server's now is refused, and the form says why, naming the date.
    const result = appendReadings(ws.doc, props.kpiId, [{ at: at(), value: value(), source: ws.identity.name }], ws.clock.now());
    if (result.ok) {
      setValue('');
      setProblem(null);
    } else setProblem(result.error.message);
  };
  return (
    <form class="reading-form" onSubmit={submit} aria-label="Add a reading">
      <input type="date" aria-label="Reading date" value={at()} onInput={(e) => setAt(e.currentTarget.value)} required />
      <input type="number" step="any" aria-label={`Reading value${props.unit ? ` in ${props.unit}` : ''}`} placeholder={`Value${props.unit ? ` (${props.unit})` : ''}`} value={value()} onInput={(e) => setValue(e.currentTarget.value)} required />
      <button type="submit" class="primary" disabled={value().trim() === ''}>
        Add reading
      </button>
      <Show when={problem()}>
        {(message) => (
          <p class="alert-line reading-problem" role="alert" data-testid="reading-problem">
            {message()}
          </p>
        )}
      </Show>
    </form>
  );
}
