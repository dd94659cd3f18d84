import { createSignal, For } from 'solid-js';
import { createDependency } from '../../../shared/schema/dependency-accessors';
import { createNodeOptions } from '../../state/node-options';
import { useWorkspace } from '../../state/workspace-context';

/** Creates a dependency by picking the upstream (who delivers) and the downstream (who needs it). */
export function NewDependencyForm() {
  const ws = useWorkspace();
  const [from, setFrom] = createSignal('');
  const [to, setTo] = createSignal('');
  const [needBy, setNeedBy] = createSignal('');
  const options = createNodeOptions(ws);
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const id = ws.apply(createDependency(ws.doc, { from: from(), to: to(), needBy: needBy() }));
    if (id) {
      setFrom('');
      setTo('');
      setNeedBy('');
    }
  };
  return (
    <form class="new-dep" onSubmit={submit} aria-label="New dependency">
      <select aria-label="Upstream (delivers)" value={from()} onChange={(e) => setFrom(e.currentTarget.value)} required>
        <option value="">Upstream: who delivers…</option>
        <For each={options()}>{(option) => <option value={option.id}>{option.label}</option>}</For>
      </select>
      <select aria-label="Downstream (needs it)" value={to()} onChange={(e) => setTo(e.currentTarget.value)} required>
        <option value="">Downstream: who needs it…</option>
        <For each={options()}>{(option) => <option value={option.id}>{option.label}</option>}</For>
      </select>
      <input type="date" aria-label="Needed by" value={needBy()} onInput={(e) => setNeedBy(e.currentTarget.value)} required />
      <button type="submit" class="primary" disabled={!from() || !to() || !needBy()}>
        Add dependency
      </button>
    </form>
  );
}
