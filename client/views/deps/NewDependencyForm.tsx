import { createEffect, createSignal } from 'solid-js';
import { createDependency } from '../../../shared/schema/dependency-accessors';
import { createNodeOptions } from '../../state/node-options';
import { useWorkspace } from '../../state/workspace-context';
import { NodeOptionList } from '../common/NodeOptionList';

/** Creates a dependency by picking the upstream (who delivers) and the downstream (who needs it). */
export function NewDependencyForm() {
  const ws = useWorkspace();
  const [from, setFrom] = createSignal('');
  const [to, setTo] = createSignal('');
  const [needBy, setNeedBy] = createSignal('');
  const options = createNodeOptions(ws);
  // An end archived or deleted meanwhile is no longer picked: its select shows the placeholder,
  // and the button must not look ready with a choice nobody can see.
  createEffect(() => {
    const listed = new Set(options.ids());
    if (from() && !listed.has(from())) setFrom('');
    if (to() && !listed.has(to())) setTo('');
  });
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
        <option value="" selected={from() === ''}>
          Upstream: who delivers…
        </option>
        <NodeOptionList options={options} selected={from()} />
      </select>
      <select aria-label="Downstream (needs it)" value={to()} onChange={(e) => setTo(e.currentTarget.value)} required>
        <option value="" selected={to() === ''}>
          Downstream: who needs it…
        </option>
        <NodeOptionList options={options} selected={to()} />
      </select>
      {/* Said on the screen (U119): the ends say what they ask for in their first option, and the
          date field alone showed only "mm/dd/yyyy". */}
      <label class="new-dep-need-by">
        <span>Needed by</span>
        <input type="date" value={needBy()} onInput={(e) => setNeedBy(e.currentTarget.value)} required />
      </label>
      <button type="submit" class="primary" disabled={!from() || !to() || !needBy()}>
        Add dependency
      </button>
    </form>
  );
}
