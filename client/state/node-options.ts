import { createMemo, type Accessor } from 'solid-js';
import { nodeName } from '../../shared/rules/format';
import { sameItems } from '../../shared/schema/same-items';
import { KIND_LABEL } from '../../shared/tree/node-kinds';
import type { Workspace } from './workspace-context';

/** What a pick list of nodes shows: their ids, and each one's name. */
export interface NodeOptions {
  /** Every shown node in tree order; the same array for as long as the order is the same. */
  ids: Accessor<readonly string[]>;
  /**
   * A node named with its kind and team ("Win the mid-market (Objective, Sales)"), one without a
   * title as "Untitled objective (Objective)" (SPEC U2); reactive.
   */
  label(id: string): string;
}

/**
 * The nodes a dependency's ends are picked from, by id (SPEC U30). Not one object per node: each
 * re-read of the document would hand out new ones, and a list keyed by them replaces every
 * <option>, which drops the choice of a select in the middle of a form. Keyed by id, an option
 * stays while its node is listed, and a rename changes only its text.
 *
 * @example
 * const options = createNodeOptions(ws);
 * <For each={options.ids()}>{(id) => <option value={id}>{options.label(id)}</option>}</For>
 */
export function createNodeOptions(ws: Pick<Workspace, 'tree' | 'view'>): NodeOptions {
  const ids = createMemo(() => ws.tree().preorder, [], { equals: sameItems });
  return {
    ids,
    label(id) {
      const node = ws.view().nodes.get(id);
      return node ? `${nodeName(node)} (${KIND_LABEL[node.kind]}${node.team ? `, ${node.team}` : ''})` : '';
    },
  };
}
