import { createSignal } from 'solid-js';
import { saveName } from '../../state/identity';

/** A first-time visitor says who they are; the name is kept for next time. */
export function NamePrompt(props: { title: string; onName: (name: string) => void }) {
  const [value, setValue] = createSignal('');
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const name = value().trim();
    if (!name) return;
    saveName(name);
    props.onName(name);
  };
  return (
    <main class="center-page">
      <form class="card narrow" onSubmit={submit} aria-labelledby="name-prompt-title">
        <p class="eyebrow">Joining</p>
        <h1 id="name-prompt-title">{props.title}</h1>
        <label class="field">
          <span>Your name, as the room will see it</span>
          <input
            name="display-name"
            autocomplete="name"
            value={value()}
            onInput={(event) => setValue(event.currentTarget.value)}
            ref={(el) => queueMicrotask(() => el.focus())}
            required
          />
        </label>
        <button type="submit" class="primary" disabled={!value().trim()}>
          Join the review
        </button>
      </form>
    </main>
  );
}
