import { createResource, For, Show } from 'solid-js';
import { changeCount, describeChanges, measuredFrom, namesIn } from '../../state/change-summary';
import { rereadOnChange } from '../../state/reread';
import { useWorkspace } from '../../state/workspace-context';
import { formatWhen } from '../common/format-when';
import './history.css';

const PREVIEW_LINES = 4;
/**
 * How long the card waits after the last change before asking the server again. Longer than the
 * History view's wait: every screen in the meeting shows this card, each asking for the whole
 * diff, and a summary a few seconds behind the room still reads right.
 */
const REREAD_MS = 5_000;

/**
 * The first item of a running meeting (DESIGN §5 "the next meeting opens with what changed",
 * SPEC M15, M26): what changed since the last review's end, summed up, saying which point it
 * measures from, with a way into the History view.
 */
export function SinceLastReview() {
  const ws = useWorkspace();
  const latest = ws.record.lastReview;
  const [answer, { refetch }] = createResource(() => latest()?.id, (id) => ws.record.api.changes(id));
  // Kept up with the meeting: a decision, a deferral or a KPI turning red is a change since too.
  rereadOnChange(ws.revision, () => void refetch(), REREAD_MS);
  const sections = () => (answer.latest ? describeChanges(answer.latest.changes, namesIn(ws.view())) : []);
  const count = () => (answer.latest ? changeCount(sections()) : null);
  const preview = () => sections().flatMap((section) => section.lines.map((line) => `${section.title}: ${line}`)).slice(0, PREVIEW_LINES);
  const open = () => {
    ws.record.choose(null);
    ws.nav.go('history');
  };
  return (
    <Show when={latest()}>
      {(snapshot) => (
        <section class="since-review" aria-label="Since the last review" data-testid="since-last-review">
          <strong>Since the last review</strong>
          <span class="muted" data-testid="measured-from">
            {measuredFrom(snapshot(), formatWhen(snapshot().at))}:{' '}
            {countInWords(count())}
          </span>
          {/* Nothing changed is said plainly (U107): a button to see it would open an empty page. */}
          <Show when={(count() ?? 0) > 0}>
            <button type="button" class="primary" onClick={open}>
              See what changed
            </button>
          </Show>
          <Show when={preview().length > 0}>
            <ul>
              <For each={preview()}>{(line) => <li>{line}</li>}</For>
            </ul>
          </Show>
        </section>
      )}
    </Show>
  );
}

function countInWords(count: number | null): string {
  if (count === null) return 'reading…';
  if (count === 0) return 'nothing has changed';
  return `${count} change${count === 1 ? '' : 's'}`;
}
