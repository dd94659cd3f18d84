import { For } from 'solid-js';
import type { NodeOptions } from '../../state/node-options';

/**
 * The <option>s of a node picker, one per node id (`createNodeOptions`), each marked selected
 * from `selected` itself (SPEC U30): a select's own value is set before its options exist, and is
 * lost when the option it names is replaced, so the option says whether it is the chosen one.
 */
export function NodeOptionList(props: { options: NodeOptions; selected: string }) {
  return (
    <For each={props.options.ids()}>
      {(id) => (
        <option value={id} selected={id === props.selected}>
          {props.options.label(id)}
        </option>
      )}
    </For>
  );
}
