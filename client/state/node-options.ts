import { createMemo, type Accessor } from 'solid-js';
import { KIND_LABEL } from '../../shared/tree/node-kinds';
import type { Workspace } from './workspace-context';

export interface NodeOption {
  id: string;
  label: string;
}

/** Every shown node in tree order, named with its kind and team: what a dependency's ends are picked from. */
export function createNodeOptions(ws: Pick<Workspace, 'tree' | 'view'>): Accessor<NodeOption[]> {
  return createMemo(() =>
    ws.tree().preorder.map((id) => {
      const node = ws.view().nodes.get(id)!;
      return { id, label: `${node.title} (${KIND_LABEL[node.kind]}${node.team ? `, ${node.team}` : ''})` };
    }),
  );
}
