import { createSignal, Show } from 'solid-js';
import { recentReadings } from '../../../shared/schema/reading-series';
import { appendReadings } from '../../../shared/schema/readings';
import { formatEntered } from '../../state/kpi-status';
import { useWorkspace } from '../../state/workspace-context';
import { dayInWords, formatDate } from '../../../shared/rules/format';
import { DAY_MS, parseDay } from '../../../shared/schema/utc-dates';

/** Adds a reading through the document; the server's rule runner pivots if it breaches. */
export function ReadingForm(props: { kpiId: string; unit: string }) {
  const ws = useWorkspace();
  // Today until the person picks a day: a form left open overnight offers the new day (U78),
  // not the one it opened on, for a reading typed the next morning. A value being typed keeps the
  // day it was begun on: midnight is UTC's, mid-afternoon in California, and the date must not
  // change under someone typing yesterday's closing figure.
  const [picked, setPicked] = createSignal<string | null>(null);
  const [begunOn, setBegunOn] = createSignal<string | null>(null);
  const at = () => picked() ?? begunOn() ?? ws.today();
  const [value, setValue] = createSignal('');
  const [problem, setProblem] = createSignal<string | null>(null);
  const [added, setAdded] = createSignal<string | null>(null);
  let valueField: HTMLInputElement | undefined;
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const kpi = ws.view().kpis.get(props.kpiId);
    const latest = kpi ? recentReadings(kpi, ws.now(), 1)[0] : undefined;
    const day = at();
    const entered = Number(value());
    // The same check as the REST API (SPEC C2): a reading dated more than a day after the
    // server's now is refused, and the form says why, naming the date.
    const result = appendReadings(ws.doc, props.kpiId, [{ at: day, value: value(), source: ws.identity.name }], ws.clock.now());
    if (!result.ok) {
      setProblem(result.error.message);
      return;
    }
    setProblem(null);
    // Said back in words: a year typed wrong in the past is accepted (a late reading is real), and
    // only a reading on or after the latest one's UTC date is the one the rules judge (DESIGN §4
    // `kpi-threshold`). Days, not texts: a latest reading stored with a zone may be on another UTC date.
    const dayMs = parseDay(day);
    const latestDay = latest === undefined ? null : Math.floor(latest.atMs / DAY_MS) * DAY_MS;
    const older = dayMs !== null && latestDay !== null && dayMs < latestDay ? ` It is older than the latest reading (${formatDate(latestDay)}), which still counts.` : '';
    setAdded(`Added ${formatEntered(entered, props.unit)} for ${dayInWords(day)}.${older}`);
    setValue('');
    setBegunOn(null);
    // The button is disabled with the value gone and would drop focus: the next value goes where this one did.
    valueField?.focus();
  };
  return (
    <form class="reading-form" onSubmit={submit} aria-label="Add a reading">
      <input type="date" aria-label="Reading date" value={at()} onInput={(e) => setPicked(e.currentTarget.value)} required />
      <input
        type="number"
        step="any"
        ref={(el) => (valueField = el)}
        aria-label={`Reading value${props.unit ? ` in ${props.unit}` : ''}`}
        placeholder={`Value${props.unit ? ` (${props.unit})` : ''}`}
        value={value()}
        onInput={(e) => {
          setValue(e.currentTarget.value);
          setBegunOn(e.currentTarget.value === '' ? null : (begunOn() ?? ws.today()));
          setAdded(null);
        }}
        required
      />
      <button type="submit" class="primary" disabled={value().trim() === ''}>
        Add reading
      </button>
      <p class="muted reading-added" role="status" data-testid="reading-added">
        {added()}
      </p>
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
