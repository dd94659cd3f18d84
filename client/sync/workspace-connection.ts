import { IndexeddbPersistence } from 'y-indexeddb';
import { WebsocketProvider } from 'y-websocket';
import type { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { CloseCode } from '../../shared/protocol/close-codes';
import type { Role } from '../../shared/schema/constants';
import { workspaceToJson } from '../../shared/schema/to-json';
import { dropsCopy, problemOfClose, type AccessProblem } from './access-problem';
import { updateLocalState } from './awareness-state';
import { OfflineEdits, type Overwrite } from './offline-edits';
import { RefusalWatch, viewerRefusal, type ChangesRefused } from './refused-changes';
import { checkSession } from './session';
import { forgetSession } from './session-memory';
import { UnseenOverwriteWatch, type OverruledAnswer, type ReplacedValue } from './unseen-overwrite-watch';
import { UnsavedJournal } from './unsaved-journal';

/**
 * What the connection indicator shows. `refused`: the server refuses a change this browser holds
 * (SPEC U41), so the connection stopped rather than resend it for ever.
 */
export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'offline' | 'refused';

export interface ConnectionSnapshot {
  status: ConnectionStatus;
  /**
   * This person's edits made since the socket was last in sync, one per field changed (SPEC U22);
   * they are sent on reconnect.
   */
  pendingEdits: number;
  /** Fields this person changed offline whose merged value is someone else's (SPEC U23). */
  overwrites: readonly Overwrite[];
  /** This person's values that a colleague's edit, made without seeing them, replaced (SPEC U74). */
  replaced: readonly ReplacedValue[];
  /** Proposals this person declined that a colleague accepted at the same time: the date stands (SPEC U79). */
  overruled: readonly OverruledAnswer[];
  /** The document has content to show (from IndexedDB or from the server). */
  ready: boolean;
  /**
   * This browser's access ended (SPEC A9): the server closed the socket with 4401, or a REST
   * call or a session check answered 401. The connection has stopped for good.
   */
  ended: AccessProblem | null;
  /**
   * What the server refuses, socket after socket (SPEC U41), and the connection waits for "Try
   * again"; or, for a viewer, the edits this browser holds that the server will never take (A19).
   */
  refused: ChangesRefused | null;
  /**
   * This person's role here changed (SPEC A17): the server closed the socket with 4303 and this
   * sentence, saying who changed it. The connection stops; the workspace is opened again in the
   * new role.
   */
  roleChanged: string | null;
}

/** How often, at most, a socket that keeps closing asks the server whether the session stands. */
const SESSION_CHECK_MS = 5_000;

/**
 * The workspace's one Y.Doc, kept in IndexedDB (so offline edits survive a reload) and in sync
 * with the server through the stock y-websocket provider, which merges both ways on reconnect.
 * No Solid here: `client/state` turns `subscribe` into signals.
 */
export class WorkspaceConnection {
  readonly doc = new Y.Doc();
  readonly provider: WebsocketProvider;
  readonly awareness: Awareness;
  private readonly persistence: IndexeddbPersistence;
  private readonly journal: UnsavedJournal;
  private readonly listeners = new Set<(snapshot: ConnectionSnapshot) => void>();
  private readonly offlineEdits: OfflineEdits;
  private readonly unseenOverwrites: UnseenOverwriteWatch;
  private snapshot: ConnectionSnapshot = { status: 'connecting', pendingEdits: 0, overwrites: [], replaced: [], overruled: [], ready: false, ended: null, refused: null, roleChanged: null };
  private readonly refusals = new RefusalWatch();
  /** A socket has reached the server, or failed to: from then on a closed socket is a lost connection. */
  private everTried = false;
  private lastSessionCheck = 0;
  private destroyed = false;
  /** Where a tab of this workspace tells the others that the browser's copy is being discarded (U41). */
  private readonly discards: BroadcastChannel;

  /**
   * `role` is the one this screen shows its person: sent with every connect, so that a screen
   * that was not connected when its member's role changed is told so as it comes back (A17).
   */
  constructor(
    readonly workspaceId: string,
    private readonly role: Role,
  ) {
    this.persistence = new IndexeddbPersistence(databaseName(workspaceId), this.doc);
    // Keeps each edit until IndexedDB has committed it: a reload can abort y-indexeddb's own write (U28).
    this.journal = new UnsavedJournal(this.doc, this.persistence, workspaceId);
    const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
    // The session cookie authenticates the upgrade; no token travels in the URL (DESIGN §5).
    this.provider = new WebsocketProvider(`${scheme}://${window.location.host}/ws`, workspaceId, this.doc, {
      params: { role },
      maxBackoffTime: 2500,
      // Called after `connection-close`, so a refusal this close repeated is known by then. After a
      // role change the workspace opens afresh, with a session that says the new role.
      shouldReconnect: (event) => event.code !== CloseCode.accessEnded && event.code !== CloseCode.roleChanged && this.refusals.current === null,
    });
    this.awareness = this.provider.awareness;
    this.provider.on('status', this.onStatus);
    this.provider.on('sync', this.onSync);
    this.provider.on('connection-close', this.onClose);
    this.offlineEdits = new OfflineEdits(
      this.doc,
      workspaceId,
      () => this.snapshot.status !== 'connected',
      () => {
        this.patch({ pendingEdits: this.offlineEdits.count });
        this.publishOfflineEdits();
      },
    );
    this.publishOfflineEdits();
    this.unseenOverwrites = new UnseenOverwriteWatch(
      this.doc,
      this.awareness,
      workspaceId,
      (edit) => this.offlineEdits.has(edit),
      (replaced) => this.patch({ replaced }),
      (overruled) => this.patch({ overruled }),
    );
    // A viewer's edits are never waiting to sync: once in sync they are shown as refused (A19).
    if (role !== 'viewer') this.snapshot.pendingEdits = this.offlineEdits.count;
    void this.persistence.whenSynced.then(() => {
      if (this.hasContent()) this.patch({ ready: true });
    });
    window.addEventListener('offline', this.onOffline);
    window.addEventListener('online', this.onOnline);
    if (!navigator.onLine) this.onOffline();
    this.discards = new BroadcastChannel(`throughline:discard:${workspaceId}`);
    this.discards.onmessage = () => void this.dropCopyAndReload(false);
  }

  get current(): ConnectionSnapshot {
    return this.snapshot;
  }

  subscribe(listener: (snapshot: ConnectionSnapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Stops syncing for good and says why (SPEC A9). The local copy of the review is dropped when
   * the person no longer belongs in it (removed, or signed out); after a replaced link or an
   * expired session it stays, so a new link brings back any edit that had not reached the server.
   *
   * An ending that keeps the copy can be followed by one that drops it: a sign-out deletes the
   * session before its answer arrives, so a request refused in between reads as `expired`, and
   * the sign-out the person asked for must still leave nothing behind.
   */
  end(problem: AccessProblem): void {
    if (this.destroyed) return;
    const ended = this.snapshot.ended;
    if (ended && (dropsCopy(ended) || !dropsCopy(problem))) return;
    if (!ended) {
      this.provider.disconnect();
      forgetSession(this.workspaceId);
    }
    if (dropsCopy(problem)) {
      void this.persistence.clearData();
      this.journal.clear();
      this.offlineEdits.clear();
      this.unseenOverwrites.clear();
    }
    this.patch({ ended: problem });
  }

  /**
   * "Retry now": a new socket at once, instead of after the provider's backoff. After a refusal
   * ("Try again") the next one is counted afresh, since the server's limits may have changed;
   * offline, the socket is opened once the browser is back online.
   */
  retry(): void {
    if (this.snapshot.ended) return;
    if (this.refusals.current) {
      this.refusals.reset();
      this.patch({ refused: null, status: navigator.onLine ? 'reconnecting' : 'offline' });
    }
    if (!navigator.onLine) return;
    this.provider.disconnect();
    this.provider.connect();
  }

  /**
   * The whole document as this browser holds it, in the JSON export's format (DESIGN §5): what a
   * person keeps of the changes the server refuses before discarding them (SPEC U41).
   */
  localCopy(): string {
    return JSON.stringify(workspaceToJson(this.doc), null, 2);
  }

  /**
   * Drops this browser's copy of the review and every edit it holds, in every tab of it, then
   * loads the review again as the server has it (SPEC U41): the way on after a change the server
   * refuses. Another tab left holding the change would hand it back to this one on reload.
   */
  discardLocalCopy(): Promise<void> {
    return this.dropCopyAndReload(true);
  }

  /** The person has read (or acted on) a notice about a field someone else changed too. */
  dismissOverwrite(overwrite: Overwrite): void {
    this.patch({ overwrites: this.snapshot.overwrites.filter((entry) => entry !== overwrite) });
  }

  /** The person has read (or acted on) a notice about a value of theirs replaced unseen (U74). */
  dismissReplaced(value: ReplacedValue): void {
    this.unseenOverwrites.dismiss(value);
  }

  /** The person has read the notice that a colleague's accept overruled their decline (U79). */
  dismissOverruled(answer: OverruledAnswer): void {
    this.unseenOverwrites.dismissOverruled(answer);
  }

  destroy(): void {
    this.destroyed = true;
    this.unseenOverwrites.destroy();
    this.discards.close();
    window.removeEventListener('offline', this.onOffline);
    window.removeEventListener('online', this.onOnline);
    this.offlineEdits.destroy();
    this.journal.destroy();
    this.provider.destroy();
    void this.persistence.destroy();
    this.doc.destroy();
    this.listeners.clear();
  }

  /**
   * The database is deleted first: a tab that reloads meanwhile opens it only once it is gone,
   * and each tab's open connection closes itself when asked to. Whatever fails, the page reloads.
   */
  private async dropCopyAndReload(tellOtherTabs: boolean): Promise<void> {
    try {
      const deleted = deleteDatabase(databaseName(this.workspaceId));
      if (tellOtherTabs) this.discards.postMessage('discard');
      this.provider.disconnect();
      this.journal.clear();
      this.offlineEdits.clear();
      this.offlineEdits.destroy();
      await this.persistence.destroy();
      await deleted;
    } finally {
      window.location.reload();
    }
  }

  private patch(change: Partial<ConnectionSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...change };
    for (const listener of this.listeners) listener(this.snapshot);
  }

  /**
   * Tells colleagues, through presence, which fields this person changed offline and when (U75).
   * Set while offline, it goes out as the socket opens, and stays after the sync: the edits and
   * the presence reach the others in either order.
   */
  private publishOfflineEdits(): void {
    const marks = this.offlineEdits.marks();
    if (marks.length > 0) updateLocalState(this.awareness, { offlineEdits: marks });
  }

  /** An initialised workspace has `meta.schema`; an empty replica has nothing to show yet. */
  private hasContent(): boolean {
    return this.doc.getMap('meta').get('schema') !== undefined;
  }

  private statusWhenDown(): ConnectionStatus {
    if (!navigator.onLine) return 'offline';
    return this.everTried ? 'reconnecting' : 'connecting';
  }

  private readonly onStatus = ({ status }: { status: string }) => {
    if (status === 'connected') this.refusals.socketOpened(Date.now());
    // "Connected" is shown only once the sync handshake is done (see onSync). Closed for a role
    // change too: an edit made then (a field left as the screen goes inert) is waiting, and the
    // screen opened again as a viewer's must say it cannot be saved (A19).
    else if (!this.refusals.current) this.patch({ status: this.statusWhenDown() });
  };

  private readonly onSync = (synced: boolean) => {
    // The handshake after a reconnect sends every local change the server lacks, and brings
    // every change of others: the merged document is what this person's edits are checked against,
    // once the local copy has been read too.
    if (!synced) return;
    this.everTried = true;
    void this.persistence.whenSynced.then(() => {
      if (this.destroyed || !this.provider.synced) return;
      // What a viewer's browser holds beyond the server's copy stays here, unsent, until it is
      // discarded, or until the person is an editor again and it syncs after all.
      const unsaved = this.role === 'viewer' ? this.offlineEdits.count : 0;
      if (unsaved > 0) {
        this.patch({ status: 'connected', ready: true, refused: viewerRefusal(unsaved) });
        return;
      }
      const overwrites = this.offlineEdits.settle();
      this.patch({ status: 'connected', pendingEdits: 0, ready: true, overwrites: [...this.snapshot.overwrites, ...overwrites] });
    });
  };

  /**
   * A 4401 close carries the sentence saying access ended and whom to ask (SPEC A4); the provider
   * stops reconnecting after it (shouldReconnect), as it does after a change refused by two
   * sockets in a row (SPEC U41), and after a 4303 saying this person's role changed (A17). A
   * refused upgrade shows only as an abnormal close, so a socket that keeps closing asks the
   * server, now and then, whether the session still stands.
   */
  private readonly onClose = (event: CloseEvent | null) => {
    if (!event || this.snapshot.ended) return;
    this.everTried = true;
    if (this.refusals.socketClosed(event.code, Date.now())) {
      // Nor is the refused change shared with this browser's other tabs of the review any more.
      this.provider.disconnectBc();
      this.patch({ status: 'refused', refused: this.refusals.current });
      return;
    }
    if (event.code === CloseCode.roleChanged) {
      this.patch({ roleChanged: event.reason });
      return;
    }
    if (event.code === CloseCode.accessEnded) {
      // After the provider has finished with this close, not in the middle of it.
      const problem = problemOfClose(event.reason);
      queueMicrotask(() => this.end(problem));
      return;
    }
    const now = Date.now();
    if (!navigator.onLine || now - this.lastSessionCheck < SESSION_CHECK_MS) return;
    this.lastSessionCheck = now;
    void checkSession(this.workspaceId).then((problem) => {
      if (problem) this.end(problem);
    });
  };

  /**
   * The browser says the network is gone: show it at once rather than after a socket timeout.
   * Not while changes are refused: the calm banner would promise they sync once it is back.
   */
  private readonly onOffline = () => {
    if (this.refusals.current) return;
    this.provider.disconnect();
    this.patch({ status: 'offline' });
  };

  private readonly onOnline = () => {
    if (this.snapshot.ended || this.refusals.current) return;
    this.patch({ status: 'reconnecting' });
    this.provider.connect();
  };
}

const databaseName = (workspaceId: string): string => `throughline:${workspaceId}`;

/**
 * Deletes an IndexedDB database; settles once it is gone, or once it waits on a connection
 * another tab has yet to close (the deletion stays queued, and every later open waits for it).
 */
function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = request.onerror = request.onblocked = () => resolve();
  });
}
