import { createMemo, createSignal, For, Show } from 'solid-js';
import { deleteReading, editReading, type StoredReading } from '../../../shared/schema/readings';
import { formatNumber } from '../../state/kpi-status';
import { keyedReadings, type KeyedReading } from '../../state/reading-keys';
import { useWorkspace } from '../../state/workspace-context';

const STATUS_NOTE: Record<StoredReading['status'], string | null> = {
  counted: null,
  replaced: 'replaced by a later reading on this date',
  ahead: 'dated ahead: not counted until corrected',
};

/** Oldest first, then in the order written: how `listReadings` orders them. */
const byWritten = (a: StoredReading, b: StoredReading) => a.atMs - b.atMs || a.index - b.index;
const sameKeys = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((key, i) => key === b[i]);

/**
 * Every stored reading of a KPI, newest first, each correctable (date, value, source) or
 * deletable by editors (SPEC C13, C16): one transaction each, so the person's own undo takes
 * the correction back. The list says which readings the rules leave out and why.
 *
 * Rows are keyed by the element holding each reading (SPEC U30): every re-read makes new
 * objects, and positions shift when an earlier reading is deleted, so neither could keep a
 * correction being typed on its own reading while colleagues edit.
 */
export function ReadingList(props: { kpiId: string; unit: string }) {
  const ws = useWorkspace();
  // The readings are read from the document; the view changes with every change to it.
  const stored = createMemo(() => {
    ws.view();
    return keyedReadings(ws.doc, props.kpiId, ws.now());
  });
  const storedKeys = createMemo(() => new Set(stored().map((reading) => reading.key)));
  // The reading being corrected, as it was when its editor opened.
  const [editing, setEditing] = createSignal<KeyedReading | null>(null);
  // One changed or deleted by someone else stays listed while its editor is open, so the draft
  // is not taken from under the person and the editor can say what happened.
  const shown = createMemo(() => {
    const open = editing();
    const list = open && !storedKeys().has(open.key) ? [...stored(), open].sort(byWritten) : stored();
    return new Map([...list].reverse().map((reading) => [reading.key, reading]));
  });
  const keys = createMemo(() => [...shown().keys()], [], { equals: sameKeys });
  return (
    <details class="readings" data-testid="reading-list">
      <summary>Readings ({stored().length})</summary>
      <ul>
        <For each={keys()}>
          {(key) => {
            // Kept for the moment between a reading leaving the list and its row going.
            let last = shown().get(key)!;
            const reading = () => (last = shown().get(key) ?? last);
            return (
              <Show
                when={editing()?.key === key}
                fallback={<ReadingRow kpiId={props.kpiId} unit={props.unit} reading={reading()} onEdit={() => setEditing(reading())} />}
              >
                <ReadingEditor kpiId={props.kpiId} reading={reading()} gone={!storedKeys().has(key)} onDone={() => setEditing(null)} />
              </Show>
            );
          }}
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

/** A correction as typed so far. */
interface Draft {
  at: string;
  value: string;
  source: string;
}

function ReadingEditor(props: { kpiId: string; reading: KeyedReading; drafts: Map<string, Draft>; onDone: () => void }) {
  const ws = useWorkspace();
  const draft = props.drafts.get(props.reading.key) ?? { at: props.reading.at.slice(0, 10), value: String(props.reading.value), source: props.reading.source };
  props.drafts.set(props.reading.key, draft);
  const [at, setAt] = createSignal(draft.at);
  const [value, setValue] = createSignal(draft.value);
  const [source, setSource] = createSignal(draft.source);
  const [problem, setProblem] = createSignal<string | null>(null);
  const save = (event: SubmitEvent) => {
    event.preventDefault();
    if (props.gone) return;
    // Only what changed: an unchanged date keeps the stored instant as written.
    const patch = {
      ...(at() !== props.reading.at.slice(0, 10) ? { at: at() } : {}),
      value: value(),
      source: source(),
    };
    // One batch: the list must not see its own correction's new row before the editor closes,
    // or it would take it for someone else's change to the reading being corrected.
    batch(() => {
      const result = editReading(ws.doc, props.kpiId, props.reading, patch, ws.clock.now());
      if (result.ok) props.onDone();
      else setProblem(result.error.message);
    });
  };
  return (
    <li>
      <form class="reading-editor" onSubmit={save} aria-label={`Correct the reading of ${props.reading.at.slice(0, 10)}`}>
        <input type="date" aria-label="Corrected date" value={at()} onInput={(e) => setAt((draft.at = e.currentTarget.value))} required />
        <input type="number" step="any" aria-label="Corrected value" value={value()} onInput={(e) => setValue((draft.value = e.currentTarget.value))} required />
        <input aria-label="Corrected source" value={source()} onInput={(e) => setSource((draft.source = e.currentTarget.value))} />
        <button type="submit" class="primary small" disabled={props.gone}>
          Save
        </button>
        <button type="button" class="small" onClick={() => props.onDone()}>
          Cancel
        </button>
        <Show when={props.gone}>
          <p class="alert-line" role="alert">
            Someone else changed or deleted this reading while you were correcting it, so your draft was not saved. The list shows what is stored now.
          </p>
        </Show>
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
