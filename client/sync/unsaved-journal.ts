import { fromBase64, toBase64 } from 'lib0/buffer';
import type { IndexeddbPersistence } from 'y-indexeddb';
import * as Y from 'yjs';

/** Past this many entries waiting, they are merged into one, so each keystroke's save stays small. */
const MERGE_AFTER = 32;

/**
 * This person's edits that IndexedDB has not yet committed, kept in localStorage until it has
 * (SPEC U28). y-indexeddb writes each update in a transaction of its own, and a reload or a closed
 * tab aborts one still in flight: offline, the last keystrokes before a reload were lost. A
 * localStorage write is synchronous, so an edit is on disk before the next event runs; an entry
 * leaves the journal once a read of the updates store, which IndexedDB queues behind the writes
 * made before it, completes. On the next start the journal is applied again (Yjs ignores what
 * IndexedDB already had) and so reaches IndexedDB and the server like any edit.
 */
export class UnsavedJournal {
  private readonly storageKey: string;
  /** Edits no confirming read covers yet. */
  private waiting: Uint8Array[] = [];
  /** Edits the confirming read in flight covers. */
  private confirming: Uint8Array[] | null = null;

  constructor(
    private readonly doc: Y.Doc,
    private readonly persistence: IndexeddbPersistence,
    workspaceId: string,
  ) {
    this.storageKey = `throughline:unsaved:${workspaceId}`;
    const stored = this.load();
    if (stored !== null) {
      this.waiting.push(stored);
      Y.applyUpdate(doc, stored, this);
    }
    doc.on('update', this.onUpdate);
    // Until IndexedDB is open y-indexeddb writes nothing per update; on opening it stores the
    // whole document, queued before this read.
    void persistence.whenSynced.then(() => this.confirm());
  }

  /** Forgets the journal: the local copy is being dropped. */
  clear(): void {
    this.waiting = [];
    this.confirming = null;
    localStorage.removeItem(this.storageKey);
  }

  destroy(): void {
    this.doc.off('update', this.onUpdate);
  }

  // A local transaction is this person's own; the server's and IndexedDB's (and this journal's) are not.
  private readonly onUpdate = (update: Uint8Array, _origin: unknown, _doc: Y.Doc, transaction: Y.Transaction) => {
    if (!transaction.local) return;
    this.waiting.push(update);
    if (this.waiting.length > MERGE_AFTER) this.waiting = [Y.mergeUpdates(this.waiting)];
    this.save();
    this.confirm();
  };

  private confirm(): void {
    const db = this.persistence.db;
    if (db === null || this.confirming !== null || this.waiting.length === 0) return;
    const covered = this.waiting;
    this.confirming = covered;
    this.waiting = [];
    let transaction: IDBTransaction;
    try {
      transaction = db.transaction(['updates'], 'readonly');
      transaction.objectStore('updates').count();
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

  private save(): void {
    const entries = this.confirming === null ? this.waiting : [...this.confirming, ...this.waiting];
    try {
      if (entries.length === 0) localStorage.removeItem(this.storageKey);
      else localStorage.setItem(this.storageKey, toBase64(entries.length === 1 ? entries[0]! : Y.mergeUpdates(entries)));
    } catch {
      // localStorage is full or refused: IndexedDB's own write is then the only copy, as before.
    }
  }

  private load(): Uint8Array | null {
    const stored = localStorage.getItem(this.storageKey);
    if (stored === null) return null;
    try {
      const update = fromBase64(stored);
      // An update Yjs cannot read (edited by hand) must not stop the workspace from opening.
      Y.decodeUpdate(update);
      return update;
    } catch {
      localStorage.removeItem(this.storageKey);
      return null;
    }
  }
}
