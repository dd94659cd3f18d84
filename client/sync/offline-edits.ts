import type * as Y from 'yjs';
import {
  EDITED_ROOTS,
  editKey,
  editsOfTransaction,
  isBookkeeping,
  isTextField,
  readEditedValue,
  replacedValue,
  type FieldEdit,
} from '../../shared/schema/field-edits';
import type { PlainJson } from '../../shared/schema/plain-json';
import { sameValue } from '../../shared/schema/root-types';
import type { OfflineEditMark } from './awareness-state';

/** A field this person changed offline that someone else changed too, read after the merge (SPEC U23). */
export interface Overwrite {
  edit: FieldEdit;
  /** What this person had written, to put back if they choose. */
  mine: PlainJson;
  /** The merged value now in the document. */
  now: PlainJson;
  /** A text field merges both people's characters; any other field kept one person's value. */
  merged: boolean;
  /**
   * What someone else wrote at the same time, when this person's value won and replaced it: the
   * person who stayed online is not told, so the one coming back is asked whether to keep theirs.
   */
  theirs?: PlainJson;
}

interface Pending {
  edit: FieldEdit;
  /** The value after this person's last change to it, when it is one two people can overwrite. */
  mine?: PlainJson;
  /** The Yjs client id and the time (epoch ms) of that last change; absent in entries kept by an older release. */
  client?: number;
  at?: number;
}

/**
 * The most fields a presence names (SPEC U75), and the most bytes they may take: presence states
 * are capped in size (H6, 16 KiB of UTF-8), an entry id is whatever its writer chose, and the rest
 * of the presence (name, view, selection) needs its room too.
 */
const MAX_MARKS = 40;
const MAX_MARKS_BYTES = 8 * 1024;
const utf8 = new TextEncoder();

/**
 * This person's edits that the server has not acknowledged, one per field (SPEC U22), with the
 * value each had after their last change. Kept in localStorage beside the document's own copy in
 * IndexedDB, so the count and the overwrite check survive a reload made offline.
 */
export class OfflineEdits {
  private readonly pending = new Map<string, Pending>();
  /** By edit key: a value someone else wrote meanwhile that this person's pending edit replaced. */
  private readonly replaced = new Map<string, PlainJson>();
  private readonly storageKey: string;

  /**
   * @param recording whether their edits are pending now (the socket is not in sync)
   * @param onChange called after the set of pending edits changed
   */
  constructor(
    private readonly doc: Y.Doc,
    workspaceId: string,
    private readonly recording: () => boolean,
    private readonly onChange: () => void,
  ) {
    this.storageKey = `throughline:pending:${workspaceId}`;
    this.load();
    doc.on('afterTransaction', this.onTransaction);
  }

  /** Edits waiting to sync: a new entry counts once, however many of its fields were then set. */
  get count(): number {
    let count = 0;
    for (const { edit } of this.pending.values()) {
      const insideNew = edit.field !== null && edit.entry !== null && this.pending.has(editKey({ ...edit, field: null }));
      if (!insideNew) count++;
    }
    return count;
  }

  /** Whether this person's change to the field is waiting to sync, and so is U23's to report. */
  has(edit: FieldEdit): boolean {
    return this.pending.has(editKey(edit));
  }

  /**
   * The pending fields two people can overwrite, newest first, with the client id and time each
   * was written with: what this person's presence says about their offline spell (SPEC U75).
   */
  marks(): OfflineEditMark[] {
    const candidates: OfflineEditMark[] = [];
    for (const { edit, mine, client, at } of this.pending.values()) {
      if (mine !== undefined && client !== undefined && at !== undefined && !isBookkeeping(edit)) candidates.push({ edit, client, at });
    }
    // Newest first, as many as fit: one too big to fit is left out, never the presence refused.
    const marks: OfflineEditMark[] = [];
    let bytes = 2;
    for (const mark of candidates.sort((a, b) => b.at - a.at)) {
      const size = utf8.encode(JSON.stringify(mark)).length + 1;
      if (bytes + size > MAX_MARKS_BYTES) continue;
      marks.push(mark);
      bytes += size;
      if (marks.length === MAX_MARKS) break;
    }
    return marks;
  }

  /**
   * Called once the server and this replica have exchanged everything: the fields this person
   * changed whose merged value is no longer theirs, and the pending set emptied.
   */
  settle(): Overwrite[] {
    const overwrites: Overwrite[] = [];
    for (const { edit, mine } of this.pending.values()) {
      if (mine === undefined || isBookkeeping(edit)) continue;
      const now = readEditedValue(this.doc, edit);
      if (now === undefined) continue;
      const theirs = this.replaced.get(editKey(edit));
      if (sameValue(now, mine)) {
        if (theirs !== undefined && !sameValue(theirs, mine)) overwrites.push({ edit, mine, now, merged: false, theirs });
        continue;
      }
      overwrites.push({ edit, mine, now, merged: isTextField(this.doc, edit) });
    }
    this.pending.clear();
    this.replaced.clear();
    this.save();
    return overwrites;
  }

  /** Forgets the pending edits without checking them: the local copy is being dropped. */
  clear(): void {
    this.pending.clear();
    this.replaced.clear();
    localStorage.removeItem(this.storageKey);
  }

  destroy(): void {
    this.doc.off('afterTransaction', this.onTransaction);
  }

  private readonly onTransaction = (transaction: Y.Transaction) => {
    // A local transaction is this person's own: the server's and IndexedDB's updates are applied ones.
    if (transaction.local && this.recording()) this.record(editsOfTransaction(transaction));
    else if (!transaction.local && this.pending.size > 0) this.noteReplaced();
  };

  /** After someone else's changes arrive: which of their values a pending edit of this person's replaced. */
  private noteReplaced(): void {
    for (const [key, { edit, mine }] of this.pending) {
      if (mine === undefined || isTextField(this.doc, edit)) continue;
      const theirs = replacedValue(this.doc, edit);
      if (theirs !== undefined) this.replaced.set(key, theirs);
    }
  }

  private record(edits: FieldEdit[]): void {
    if (edits.length === 0) return;
    for (const edit of edits) {
      const mine = readEditedValue(this.doc, edit);
      this.pending.set(editKey(edit), mine === undefined ? { edit } : { edit, mine, client: this.doc.clientID, at: Date.now() });
    }
    this.save();
    this.onChange();
  }

  private save(): void {
    if (this.pending.size === 0) localStorage.removeItem(this.storageKey);
    else localStorage.setItem(this.storageKey, JSON.stringify([...this.pending.values()]));
  }

  private load(): void {
    try {
      const stored = JSON.parse(localStorage.getItem(this.storageKey) ?? '[]') as Pending[];
      if (!Array.isArray(stored)) return;
      for (const entry of stored) {
        if (EDITED_ROOTS.includes(entry?.edit?.root)) this.pending.set(editKey(entry.edit), entry);
      }
    } catch {
      // Unreadable (edited by hand): the document's own copy in IndexedDB still holds the edits.
    }
  }
}
