import { createSignal, For, Show } from 'solid-js';
import { useWorkspace } from '../../state/workspace-context';
import { formatWhen } from '../common/format-when';
import { SNAPSHOT_LABEL_MAX } from '../../../shared/schema/constants';
import { keepVisible } from '../common/keep-visible';
import { named } from '../../../shared/text/quoted';

/** The review snapshots (SPEC M1): label, date, by; a facilitator takes one by name. */
export function SnapshotList() {
  const ws = useWorkspace();
  const record = ws.record;
  const [label, setLabel] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  let labelField!: HTMLInputElement;
  const take = async (event: SubmitEvent) => {
    event.preventDefault();
    // The button is disabled while the snapshot is taken, and stays so once the label is emptied:
    // pressed, it would drop the focus to the page's start. The caret goes back to the label for
    // the next one, as "Add action" does (U114).
    if (document.activeElement === event.submitter) labelField.focus();
    setBusy(true);
    try {
      const snapshot = await record.api.takeSnapshot(label().trim(), ws.identity.name);
      setLabel('');
      await record.refresh();
      ws.notices.notify(`Snapshot ${named(snapshot.label)} taken.`);
    } catch (error) {
      ws.notices.notify((error as Error).message, { tone: 'error' });
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="snapshot-list" aria-label="Snapshots">
      <h3>Snapshots</h3>
      <Show when={ws.isFacilitator}>
        <form class="take-snapshot" onSubmit={take}>
          {/* The server's own limit, in the characters a person sees (U87): typing stops there, the caret where it was. */}
          <input
            ref={labelField}
            aria-label="Snapshot label"
            placeholder="Label, e.g. Before the Q4 board"
            value={label()}
            onInput={(e) => setLabel(keepVisible(e, SNAPSHOT_LABEL_MAX, label()))}
            onCompositionEnd={(e) => setLabel(keepVisible(e, SNAPSHOT_LABEL_MAX, label()))}
          />
          <button type="submit" disabled={busy() || label().trim() === ''}>
            Take snapshot
          </button>
        </form>
      </Show>
      <Show when={record.snapshotsError()}>{(error) => <p class="alert-line">{error()}</p>}</Show>
      <ul data-testid="snapshots">
        <For each={record.snapshots()} fallback={<li class="muted">No snapshots yet. Ending a meeting takes one.</li>}>
          {(snapshot) => (
            <li data-testid="snapshot" data-selected={record.since()?.id === snapshot.id ? '' : undefined}>
              <span class="snapshot-label">{snapshot.label}</span>
              <span class="muted">
                {takenAt(snapshot)} · {snapshot.kind === 'meeting-end' ? 'meeting end' : snapshot.by}
              </span>
              <button type="button" class="text-button" aria-pressed={record.since()?.id === snapshot.id} onClick={() => record.choose(snapshot.id)}>
                Compare with now
              </button>
              {/* A meeting's end takes the snapshot (by nobody): its minutes stay downloadable after the next meeting starts. */}
              <Show when={snapshot.kind === 'meeting-end'}>
                <a class="text-button" href={record.api.exportUrl('md', snapshot.id)} download="" aria-label={`Minutes of the meeting ended ${formatWhen(snapshot.at)}`}>
                  Minutes
                </a>
              </Show>
            </li>
          )}
        </For>
      </ul>
    </section>
  );
}

/**
 * When a snapshot was taken, without the day its label already says: a meeting end's label is its
 * day (M2), and "7 Dec 2026" above "7 Dec 2026, 10:56" said the date twice.
 */
function takenAt(snapshot: { label: string; at: string }): string {
  const when = formatWhen(snapshot.at);
  return when.startsWith(`${snapshot.label}, `) ? when.slice(snapshot.label.length + 2) : when;
}
