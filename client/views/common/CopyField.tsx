import { createSignal, onCleanup } from 'solid-js';

/** How long "Copied" stays on the button. */
const CONFIRM_MS = 2_000;

/**
 * A link to share: shown in full in a read-only field, with a Copy button that says when it
 * copied. Where the clipboard is refused (an insecure page, a denied permission) the field's text
 * is selected instead and the button says how to copy it by hand.
 */
export function CopyField(props: { value: string; label: string; testId?: string }) {
  let field!: HTMLInputElement;
  const [said, setSaid] = createSignal<'copied' | 'select' | null>(null);
  let timer: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(timer));
  const copy = async () => {
    clearTimeout(timer);
    try {
      await navigator.clipboard.writeText(props.value);
      setSaid('copied');
    } catch {
      field.select();
      setSaid('select');
    }
    timer = setTimeout(() => setSaid(null), CONFIRM_MS);
  };
  return (
    <div class="copy-field">
      <input ref={field} readOnly value={props.value} aria-label={props.label} data-testid={props.testId} onFocus={(event) => event.currentTarget.select()} />
      <button type="button" aria-label={`Copy ${props.label.charAt(0).toLowerCase()}${props.label.slice(1)}`} onClick={() => void copy()} data-copied={said() === 'copied' ? '' : undefined}>
        {said() === 'copied' ? 'Copied ✓' : said() === 'select' ? 'Press Ctrl+C' : 'Copy'}
      </button>
      <span class="visually-hidden" role="status">
        {said() === 'copied' ? `${props.label} copied.` : said() === 'select' ? 'Press Ctrl+C (⌘C on a Mac) to copy it.' : ''}
      </span>
    </div>
  );
}
