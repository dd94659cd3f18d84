import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { editKey, type FieldEdit } from '../../shared/schema/field-edits';
import { overruledDeclines, type LostDeclines, type OverruledDecline } from '../../shared/schema/overruled-declines';
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

/** A proposal this person declined that a colleague accepted at the same time (SPEC U79), with who it was. */
export interface OverruledAnswer extends OverruledDecline {
  author: ReplacedValue['author'];
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
  private overruled: readonly OverruledAnswer[] = [];
  /** This person's declines that lost to a colleague's concurrent one, for U79 (overruledDeclines). */
  private readonly lostDeclines: LostDeclines = new Map();

  /**
   * @param reportedElsewhere a field U23 reports (this person's own change to it is waiting to sync)
   * @param onChange called with every replaced value not yet dismissed, whenever that changes
   * @param onOverruled called with every overruled decline not yet dismissed (U79), whenever that changes
   */
  constructor(
    private readonly doc: Y.Doc,
    private readonly awareness: Awareness,
    workspaceId: string,
    private readonly reportedElsewhere: (edit: FieldEdit) => boolean,
    private readonly onChange: (replaced: readonly ReplacedValue[]) => void,
    private readonly onOverruled: (overruled: readonly OverruledAnswer[]) => void = () => {},
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

  dismissOverruled(answer: OverruledAnswer): void {
    this.setOverruled(this.overruled.filter((entry) => entry !== answer));
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
    this.findOverruled(transaction, own);
    // A write from this person's own other tab is theirs either way.
    const found = unseenOverwrites(transaction, (client) => own.has(client)).filter((value) => !own.has(value.by) && !this.reportedElsewhere(value.edit));
    if (found.length === 0) return;
    // A newer replacement of the same field supersedes an older notice about it.
    const keys = new Set(found.map((value) => editKey(value.edit)));
    const kept = this.replaced.filter((value) => !keys.has(editKey(value.edit)));
    this.set([...kept, ...found.map((value) => ({ ...value, author: this.authorOf(value.by, editKey(value.edit)) }))]);
  };

  /** Declines of this person's that a colleague's accept, made at the same time, overruled (U79). */
  private findOverruled(transaction: Y.Transaction, own: ReadonlySet<number>): void {
    const found = overruledDeclines(transaction, (client) => own.has(client), this.lostDeclines).filter((answer) => !own.has(answer.by));
    if (found.length === 0) return;
    const deps = new Set(found.map((answer) => answer.dep));
    const kept = this.overruled.filter((answer) => !deps.has(answer.dep));
    this.setOverruled([...kept, ...found.map((answer) => ({ ...answer, author: this.authorOf(answer.by, proposalKey(answer)) }))]);
  }

  /** Presence often arrives after the edits it explains: notices still without a time are looked up again. */
  private readonly onPresence = () => {
    const replaced = this.withAuthors(this.replaced, (value) => editKey(value.edit));
    if (replaced) this.set(replaced);
    const overruled = this.withAuthors(this.overruled, proposalKey);
    if (overruled) this.setOverruled(overruled);
  };

  /** The notices with an author (or time) found since; null when none changed. */
  private withAuthors<T extends { by: number; author: ReplacedValue['author'] }>(notices: readonly T[], key: (notice: T) => string): T[] | null {
    if (!notices.some((notice) => notice.author?.at == null)) return null;
    let changed = false;
    const next = notices.map((notice) => {
      if (notice.author?.at != null) return notice;
      const author = this.authorOf(notice.by, key(notice));
      if (author === null || author.at === notice.author?.at) return notice;
      changed = true;
      return { ...notice, author };
    });
    return changed ? next : null;
  }

  /**
   * Who wrote with client id `by`: the person whose presence names the field (`key`) among their
   * offline edits with that client id (with the time they made it), or else, without a time, the
   * person present with that client id.
   */
  private authorOf(by: number, key: string): ReplacedValue['author'] {
    let live: ReplacedValue['author'] = null;
    for (const [client, raw] of this.awareness.getStates()) {
      const state = raw as Partial<PeerState>;
      const name = state.user?.name;
      if (typeof name !== 'string') continue;
      const mark = Array.isArray(state.offlineEdits)
        ? state.offlineEdits.find((entry) => entry?.client === by && entry.edit && editKey(entry.edit) === key && isTime(entry.at))
        : undefined;
      if (mark) return { name, at: mark.at };
      if (client === by) live = { name, at: null };
    }
    return live;
  }

  private set(replaced: readonly ReplacedValue[]): void {
    this.replaced = replaced;
    this.onChange(replaced);
  }

  private setOverruled(overruled: readonly OverruledAnswer[]): void {
    this.overruled = overruled;
    this.onOverruled(overruled);
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

/** The field an answer to a dependency's proposal writes, as a presence's offline edits name it (U75). */
function proposalKey(answer: OverruledDecline): string {
  return editKey({ root: 'deps', entry: answer.dep, field: 'proposedDate' });
}

/**
 * A time a presence may name: any peer writes its own presence, and the server checks only its size
 * and depth, so `at` may be anything. One that is no date (1e300, NaN) would make the notice's
 * `new Date(at)` throw as it renders, taking the workspace's screen with it.
 */
function isTime(at: unknown): at is number {
  return typeof at === 'number' && !Number.isNaN(new Date(at).getTime());
}
