import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { editKey, type FieldEdit } from '../../shared/schema/field-edits';
import { unseenOverwrites, type UnseenOverwrite } from '../../shared/schema/unseen-overwrites';
import type { PeerState } from './awareness-state';

/**
 * A value of this person's that a colleague's edit, made without seeing it (offline, usually),
 * replaced as it arrived (SPEC U74), with whose edit it was and when they made it, once their
 * presence says so (U75).
 */
export interface ReplacedValue extends UnseenOverwrite {
  author: { name: string; at: number | null } | null;
}

/** Client ids remembered per workspace: a page load writes with a new one, and U74 covers the earlier ones too. */
const MAX_OWN_CLIENTS = 32;

/**
 * Watches what arrives from others for values of this person's it replaces unseen (SPEC U74).
 * "This person's" is any client id this browser wrote the workspace with, kept in localStorage,
 * so a value written before a reload (or in another tab) counts as theirs too.
 */
export class UnseenOverwriteWatch {
  private readonly storageKey: string;
  private registered = false;
  /**
   * This browser's client ids for the workspace, as localStorage holds them: read once and again
   * only when another tab writes them (a `storage` event), not at every colleague's keystroke.
   */
  private stored: Set<number>;
  private replaced: readonly ReplacedValue[] = [];

  /**
   * @param reportedElsewhere a field U23 reports (this person's own change to it is waiting to sync)
   * @param onChange called with every replaced value not yet dismissed, whenever that changes
   */
  constructor(
    private readonly doc: Y.Doc,
    private readonly awareness: Awareness,
    workspaceId: string,
    private readonly reportedElsewhere: (edit: FieldEdit) => boolean,
    private readonly onChange: (replaced: readonly ReplacedValue[]) => void,
  ) {
    this.storageKey = `throughline:clients:${workspaceId}`;
    this.stored = this.readStored();
    window.addEventListener('storage', this.onStorage);
    doc.on('afterTransaction', this.onTransaction);
    awareness.on('change', this.onPresence);
  }

  dismiss(value: ReplacedValue): void {
    this.set(this.replaced.filter((entry) => entry !== value));
  }

  /**
   * Forgets this browser's client ids for the workspace: the local copy is being dropped (its
   * person removed or signed out), and whoever opens it here next did not write those values.
   */
  clear(): void {
    this.registered = false;
    this.stored = new Set();
    localStorage.removeItem(this.storageKey);
  }

  destroy(): void {
    this.doc.off('afterTransaction', this.onTransaction);
    this.awareness.off('change', this.onPresence);
    window.removeEventListener('storage', this.onStorage);
  }

  private readonly onStorage = (event: StorageEvent) => {
    if (event.key === this.storageKey || event.key === null) this.stored = this.readStored();
  };

  private readonly onTransaction = (transaction: Y.Transaction) => {
    if (transaction.local) {
      // Only a client id that wrote something is worth remembering.
      if (!this.registered && transaction.changed.size > 0) this.register();
      return;
    }
    // This page's own id is among them once it has written (register).
    const own = this.stored;
    if (own.size === 0) return;
    // A write from this person's own other tab is theirs either way.
    const found = unseenOverwrites(transaction, (client) => own.has(client)).filter((value) => !own.has(value.by) && !this.reportedElsewhere(value.edit));
    if (found.length === 0) return;
    // A newer replacement of the same field supersedes an older notice about it.
    const keys = new Set(found.map((value) => editKey(value.edit)));
    const kept = this.replaced.filter((value) => !keys.has(editKey(value.edit)));
    this.set([...kept, ...found.map((value) => ({ ...value, author: this.authorOf(value) }))]);
  };

  /** Presence often arrives after the edits it explains: notices still without a time are looked up again. */
  private readonly onPresence = () => {
    if (!this.replaced.some((value) => value.author?.at == null)) return;
    let changed = false;
    const next = this.replaced.map((value) => {
      if (value.author?.at != null) return value;
      const author = this.authorOf(value);
      if (author === null || author.at === value.author?.at) return value;
      changed = true;
      return { ...value, author };
    });
    if (changed) this.set(next);
  };

  /**
   * Who wrote the replacing value: the person whose presence names the field among their offline
   * edits with that client id (with the time they made it), or else, without a time, the person
   * present with that client id.
   */
  private authorOf(value: UnseenOverwrite): ReplacedValue['author'] {
    const key = editKey(value.edit);
    let live: ReplacedValue['author'] = null;
    for (const [client, raw] of this.awareness.getStates()) {
      const state = raw as Partial<PeerState>;
      const name = state.user?.name;
      if (typeof name !== 'string') continue;
      const mark = Array.isArray(state.offlineEdits)
        ? state.offlineEdits.find((entry) => entry?.client === value.by && entry.edit && editKey(entry.edit) === key && isTime(entry.at))
        : undefined;
      if (mark) return { name, at: mark.at };
      if (client === value.by) live = { name, at: null };
    }
    return live;
  }

  private set(replaced: readonly ReplacedValue[]): void {
    this.replaced = replaced;
    this.onChange(replaced);
  }

  private readStored(): Set<number> {
    try {
      const stored = JSON.parse(localStorage.getItem(this.storageKey) ?? '[]') as unknown;
      return new Set(Array.isArray(stored) ? stored.filter((client): client is number => typeof client === 'number') : []);
    } catch {
      // Unreadable (edited by hand): this page's own writes still count.
      return new Set();
    }
  }

  private register(): void {
    this.registered = true;
    const clients = [...this.stored].filter((client) => client !== this.doc.clientID);
    const kept = [...clients, this.doc.clientID].slice(-MAX_OWN_CLIENTS);
    this.stored = new Set(kept);
    localStorage.setItem(this.storageKey, JSON.stringify(kept));
  }
}

/**
 * A time a presence may name: any peer writes its own presence, and the server checks only its size
 * and depth, so `at` may be anything. One that is no date (1e300, NaN) would make the notice's
 * `new Date(at)` throw as it renders, taking the workspace's screen with it.
 */
function isTime(at: unknown): at is number {
  return typeof at === 'number' && !Number.isNaN(new Date(at).getTime());
}
