import { createMemo, createSignal, For, Show } from 'solid-js';
import { deleteReading, editReading, listReadings, type StoredReading } from '../../../shared/schema/readings';
import { formatNumber } from '../../state/kpi-status';
import { useWorkspace } from '../../state/workspace-context';

const STATUS_NOTE: Record<StoredReading['status'], string | null> = {
  counted: null,
  replaced: 'replaced by a later reading on this date',
  ahead: 'dated ahead: not counted until corrected',
};

/**
 * Every stored reading of a KPI, newest first, each correctable (date, value, source) or
 * deletable by editors (SPEC C13, C16): one transaction each, so the person's own undo takes
 * the correction back. The list says which readings the rules leave out and why.
 */
export function ReadingList(props: { kpiId: string; unit: string }) {
  const ws = useWorkspace();
  // listReadings reads the document; the view changes with every change to it.
  const rows = createMemo(() => {
    ws.view();
    return listReadings(ws.doc, props.kpiId, ws.now()).reverse();
  });
  const [editing, setEditing] = createSignal<number | null>(null);
  return (
    <details class="readings" data-testid="reading-list">
      <summary>Readings ({rows().length})</summary>
      <ul>
        <For each={rows()}>
          {(reading) => (
            <Show when={editing() === reading.index} fallback={<ReadingRow kpiId={props.kpiId} unit={props.unit} reading={reading} onEdit={() => setEditing(reading.index)} />}>
              <ReadingEditor kpiId={props.kpiId} reading={reading} onDone={() => setEditing(null)} />
            </Show>
          )}
        </For>
      </ul>
    </details>
  );
}

function ReadingRow(props: { kpiId: string; unit: string; reading: StoredReading; onEdit: () => void }) {
  const ws = useWorkspace();
  const day = () => props.reading.at.slice(0, 10);
  const remove = () => ws.apply(deleteReading(ws.doc, props.kpiId, props.reading));
  return (
    <li data-testid="reading-row" data-status={props.reading.status}>
      <span>{day()}</span> <strong>{formatNumber(props.reading.value, props.unit)}</strong> <span class="muted">{props.reading.source}</span>
      <Show when={STATUS_NOTE[props.reading.status]}>{(note) => <span class="reading-note"> · {note()}</span>}</Show>
      <Show when={ws.canEdit}>
        <span class="reading-actions">
          <button type="button" class="small" aria-label={`Edit the reading of ${day()}`} onClick={() => props.onEdit()}>
            Edit
          </button>
          <button type="button" class="small" aria-label={`Delete the reading of ${day()}`} onClick={remove}>
            Delete
          </button>
        </span>
      </Show>
    </li>
  );
}

function ReadingEditor(props: { kpiId: string; reading: StoredReading; onDone: () => void }) {
  const ws = useWorkspace();
  const [at, setAt] = createSignal(props.reading.at.slice(0, 10));
  const [value, setValue] = createSignal(String(props.reading.value));
  const [source, setSource] = createSignal(props.reading.source);
  const [problem, setProblem] = createSignal<string | null>(null);
  const save = (event: SubmitEvent) => {
    event.preventDefault();
    // Only what changed: an unchanged date keeps the stored instant as written.
    const patch = {
      ...(at() !== props.reading.at.slice(0, 10) ? { at: at() } : {}),
      value: value(),
      source: source(),
    };
    const result = editReading(ws.doc, props.kpiId, props.reading, patch, ws.clock.now());
    if (result.ok) props.onDone();
    else setProblem(result.error.message);
  };
  return (
    <li>
      <form class="reading-editor" onSubmit={save} aria-label={`Correct the reading of ${props.reading.at.slice(0, 10)}`}>
        <input type="date" aria-label="Corrected date" value={at()} onInput={(e) => setAt(e.currentTarget.value)} required />
        <input type="number" step="any" aria-label="Corrected value" value={value()} onInput={(e) => setValue(e.currentTarget.value)} required />
        <input aria-label="Corrected source" value={source()} onInput={(e) => setSource(e.currentTarget.value)} />
        <button type="submit" class="primary small">
          Save
        </button>
        <button type="button" class="small" onClick={() => props.onDone()}>
          Cancel
        </button>
        <Show when={problem()}>
          {(message) => (
            <p class="alert-line" role="alert">
              {message()}
            </p>
          )}
        </Show>
      </form>
    </li>
  );
}
