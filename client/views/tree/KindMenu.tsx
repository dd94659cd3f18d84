import { createMemo, For } from 'solid-js';
import type { NodeKind } from '../../../shared/schema/constants';
import { changeKind, KIND_LABEL, kindsUnder } from '../../../shared/tree/node-kinds';
import { useWorkspace } from '../../state/workspace-context';

/**
 * A node's kind, as a menu offering the kinds that fit under its parent (SPEC U3). Shown on the
 * selected row and in the inspector, not on every row: a tree of 2,000 rows each holding a menu
 * costs every keystroke a heavier layout.
 */
export function KindMenu(props: { id: string; kind: NodeKind; label: string; class?: string }) {
  const ws = useWorkspace();
  const parentKind = createMemo((): NodeKind | null => {
    const parent = ws.tree().parentOf.get(props.id) ?? null;
    return parent === null ? null : (ws.view().nodes.get(parent)?.kind ?? null);
  });
  const kinds = createMemo(() => kindsUnder(parentKind()));
  return (
    <select
      class={props.class}
      aria-label={props.label}
      value={props.kind}
      onClick={(event) => event.stopPropagation()}
      onChange={(event) => {
        ws.apply(changeKind(ws.doc, props.id, event.currentTarget.value as NodeKind));
        ws.flush();
        // A refused change leaves the document as it was; show that, not the choice.
        event.currentTarget.value = ws.view().nodes.get(props.id)?.kind ?? props.kind;
      }}
    >
      <For each={kinds()}>
        {(kind) => (
          <option value={kind} selected={kind === props.kind}>
            {KIND_LABEL[kind]}
          </option>
        )}
      </For>
    </select>
  );
}
