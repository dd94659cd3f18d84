import { createMemo, createSignal } from 'solid-js';
import type { OpResult } from '../../../shared/schema/op-result';
import { childKindOf, KIND_LABEL } from '../../../shared/tree/node-kinds';
import { addChild, addSiblingAfter, indent, outdent, shiftAmongSiblings } from '../../state/tree-commands';
import { useWorkspace } from '../../state/workspace-context';

/**
 * The outline's keys as buttons, for the selected node: a phone's keyboard has no Tab, and a
 * mouse has no Enter, so without them a tree could only be built on a laptop's keyboard. Each
 * does what its key does in a title (SPEC U1, U3), and says which key that is. A move that
 * cannot happen here (the first sibling cannot move in) is marked unavailable but keeps focus,
 * as a disabled button would drop it after the move that made it so; the commands refuse it
 * themselves. One toolbar, one Tab stop, arrows between its buttons: a keyboard, which has the
 * keys, passes it on the way to the fields.
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
  const move = (result: OpResult | null) => {
    if (result) ws.apply(result);
    ws.flush();
  };
  // Roving focus (WAI-ARIA toolbar): the button last focused, by arrows, Tab or a tap, is the toolbar's Tab stop.
  const [current, setCurrent] = createSignal(0);
  let bar: HTMLDivElement | undefined;
  const buttons = () => [...(bar?.querySelectorAll('button') ?? [])];
  const onKeyDown = (event: KeyboardEvent) => {
    const all = buttons();
    const at = all.indexOf(event.target as HTMLButtonElement);
    let to: number;
    if (event.key === 'ArrowRight') to = at + 1;
    else if (event.key === 'ArrowLeft') to = at - 1;
    else if (event.key === 'Home') to = 0;
    else if (event.key === 'End') to = all.length - 1;
    else return;
    if (at < 0) return;
    event.preventDefault();
    all[(to + all.length) % all.length]!.focus();
  };
  const onFocusIn = (event: FocusEvent) => {
    const at = buttons().indexOf(event.target as HTMLButtonElement);
    if (at >= 0) setCurrent(at);
  };
  const stop = (index: number) => (current() === index ? 0 : -1);
  return (
    <div class="structure" role="toolbar" aria-label="Place in the tree" ref={(el) => (bar = el)} onKeyDown={onKeyDown} onFocusIn={onFocusIn}>
      <button type="button" tabindex={stop(0)} title="Enter in a title adds one after it" onClick={() => add(addSiblingAfter(ws.doc, ws.view(), ws.tree(), props.id))}>
        New {KIND_LABEL[kind()].toLowerCase()} after it
      </button>
      <button type="button" tabindex={stop(1)} title="Tab in a new title makes it one" onClick={() => add(addChild(ws.doc, ws.view(), props.id))}>
        New {KIND_LABEL[childKindOf(kind())].toLowerCase()} under it
      </button>
      <button type="button" tabindex={stop(2)} aria-disabled={place().first} title="Under the item above it (Tab in its title)" onClick={() => move(indent(ws.doc, ws.tree(), props.id))}>
        Move in
      </button>
      <button type="button" tabindex={stop(3)} aria-disabled={place().top} title="Beside the item it is under (Shift+Tab)" onClick={() => move(outdent(ws.doc, ws.tree(), props.id))}>
        Move out
      </button>
      <button type="button" tabindex={stop(4)} aria-disabled={place().first} title="Alt+↑" onClick={() => move(shiftAmongSiblings(ws.doc, ws.tree(), props.id, -1))}>
        Move up
      </button>
      <button type="button" tabindex={stop(5)} aria-disabled={place().last} title="Alt+↓" onClick={() => move(shiftAmongSiblings(ws.doc, ws.tree(), props.id, 1))}>
        Move down
      </button>
    </div>
  );
}
