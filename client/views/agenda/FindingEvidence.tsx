import { createMemo, For, Show } from 'solid-js';
import { impactOfSubject } from '../../../shared/rollup/impact';
import type { AgendaItemView } from '../../../shared/schema/agenda-read';
import { hasCleared } from '../../state/agenda-state';
import { useWorkspace } from '../../state/workspace-context';
import { ItemFindings } from './ItemFindings';

/**
 * A triage item's why: every finding on its subject with its numbers, or that they have all
 * cleared, and what the subject puts at risk downstream.
 */
export function FindingEvidence(props: { item: AgendaItemView }) {
  const ws = useWorkspace();
  const subject = () => props.item.subject;
  const impact = createMemo(() => {
    const about = subject();
    return about ? impactOfSubject(ws.view(), about) : null;
  });
  const chain = () =>
    (impact()?.nodes ?? []).map((id) => ws.view().nodes.get(id)?.title ?? id).concat((impact()?.kpis ?? []).map((id) => ws.view().kpis.get(id)?.name ?? id));
  const highlight = () => {
    const about = subject();
    if (about) ws.impact.show(about, props.item.title);
  };
  return (
    <div class="evidence">
      <ItemFindings item={props.item} />
      <Show when={hasCleared(props.item)}>
        <p class="cleared-note" data-testid="cleared-note">
          Every finding on this item has cleared.
          <Show when={ws.isFacilitator && props.item.state !== 'resolved'}> Resolve it once the room is done with it.</Show>
        </p>
      </Show>
      <Show when={chain().length > 0}>
        <div class="impact-chain">
          <span class="muted">Impact chain</span>
          <ol aria-label="Impact chain">
            <For each={chain()}>{(name) => <li>{name}</li>}</For>
          </ol>
          <Show when={ws.canEdit}>
            <button type="button" onClick={highlight} disabled={!ws.impact.mayShow()} title={ws.impact.mayShow() ? undefined : 'Another impact is showing; its author or a facilitator clears it first.'}>
              Show impact to everyone
            </button>
          </Show>
        </div>
      </Show>
    </div>
  );
}
