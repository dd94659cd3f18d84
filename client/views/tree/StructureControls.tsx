import { createMemo } from 'solid-js';
import type { OpResult } from '../../../shared/schema/op-result';
import { childKindOf, KIND_LABEL } from '../../../shared/tree/node-kinds';
import { addChild, addSiblingAfter, indent, outdent, shiftAmongSiblings } from '../../state/tree-commands';
import { useWorkspace } from '../../state/workspace-context';

/**
 * The outline's keys as buttons, for the selected node: a phone's keyboard has no Tab, and a
 * mouse has no Enter, so without them a tree could only be built on a laptop's keyboard. Each
 * does what its key does in a title (SPEC U1, U3), and says which key that is. A move that
 * cannot happen here (the first sibling cannot move in) is marked unavailable but keeps focus,
 * as a disabled button would drop it after the move that made it so.
 */
export function StructureControls(props: { id: string; onAdded: (id: string) => void }) {
  const ws = useWorkspace();
  const place = createMemo(() => {
    const tree = ws.tree();
    const parent = tree.parentOf.get(props.id) ?? null;
    const siblings = parent === null ? tree.roots : (tree.children.get(parent) ?? []);
    const at = siblings.indexOf(props.id);
    return { first: at <= 0, last: at === siblings.length - 1, top: parent === null };
  });
  const kind = () => ws.view().nodes.get(props.id)?.kind ?? 'intent';
  const add = (result: OpResult<string>) => {
    const id = ws.apply(result);
    ws.flush();
    if (id) props.onAdded(id);
  };
  const move = (unavailable: boolean, result: () => OpResult | null) => {
    if (!ws.canEdit || unavailable) return;
    const done = result();
    if (done) ws.apply(done);
    ws.flush();
  };
  return (
    <div class="structure" role="group" aria-label="Place in the tree">
      <button type="button" title="Enter in a title adds one after it" onClick={() => add(addSiblingAfter(ws.doc, ws.view(), ws.tree(), props.id))}>
        New {KIND_LABEL[kind()].toLowerCase()} after it
      </button>
      <button type="button" onClick={() => add(addChild(ws.doc, ws.view(), props.id))}>
        New {KIND_LABEL[childKindOf(kind())].toLowerCase()} under it
      </button>
      <button type="button" aria-disabled={place().first} title="Under the item above it (Tab in its title)" onClick={() => move(place().first, () => indent(ws.doc, ws.tree(), props.id))}>
        Move in
      </button>
      <button type="button" aria-disabled={place().top} title="Beside the item it is under (Shift+Tab)" onClick={() => move(place().top, () => outdent(ws.doc, ws.tree(), props.id))}>
        Move out
      </button>
      <button type="button" aria-disabled={place().first} title="Alt+↑" onClick={() => move(place().first, () => shiftAmongSiblings(ws.doc, ws.tree(), props.id, -1))}>
        Move up
      </button>
      <button type="button" aria-disabled={place().last} title="Alt+↓" onClick={() => move(place().last, () => shiftAmongSiblings(ws.doc, ws.tree(), props.id, 1))}>
        Move down
      </button>
    </div>
  );
}
