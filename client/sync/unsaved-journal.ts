import { fromBase64, toBase64 } from 'lib0/buffer';
import type { IndexeddbPersistence } from 'y-indexeddb';
import * as Y from 'yjs';

/** Past this many entries waiting, they are merged into one, so each keystroke's save stays small. */
const MERGE_AFTER = 32;

/**
 * Past this many bytes (IndexedDB never opened: a private window, a blocked upgrade) the journal
 * stops copying into localStorage, which would refuse it soon anyway, and stops merging on every
 * keystroke; what it holds stays.
 */
const MAX_JOURNAL_BYTES = 1 << 20;

const KEY_PREFIX = 'throughline:unsaved:';

/**
 * This person's edits that IndexedDB has not yet committed, kept in localStorage until it has
 * (SPEC U28). y-indexeddb writes each update in a transaction of its own, and a reload or a closed
 * tab aborts one still in flight: offline, the last keystrokes before a reload were lost. A
 * localStorage write is synchronous, so an edit is on disk before the next event runs. The
 * journal then writes what it holds to IndexedDB's updates store itself and drops it when that
 * transaction commits (an aborted one, a full disk, keeps it). Yjs applies a second copy of an
 * update as a no-op, and y-indexeddb folds the store into one row now and then.
 *
 * Each instance (a tab, or a tab's next visit to the workspace) keeps its own key, so one never
 * removes another's unconfirmed edits; a new instance takes over every key left for the workspace.
 */
export class UnsavedJournal {
  private readonly prefix: string;
  private readonly storageKey: string;
  /** Edits no confirming write covers yet. */
  private waiting: Uint8Array[] = [];
  /** Edits the confirming write in flight covers. */
  private confirming: Uint8Array[] | null = null;
  private destroyed = false;

  constructor(
    private readonly doc: Y.Doc,
    private readonly persistence: IndexeddbPersistence,
    workspaceId: string,
  ) {
    this.prefix = `${KEY_PREFIX}${workspaceId}:`;
    this.storageKey = `${this.prefix}${Math.random().toString(36).slice(2)}`;
    const left = this.takeOver(this.prefix);
    if (left !== null) {
      this.waiting.push(left);
      Y.applyUpdate(doc, left, this);
      this.save();
    }
    doc.on('update', this.onUpdate);
    void persistence.whenSynced.then(() => this.confirm());
  }

  /**
   * Forgets the journal, and any another tab or visit left for the workspace, and stops keeping
   * one: the local copy is being dropped, and a journal left behind would bring it back.
   */
  clear(): void {
    this.destroy();
    this.waiting = [];
    this.confirming = null;
    for (const key of Object.keys(localStorage)) if (key.startsWith(this.prefix)) localStorage.removeItem(key);
  }

  destroy(): void {
    this.destroyed = true;
    this.doc.off('update', this.onUpdate);
  }

  // A local transaction is this person's own; the server's and IndexedDB's (and this journal's) are not.
  private readonly onUpdate = (update: Uint8Array, _origin: unknown, _doc: Y.Doc, transaction: Y.Transaction) => {
    if (!transaction.local) return;
    this.waiting.push(update);
    if (this.waiting.length > MERGE_AFTER && this.bytes() <= MAX_JOURNAL_BYTES) this.waiting = [Y.mergeUpdates(this.waiting)];
    this.save();
    this.confirm();
  };

  private confirm(): void {
    const db = this.persistence.db;
    if (this.destroyed || db === null || this.confirming !== null || this.waiting.length === 0) return;
    const covered = this.waiting;
    this.confirming = covered;
    this.waiting = [];
    let transaction: IDBTransaction;
    try {
      transaction = db.transaction(['updates'], 'readwrite');
      transaction.objectStore('updates').add(covered.length === 1 ? covered[0]! : Y.mergeUpdates(covered));
    } catch {
      // The database is closing (the connection ends): the journal keeps the edits for next time.
      this.unconfirmed(covered);
      return;
    }
    transaction.oncomplete = () => {
      if (this.confirming !== covered) return;
      this.confirming = null;
      this.save();
      this.confirm();
    };
    transaction.onabort = () => this.unconfirmed(covered);
  }

  private unconfirmed(covered: Uint8Array[]): void {
    if (this.confirming !== covered) return;
    this.confirming = null;
    this.waiting = [...covered, ...this.waiting];
  }

  private entries(): Uint8Array[] {
    return this.confirming === null ? this.waiting : [...this.confirming, ...this.waiting];
  }

  private bytes(): number {
    let total = 0;
    for (const entry of this.entries()) total += entry.byteLength;
    return total;
  }

  private save(): void {
    if (this.destroyed) return;
    const entries = this.entries();
    try {
      if (entries.length === 0) localStorage.removeItem(this.storageKey);
      else if (this.bytes() <= MAX_JOURNAL_BYTES) localStorage.setItem(this.storageKey, toBase64(entries.length === 1 ? entries[0]! : Y.mergeUpdates(entries)));
    } catch {
      // localStorage is full or refused: IndexedDB's own write is then the only copy, as before.
    }
  }

  /** Every journal left for the workspace (by this tab's last visit, or another tab), as one update; their keys are removed. */
  private takeOver(prefix: string): Uint8Array | null {
    const found: Uint8Array[] = [];
    for (const key of Object.keys(localStorage)) {
      if (!key.startsWith(prefix)) continue;
      try {
        const update = fromBase64(localStorage.getItem(key) ?? '');
        // An update Yjs cannot read (edited by hand) must not stop the workspace from opening.
        Y.decodeUpdate(update);
        found.push(update);
      } catch {
        // Dropped below with its key.
      }
      localStorage.removeItem(key);
    }
    if (found.length === 0) return null;
    return found.length === 1 ? found[0]! : Y.mergeUpdates(found);
  }
}
