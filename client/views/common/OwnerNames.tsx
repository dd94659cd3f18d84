import { For } from 'solid-js';
import { useWorkspace } from '../../state/workspace-context';

/** The id every owner field's `list` points at. */
export const OWNER_NAMES_ID = 'owner-names';

/**
 * The names owner fields suggest (SPEC A13), once for the whole workspace: the members (for a
 * facilitator), who is here, and the owners already written. The fields still take any name.
 */
export function OwnerNames() {
  const ws = useWorkspace();
  return (
    <datalist id={OWNER_NAMES_ID}>
      <For each={ws.people.ownerNames()}>{(name) => <option value={name} />}</For>
    </datalist>
  );
}
