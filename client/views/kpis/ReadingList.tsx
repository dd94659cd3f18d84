import { createEffect, createMemo, createSignal, For, Show } from 'solid-js';
import { deleteReading, editReading, listReadings, restoreReading, type StoredReading } from '../../../shared/schema/readings';
import { sameItems } from '../../../shared/schema/same-items';
import { changeWithUndo } from '../../state/change-with-undo';
import { formatEntered } from '../../state/kpi-status';
import { keyedReadings, type KeyedReading } from '../../state/reading-keys';
import { useWorkspace } from '../../state/workspace-context';
import { dayInWords } from '../../../shared/rules/format';
import { DayText } from '../common/DayText';

const STATUS_NOTE: Record<StoredReading['status'], string | null> = {
  counted: null,
  replaced: 'replaced by a later reading on this date',
  ahead: 'dated ahead: not counted until corrected',
};

/** A correction as typed so far; its row's editor writes each keystroke here. */
interface Draft {
  at: string;
  value: string;
  source: string;
}

/** The reading being corrected, as it was when its editor opened, and the correction typed. */
interface Correction {
  reading: KeyedReading;
  draft: Draft;
}

/**
 * Every stored reading of a KPI, newest first, each correctable (date, value, source) or
 * deletable by editors (SPEC C13, C16): one transaction each, so the person's own undo takes
 * the correction back; a deletion says so with an Undo (SPEC U36). The list says which readings the rules leave out and why.
 *
 * Rows are keyed by the element holding each reading: every re-read makes new objects, and
 * positions shift when an earlier reading is deleted, so neither could keep a correction being
 * typed on its own reading while colleagues edit.
 */
export function ReadingList(props: { kpiId: string; unit: string }) {
  const ws = useWorkspace();
  // The readings are read from the document; the view changes with every change to it.
  const readings = createMemo(() => {
    ws.view();
    return keyedReadings(ws.doc, props.kpiId, ws.now()).reverse();
  });
  const byKey = createMemo(() => new Map(readings().map((reading) => [reading.key, reading])));
  const keys = createMemo(() => readings().map((reading) => reading.key), [], { equals: sameItems });
  const [open, setOpen] = createSignal<Correction | null>(null);
  const [lost, setLost] = createSignal<Correction | null>(null);
  // A correction replaces its reading's element, so the key of the reading being corrected goes
  // when anyone else corrects or deletes it. Its draft is not written over theirs; the person is
  // told, with what they had typed. Their own Save closes the editor before the view re-reads.
  createEffect(() => {
    const correction = open();
    if (correction && !byKey().has(correction.reading.key)) {
      setOpen(null);
      setLost(correction);
    }
  });
  const edit = (reading: KeyedReading) => {
    setLost(null);
    setOpen({ reading, draft: { at: reading.at.slice(0, 10), value: String(reading.value), source: reading.source } });
  };
  let list: HTMLUListElement | undefined;
  let summary: HTMLElement | undefined;
  /**
   * Focus on the row of `key` once the list is redrawn, else on the row now at `index` (the next
   * after a deletion, or the one before when it was the last), else on the list's summary: the
   * control that had focus (Edit, Save, Delete) is gone with the row it was in.
   */
  const focusRow = (key: string | undefined, index: number) => {
    ws.flush();
    const rows = list?.querySelectorAll<HTMLElement>(':scope > li') ?? [];
    const at = key === undefined ? -1 : keys().indexOf(key);
    const row = rows[at >= 0 ? at : Math.min(index, rows.length - 1)];
    (row?.querySelector<HTMLElement>('button, input') ?? summary)?.focus();
  };
  /** After Save the corrected reading is a new element (a new key): the one key the re-read list has that it had not. */
  const closeEditor = (key: string, index: number) => {
    const before = new Set(keys());
    setOpen(null);
    ws.flush();
    focusRow(keys().find((k) => !before.has(k)) ?? key, index);
  };
  return (
    <details class="readings" data-testid="reading-list">
      <summary ref={(el) => (summary = el)}>Readings ({readings().length})</summary>
      <Show when={lost()}>{(correction) => <LostCorrection correction={correction()} unit={props.unit} onDismiss={() => setLost(null)} />}</Show>
      <ul ref={(el) => (list = el)}>
        <For each={keys()}>
          {(key, index) => {
            // Kept for the moment between a reading leaving the list and its row going.
            let last = byKey().get(key)!;
            const reading = () => (last = byKey().get(key) ?? last);
            return (
              <Show
                when={open()?.reading.key === key ? open() : null}
                fallback={<ReadingRow kpiId={props.kpiId} unit={props.unit} reading={reading()} onEdit={() => edit(reading())} onDeleted={() => focusRow(undefined, index())} />}
              >
                {(correction) => <ReadingEditor kpiId={props.kpiId} reading={reading()} draft={correction().draft} onDone={() => closeEditor(key, index())} />}
              </Show>
            );
          }}
        </For>
      </ul>
    </details>
  );
}

/** Says that a correction was not saved because someone else changed or deleted its reading, and what it was. */
function LostCorrection(props: { correction: Correction; unit: string; onDismiss: () => void }) {
  const typed = () => {
    const { value, source } = props.correction.draft;
    return `${value}${props.unit ? ` ${props.unit}` : ''}${source ? `, source "${source}"` : ''}`;
  };
  return (
    <p class="alert-line" role="alert" data-testid="reading-notice">
      The reading of {dayInWords(props.correction.reading.at.slice(0, 10))} was changed or deleted by someone else while you were correcting it, so your correction
      ({typed()}) was not saved. The list shows what is stored now.{' '}
      <button type="button" class="small" onClick={() => props.onDismiss()}>
        Dismiss
      </button>
    </p>
  );
}

function ReadingRow(props: { kpiId: string; unit: string; reading: StoredReading; onEdit: () => void; onDeleted: () => void }) {
  const ws = useWorkspace();
  const day = () => props.reading.at.slice(0, 10);
  const dayWords = () => dayInWords(day());
  // Said with an Undo that puts it back where it stood (SPEC U36), as an archive is. Two readings
  // can be equal, so the deletion stands while fewer copies of it are stored than before.
  const remove = () => {
    const { kpiId, reading } = props;
    const copies = () => {
      ws.view();
      return listReadings(ws.doc, kpiId, ws.now()).filter((r) => r.at === reading.at && r.value === reading.value && r.source === reading.source).length;
    };
    const before = copies();
    const deleted = changeWithUndo(
      ws,
      `Deleted the reading of ${dayWords()} (${formatEntered(reading.value, props.unit)}).`,
      () => deleteReading(ws.doc, kpiId, reading),
      (deleted) => restoreReading(ws.doc, kpiId, deleted),
      () => copies() < before,
    );
    if (deleted) props.onDeleted();
  };
  return (
    <li data-testid="reading-row" data-status={props.reading.status}>
      <DayText day={day()} /> <strong>{formatEntered(props.reading.value, props.unit)}</strong> <span class="muted">{props.reading.source}</span>
      <Show when={STATUS_NOTE[props.reading.status]}>{(note) => <span class="reading-note"> · {note()}</span>}</Show>
      <Show when={ws.canEdit}>
        <span class="reading-actions">
          <button type="button" class="small" aria-label={`Edit the reading of ${dayWords()}`} onClick={() => props.onEdit()}>
            Edit
          </button>
          <button type="button" class="small" aria-label={`Delete the reading of ${dayWords()}`} onClick={remove}>
            Delete
          </button>
        </span>
      </Show>
    </li>
  );
}

function ReadingEditor(props: { kpiId: string; reading: StoredReading; draft: Draft; onDone: () => void }) {
  const ws = useWorkspace();
  const draft = props.draft;
  const [at, setAt] = createSignal(draft.at);
  const [value, setValue] = createSignal(draft.value);
  const [source, setSource] = createSignal(draft.source);
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
      <form class="reading-editor" onSubmit={save} aria-label={`Correct the reading of ${dayInWords(props.reading.at.slice(0, 10))}`}>
        <input type="date" aria-label="Corrected date" value={at()} onInput={(e) => setAt((draft.at = e.currentTarget.value))} required />
        {/* The Edit button that opened it is gone: the caret goes where the correction usually is. */}
        <input type="number" step="any" aria-label="Corrected value" ref={(el) => queueMicrotask(() => el.focus())} value={value()} onInput={(e) => setValue((draft.value = e.currentTarget.value))} required />
        <input aria-label="Corrected source" value={source()} onInput={(e) => setSource((draft.source = e.currentTarget.value))} />
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
