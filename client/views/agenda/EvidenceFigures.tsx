import { createMemo, For, Show } from 'solid-js';
import { evidenceFigures, viewNames } from '../../../shared/rules/evidence';
import type { Finding } from '../../../shared/rules/finding';
import { useWorkspace } from '../../state/workspace-context';

/**
 * A finding's evidence as the labelled figures a person reads (DESIGN §4), naming nodes and
 * KPIs as the live view knows them. Renders nothing when there is nothing to show.
 */
export function EvidenceFigures(props: { finding: Finding }) {
  const ws = useWorkspace();
  const figures = createMemo(() => evidenceFigures(props.finding, viewNames(ws.view())));
  return (
    <Show when={figures().length > 0}>
      <dl class="evidence-list" data-testid="evidence-figures">
        <For each={figures()}>
          {(figure) => (
            <div>
              <dt>{figure.label}</dt>
              <dd>{figure.value}</dd>
            </div>
          )}
        </For>
      </dl>
    </Show>
  );
}
