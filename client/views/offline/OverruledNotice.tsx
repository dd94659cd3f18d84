import { For, Show } from 'solid-js';
import { nodeName } from '../../../shared/rules/format';
import { dependencyName } from '../../../shared/schema/dependency-name';
import { useWorkspace } from '../../state/workspace-context';
import type { OverruledAnswer } from '../../sync/unseen-overwrite-watch';
import { formatWhen } from '../common/format-when';
import { overruledSentence } from './overruled-sentence';
import './offline.css';

/**
 * Proposals this person declined that a colleague accepted at the same time (SPEC U79): the
 * accept stands on every screen, and this says so in words to the one person who would
 * otherwise see the date committed with no word of why. Declining again is not offered: there is
 * no proposal left, and the date is now a commitment to take up with whoever accepted it.
 */
export function OverruledNotice() {
  const ws = useWorkspace();
  const name = (answer: OverruledAnswer) => {
    const dep = ws.view().deps.get(answer.dep);
    if (!dep) return null;
    const end = (id: string) => {
      const node = ws.view().nodes.get(id);
      return node ? nodeName(node) : '?';
    };
    return dependencyName(end(dep.from), end(dep.to));
  };
  return (
    <Show when={ws.link().overruled.length > 0}>
      <section class="overwrite-notice" role="status" aria-labelledby="overruled-title" data-testid="overruled-notice">
        <h2 id="overruled-title">Accepted while you declined it</h2>
        <ul>
          <For each={ws.link().overruled}>
            {(answer) => (
              <li data-testid="overruled">
                <span>{overruledSentence(answer, name(answer), (at) => formatWhen(new Date(at).toISOString()))}</span>
                <button type="button" onClick={() => ws.connection.dismissOverruled(answer)}>
                  OK
                </button>
              </li>
            )}
          </For>
        </ul>
      </section>
    </Show>
  );
}
