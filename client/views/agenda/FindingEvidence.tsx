import { createMemo, For, Show } from 'solid-js';
import type { Finding } from '../../../shared/rules/finding';
import { impactOfSubject } from '../../../shared/rollup/impact';
import type { Subject } from '../../../shared/schema/types';
import { useWorkspace } from '../../state/workspace-context';
import { EvidenceFigures } from './EvidenceFigures';

/** A triage item's why: the live finding's message, its numbers and what it puts at risk. */
export function FindingEvidence(props: { finding: Finding | null; subject: Subject | null; title: string }) {
  const ws = useWorkspace();
  const impact = createMemo(() => (props.subject ? impactOfSubject(ws.view(), props.subject) : null));
  const chain = () =>
    (impact()?.nodes ?? []).map((id) => ws.view().nodes.get(id)?.title ?? id).concat((impact()?.kpis ?? []).map((id) => ws.view().kpis.get(id)?.name ?? id));
  const highlight = () => {
    const found = impact();
    if (!found) return;
    const deps = props.subject?.type === 'dep' ? [props.subject.id] : [];
    ws.setHighlight({ label: props.title, nodes: new Set(found.nodes), kpis: new Set(found.kpis), deps: new Set(deps) });
  };
  return (
    <div class="evidence">
      <Show when={props.finding} fallback={<p class="muted">This finding has cleared.</p>}>
        {(finding) => (
          <>
            <p class="finding-message" data-testid="finding-message" classList={{ 'visually-hidden': finding().message === props.title }}>
              {finding().message}
            </p>
            <EvidenceFigures finding={finding()} />
          </>
        )}
      </Show>
      <Show when={chain().length > 0}>
        <div class="impact-chain">
          <span class="muted">Impact chain</span>
          <ol aria-label="Impact chain">
            <For each={chain()}>{(name) => <li>{name}</li>}</For>
          </ol>
          <button type="button" onClick={highlight}>
            Highlight in every view
          </button>
        </div>
      </Show>
    </div>
  );
}
