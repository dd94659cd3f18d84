import { createMemo, createSignal, For, Show } from 'solid-js';
import { importKpis } from '../../../shared/history/reading-import';
import { importRefusal } from '../../state/change-summary';
import { createImportPreview } from '../../state/import-preview';
import { useWorkspace } from '../../state/workspace-context';
import { ApiError } from '../../sync/api-error';
import type { ImportAnswer } from '../../sync/record-api';
import { ImportPreview } from './ImportPreview';
import './reading-import.css';

/**
 * Readings in bulk (SPEC M7, M8, M16): a CSV file chosen or pasted (`kpi,at,value[,source]`, the
 * KPI by id or exact name), previewed as the server will read it and sent as text/csv with the
 * answers the preview took (M24, M25); the answer says how many landed and why each refused line
 * was refused. Editors and facilitators only, as the server checks too.
 */
export function ReadingImport() {
  const ws = useWorkspace();
  const [text, setText] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const [answer, setAnswer] = createSignal<ImportAnswer | null>(null);
  const [problem, setProblem] = createSignal<string | null>(null);
  const [open, setOpen] = createSignal(false);
  let picker: HTMLInputElement | undefined;
  const preview = createImportPreview(text, () => importKpis(ws.view().kpis.values(), ws.doc, ws.now()), ws.now, open);
  const kpis = createMemo(() => new Map([...ws.view().kpis.values()].map((kpi) => [kpi.id, kpi])));
  // A new text is a new file: the answer to the last one no longer describes it.
  const edit = (next: string) => {
    setText(next);
    setAnswer(null);
  };
  const choose = async (event: Event & { currentTarget: HTMLInputElement }) => {
    const file = event.currentTarget.files?.[0];
    if (file) edit(await file.text());
  };
  const upload = async (event: SubmitEvent) => {
    event.preventDefault();
    setBusy(true);
    setAnswer(null);
    setProblem(null);
    const sent = text();
    try {
      const result = await ws.record.api.importCsv(sent, preview.choices());
      // The file is in: its text would only be planned again on every change to the workspace, and
      // the picker naming it would suggest it is still to send, and would not hear the same file
      // chosen again (no change). It is cleared, as the text is (SPEC U88), unless another file's
      // text came in meanwhile (one chosen just before the upload, read after it): that one is
      // still to send.
      if (text() === sent) {
        setText('');
        if (picker) picker.value = '';
      }
      setAnswer(result);
    } catch (error) {
      setProblem(error instanceof ApiError ? importRefusal(error.status, error.message) : (error as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Show when={ws.canEdit}>
      <details class="reading-import" onToggle={(event) => setOpen(event.currentTarget.open)}>
        <summary>Import readings from CSV</summary>
        <form onSubmit={upload} aria-label="Import readings">
          <p class="muted">One reading a line: kpi,at,value[,source], or cells pasted from a spreadsheet. The KPI by id or exact name; a header line is optional, and a readings export imports as it is. Values may carry the KPI's unit (15.2%, 175 kUSD) and a decimal comma (9,5); dates may be 2026-12-05, 05/12/2026 or 5 Dec 2026.</p>
          {/* Nothing is chosen or typed while a file is on its way (U88): its answer would clear it unsent. */}
          <input ref={picker} type="file" accept=".csv,text/csv" aria-label="CSV file of readings" disabled={busy()} onChange={choose} />
          <textarea rows={5} aria-label="CSV readings" disabled={busy()} placeholder={'Net revenue retention,2025-03-01,108.5,finance'} value={text()} onInput={(e) => edit(e.currentTarget.value)} />
          {/* A text still to send is previewed beside the answer to the one sent before it. */}
          <Show when={answer() === null || text() !== ''}>
            <ImportPreview preview={preview} kpis={kpis()} />
          </Show>
          <div class="actions-row">
            <button type="submit" class="primary" disabled={busy() || text().trim() === '' || preview.plan()?.problem != null}>
              Upload readings
            </button>
          </div>
        </form>
        <Show when={problem()}>
          {(message) => (
            <p class="alert-line" role="alert" data-testid="import-problem">
              {message()}
            </p>
          )}
        </Show>
        <Show when={answer()}>
          {(result) => (
            <div class="import-result" role="status" data-testid="import-result">
              <p data-testid="imported">
                Imported {result().imported} reading{result().imported === 1 ? '' : 's'}.
              </p>
              <Show when={result().refused.length > 0}>
                <p>
                  Refused {result().refused.length} line{result().refused.length === 1 ? '' : 's'}:
                </p>
                <ul>
                  <For each={result().refused}>
                    {(row) => (
                      <li data-testid="refused-row">
                        Line {row.line}: {row.reason}
                      </li>
                    )}
                  </For>
                </ul>
              </Show>
            </div>
          )}
        </Show>
      </details>
    </Show>
  );
}
