import { createResource, For, Show } from 'solid-js';
import { describeChanges, measuredFrom, namesIn } from '../../state/change-summary';
import { rereadOnChange } from '../../state/reread';
import { useWorkspace } from '../../state/workspace-context';
import { formatWhen } from '../common/format-when';

const REREAD_MS = 800;

/**
 * "What changed since the last review" (SPEC M3, M13, M26): the server's diff from the chosen
 * snapshot (the last review's unless one is chosen) to the live document, in words, saying which
 * point it measures from. It is read again a moment after the document changes, so an edit anyone
 * makes shows here without a reload.
 */
export function ChangesPanel() {
  const ws = useWorkspace();
  const since = () => ws.record.since()?.id ?? null;
  const [answer, { refetch }] = createResource(since, (id) => ws.record.api.changes(id));
  rereadOnChange(ws.revision, () => void refetch(), REREAD_MS);
  const sections = () => {
    const value = answer.latest;
    return value ? describeChanges(value.changes, namesIn(ws.view())) : [];
  };
  return (
    <section class="changes-panel" aria-label="What changed since the last review" data-testid="changes">
      <div class="panel-head">
        <h3>What changed since the last review</h3>
        <Show when={ws.record.since()}>
          {(snapshot) => (
            <span class="muted" data-testid="measured-from">
              {measuredFrom(snapshot(), formatWhen(snapshot().at))}
            </span>
          )}
        </Show>
        {/* Another snapshot chosen from the list: the way back to the one the meeting compares with. */}
        <Show when={ws.record.since() !== ws.record.lastReview()}>
          <button type="button" class="text-button" onClick={() => ws.record.choose(null)}>
            Since the last review
          </button>
        </Show>
        <button type="button" class="push-right" disabled={since() === null} onClick={() => void refetch()}>
          Refresh
        </button>
      </div>
      <Show when={since() !== null} fallback={<p class="muted">No snapshot yet: ending a meeting takes one, and what changed since is shown here.</p>}>
        <Show when={!answer.error} fallback={<p class="alert-line">{(answer.error as Error)?.message}</p>}>
          <Show when={answer.latest} fallback={<p class="muted">Reading what changed…</p>}>
            <Show when={sections().length > 0} fallback={<p class="muted">Nothing has changed since then.</p>}>
              <div class="change-sections">
                <For each={sections()}>
                  {(section) => (
                    <div class="change-section">
                      <h4>{section.title}</h4>
                      <ul>
                        <For each={section.lines}>{(line) => <li data-testid="change">{line}</li>}</For>
                      </ul>
                    </div>
                  )}
                </For>
              </div>
            </Show>
          </Show>
        </Show>
      </Show>
    </section>
  );
}
