import { createMemo, For } from 'solid-js';
import { readLog } from '../../../shared/schema/log';
import { logKindWord } from '../../state/change-summary';
import { useWorkspace } from '../../state/workspace-context';
import { formatWhen } from '../common/format-when';

/** The document's append-only log, newest first, its kinds in words (DESIGN §3 `log`, §7). */
export function DecisionLog() {
  const ws = useWorkspace();
  const entries = createMemo(() => {
    // The agenda accessor re-reads once per batch of document changes: the log moves with it.
    ws.agenda();
    return readLog(ws.doc).reverse();
  });
  return (
    <section class="decision-log" aria-label="Decision and pivot log">
      <h3>Decision and pivot log</h3>
      <ol class="log-list" data-testid="decision-log">
        <For each={entries()} fallback={<li class="muted">Nothing logged yet.</li>}>
          {(entry) => (
            <li data-kind={entry.kind} data-testid="log-entry">
              <span class="log-kind">{logKindWord(entry.kind)}</span>
              <span class="log-text">{entry.text}</span>
              <span class="muted log-when">
                {formatWhen(entry.at)}
                {entry.by ? ` · ${entry.by}` : ''}
              </span>
            </li>
          )}
        </For>
      </ol>
    </section>
  );
}
