import { createSignal } from 'solid-js';
import { appendReadings } from '../../../shared/schema/readings';
import { useWorkspace } from '../../state/workspace-context';

/** Adds a reading through the document; the server's rule runner pivots if it breaches. */
export function ReadingForm(props: { kpiId: string; unit: string }) {
  const ws = useWorkspace();
  const [at, setAt] = createSignal(new Date().toISOString().slice(0, 10));
  const [value, setValue] = createSignal('');
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    // The same check as the REST API: a reading dated more than a day ahead is refused, with why.
    const result = appendReadings(ws.doc, props.kpiId, [{ at: at(), value: value(), source: ws.identity.name }], new Date());
    if (result.ok) setValue('');
    else ws.apply(result);
  };
  return (
    <form class="reading-form" onSubmit={submit} aria-label="Add a reading">
      <input type="date" aria-label="Reading date" value={at()} onInput={(e) => setAt(e.currentTarget.value)} required />
      <input type="number" step="any" aria-label={`Reading value${props.unit ? ` in ${props.unit}` : ''}`} placeholder={`Value${props.unit ? ` (${props.unit})` : ''}`} value={value()} onInput={(e) => setValue(e.currentTarget.value)} required />
      <button type="submit" class="primary" disabled={value().trim() === ''}>
        Add reading
      </button>
    </form>
  );
}
