import { For } from 'solid-js';
import { NODE_STATUS_LABEL } from '../../../shared/rules/format';
import { NODE_STATUSES, type NodeStatus } from '../../../shared/schema/constants';

/** A node's status as a select, coloured by status (tree.css): in its row and in its details. */
export function StatusSelect(props: { status: NodeStatus; label: string; disabled: boolean; onPick: (status: NodeStatus) => void}) {
  return (
    <select
      class="status"
      aria-label={props.label}
      data-status={props.status}
      disabled={props.disabled}
      value={props.status}
      onChange={(event) => props.onPick(event.currentTarget.value as NodeStatus)}
    >
      <For each={NODE_STATUSES}>{(status) => <option value={status}>{NODE_STATUS_LABEL[status]}</option>}</For>
    </select>
  );
}
