import { createSignal, Match, onCleanup, onMount, Switch } from 'solid-js';
import type { SearchEntry } from '../../state/search-index';
import { useWorkspace } from '../../state/workspace-context';
import { SearchDialog } from './SearchDialog';
import { ShortcutHelp } from './ShortcutHelp';
import './search.css';

/** How long a chosen result may take to appear (a long tree renders in chunks) before giving up scrolling to it. */
const REVEAL_FRAMES = 60;

/** One opening of search or the help: `SearchAndHelp`'s `open` says why each is an object of its own. */
interface Opening {
  readonly which: 'search' | 'help';
}

/** Whether a key press is typing: "?" in a title is a question mark, not a request for help. */
function typingIn(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

/**
 * Where a keyboard lands on a chosen result (SPEC U25), so it goes on from the thing it asked for
 * rather than from the page's start: the element itself when it takes focus (a tree row, an agenda
 * card), else its first control (a KPI's name in the table, a dependency's title). Never a field:
 * focus in a title would start editing it.
 */
function focusTarget(element: HTMLElement): HTMLElement | null {
  return element.hasAttribute('tabindex') ? element : element.querySelector<HTMLElement>('button');
}

/**
 * The workspace's keyboard entry points to search (Ctrl+K / ⌘K, SPEC U25) and the shortcut help
 * ("?", SPEC U26). A chosen result opens its view with it selected, scrolled into sight and focused.
 * Closed any other way, focus goes back to where it was before the first of them opened (U84).
 */
export function SearchAndHelp() {
  const ws = useWorkspace();
  /**
   * The dialog asked for, one object per opening: a native dialog's close event comes a task after
   * it closed, and a key pressed in between may open a dialog of the same kind. Only the opening's
   * own event may then close it, and a new object mounts a new dialog where the old one is gone.
   */
  const [open, setOpen] = createSignal<Opening | null>(null);
  /**
   * Where focus was before a dialog opened. A native modal dialog puts focus back itself when it
   * closes, but Ctrl+K from the help replaces one dialog with the other: the search dialog's
   * "before" is then inside the help, gone once it closes, and focus fell to <body>.
   */
  let opener: HTMLElement | null = null;
  /** A result was chosen from the search open now: it takes focus, not `opener`. */
  let chosen = false;
  // Whether a dialog of this component is on screen: one closed by Esc or Enter has left it (and
  // given focus back) a task before its close event comes.
  const shownNow = () => open() !== null && document.querySelector('dialog.palette-dialog[open]') !== null;
  const show = (which: Opening['which']) => {
    if (shownNow() && open()?.which === which) return;
    chosen = false;
    if (!shownNow()) opener = document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : null;
    setOpen({ which });
  };
  /** A dialog closed: focus goes back where it was, unless a chosen result takes it (`reveal`). */
  const closed = (opening: Opening, returnFocus: boolean) => {
    if (open() !== opening) return;
    setOpen(null);
    const back = opener;
    opener = null;
    if (returnFocus && back?.isConnected) back.focus({ preventScroll: true });
  };
  onMount(() => {
    const onKey = (event: KeyboardEvent) => {
      if (ws.leaving()) return;
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        show('search');
      } else if (event.key === '?' && !event.ctrlKey && !event.metaKey && !typingIn(event.target) && !shownNow()) {
        event.preventDefault();
        show('help');
      }
    };
    window.addEventListener('keydown', onKey);
    onCleanup(() => window.removeEventListener('keydown', onKey));
  });
  const reveal = (entry: SearchEntry) => {
    chosen = true;
    ws.nav.go(entry.view, entry.id);
    let frames = 0;
    const find = () => {
      const element = document.querySelector<HTMLElement>(`main [data-id="${CSS.escape(entry.id)}"]`);
      if (element) {
        element.scrollIntoView({ block: 'center' });
        focusTarget(element)?.focus({ preventScroll: true });
      } else if (frames++ < REVEAL_FRAMES) requestAnimationFrame(find);
    };
    requestAnimationFrame(find);
  };
  return (
    <Switch>
      <Match when={!ws.leaving() && open()?.which === 'search' && open()} keyed>
        {(opening) => <SearchDialog onClose={() => closed(opening, !chosen)} onChosen={reveal} />}
      </Match>
      <Match when={!ws.leaving() && open()?.which === 'help' && open()} keyed>
        {(opening) => <ShortcutHelp onClose={() => closed(opening, true)} />}
      </Match>
    </Switch>
  );
}
