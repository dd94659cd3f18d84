import { createSignal, Show } from 'solid-js';
import { updateDependency } from '../../../shared/schema/dependency-accessors';
import type { DepView } from '../../../shared/schema/view-types';
import { createNodeOptions } from '../../state/node-options';
import { useWorkspace } from '../../state/workspace-context';
import { NodeOptionList } from '../common/NodeOptionList';

/**
 * Changes who delivers a dependency and who needs it, folded away on the card (SPEC U7). The node
 * lists are built only while it is open: a board of cards each holding every node's name would be
 * heavy, and that text would read as every lane's.
 */
export function DependencyEnds(props: { dep: DepView; label: string }) {
  const [open, setOpen] = createSignal(false);
  return (
    <details class="dep-ends" onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>Change who delivers or needs it</summary>
      <Show when={open()}>
        <EndPickers dep={props.dep} label={props.label} />
      </Show>
    </details>
  );
}

function EndPickers(props: { dep: DepView; label: string }) {
  const ws = useWorkspace();
  const options = createNodeOptions(ws);
  const end = (key: 'from' | 'to', name: string) => (
    <select
      aria-label={`${name} of ${props.label}`}
      value={props.dep[key]}
      onChange={(event) => {
        const result = updateDependency(ws.doc, props.dep.id, { [key]: event.currentTarget.value });
        ws.apply(result);
        // A refused change (the other end, an archived node) leaves the card as it was.
        if (!result.ok) event.currentTarget.value = props.dep[key];
      }}
    >
      <NodeOptionList options={options} selected={props.dep[key]} />
    </select>
  );
  return (
    <>
      {end('from', 'Upstream')}
      {end('to', 'Downstream')}
    </>
  );
}
