import * as Y from 'yjs';
import { CloseCode } from '../protocol/close-codes';
import { ProtocolError } from '../protocol/frame-reader';
import { readMessage, writeSyncStep1, writeSyncStep2, writeUpdate } from '../protocol/messages';
import { SCHEMA_VERSION } from '../../shared/schema/constants';
import { textOf } from '../../shared/schema/stored-values';
import { readMode, readSchemaVersion } from '../../shared/schema/workspace';
import type { Limits } from '../config';
import type { RefusalReason } from '../observability/refusals';
import type { CommitEntry, Store } from '../storage/store';
import { canWrite, type Peer } from './peer';
import { RoomAwareness } from './room-awareness';

/** When the update log since the last compacted state passes either bound, it is compacted. */
export interface CompactionPolicy {
  maxUpdates: number;
  maxBytes: number;
}

/** How a room keeps its log short and what it lets one client cost it. */
export interface RoomSettings {
  compaction: CompactionPolicy;
  limits: Limits;
}

/** What a room asks of the registry that owns it. */
export interface RoomHost {
  /** The room has uncommitted updates: commit them with everything else from this turn. */
  scheduleCommit(room: Room): void;
  /** Nobody uses the room any more. */
  idle(room: Room): void;
  /** The room lost its storage and has closed itself; forget it so the next user reloads. */
  failed(room: Room): void;
  /** The room folded its update log into its state row. */
  compacted(room: Room): void;
  /** The room refused something a client sent (counted for /metrics). */
  refused(reason: RefusalReason): void;
  /**
   * The room's document now holds what storage had: bring it to the current schema and start
   * whatever watches it. Throwing refuses the load.
   */
  built(room: Room): void;
}

export class RoomLoadError extends Error {
  constructor(workspace: string, options: { cause: unknown }) {
    super(`The workspace ${workspace} could not be loaded from storage: ${(options.cause as Error).message}`, options);
    this.name = 'RoomLoadError';
  }
}

interface PendingUpdate {
  update: Uint8Array;
  /** The connection it came from, which already has it; null for the server's own changes. */
  from: Peer | null;
  /** The frame to relay it in when the sender's own frame is exactly that: a sync update. */
  frame: Uint8Array | null;
}

/** A client that has nothing yet: its state vector lists no clients. */
const isEmptyStateVector = (stateVector: Uint8Array): boolean => stateVector.length === 1 && stateVector[0] === 0;

/**
 * Merging a turn's updates costs about 15 µs an update and saves one frame per update to every
 * other connection: worth it in a busy room, not in a small one, and never for a burst (an
 * offline client's replay, an import), where merging hundreds of updates would stall the loop.
 */
const MERGE_MIN_CONNECTIONS = 8;
const MERGE_MAX_UPDATES = 64;

/**
 * One workspace's live document, its connections and its presence.
 *
 * The order of an update's life is the durability promise of DESIGN §6: a client's update is
 * decoded (a bad one closes that socket and goes no further), applied to the document, queued
 * for the group commit, and relayed only once its transaction has committed. Anything computed
 * from the document for a client (a sync step 2) waits for the same commit, so no client ever
 * holds an update the database does not.
 */
export class Room {
  private readonly ydoc: Y.Doc;
  /** False while the room serves its stored state (`fullState`) without having built the document. */
  private built = true;
  private readonly peers = new Set<Peer>();
  private readonly awareness: RoomAwareness;
  private holds = 0;
  private pending: PendingUpdate[] = [];
  private afterCommit: Array<() => void> = [];
  private waiters: Array<{ resolve: () => void; reject: (error: unknown) => void }> = [];
  /** `encodeStateAsUpdate(doc)`, kept until the next change: most joiners ask for everything. */
  private fullState: Uint8Array | null = null;
  private logCount: number;
  private logBytes: number;
  private readonly meta: Y.Map<unknown>;
  /** The title and mode the workspaces table holds, so a commit updates them only on change. */
  private recorded = { title: '', mode: 'review' };
  private metaChanged = false;
  private closed = false;
  /**
   * How the transaction a client's update was applied in changed the document: not at all, so
   * that the received bytes are what to store, or so that Yjs's encoding of it is.
   */
  private clientChange: ClientChange = 'none';
  /** Whether structs were held back for missing predecessors before the update being applied. */
  private heldBackBefore = false;

  private constructor(
    readonly id: string,
    private readonly store: Store,
    private readonly host: RoomHost,
    private readonly settings: RoomSettings,
  ) {
    // The workspace id as the guid spares Yjs generating a random one per load.
    this.ydoc = new Y.Doc({ guid: id });
    this.meta = this.ydoc.getMap('meta');
    this.awareness = new RoomAwareness(this.ydoc, (message) => this.broadcast(message, null), {
      limits: settings.limits.presence,
      refused: (reason) => host.refused(reason),
    });
    this.logCount = 0;
    this.logBytes = 0;
  }

  /**
   * Opens the room from storage; throws RoomLoadError and writes nothing if that fails.
   *
   * With `serveBeforeBuild`, a workspace stored as one intact state row on the current document
   * schema is not built yet: its bytes are the whole document, so a newcomer who asks for everything is answered with them
   * at once, and the document is built right after (S8). Building a large document is most of a
   * cold load, and the newcomer need not wait for it. Anything that needs the document itself
   * builds it first.
   */
  static load(id: string, store: Store, host: RoomHost, settings: RoomSettings, options: { serveBeforeBuild: boolean }): Room {
    const room = new Room(id, store, host, settings);
    try {
      const stored = store.loadDocument(id);
      room.logCount = stored.updates.length;
      room.logBytes = stored.updateBytes;
      if (options.serveBeforeBuild && stored.stateIsWhole && stored.stateSchema === SCHEMA_VERSION) {
        room.built = false;
        room.fullState = stored.state;
        return room;
      }
      room.buildFrom(stored.state, stored.updates);
    } catch (error) {
      room.destroy();
      throw error instanceof RoomLoadError ? error : new RoomLoadError(id, { cause: error });
    }
    return room;
  }

  /** The live document, built first if the room was opened on stored bytes alone. */
  get doc(): Y.Doc {
    this.ensureBuilt();
    return this.ydoc;
  }

  /** Builds the document now if it is not yet; throws RoomLoadError (and fails the room) if it cannot be. */
  ensureBuilt(): void {
    if (!this.built) this.build();
  }

  get inUse(): boolean {
    return this.peers.size > 0 || this.holds > 0;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  get hasPending(): boolean {
    return this.pending.length > 0;
  }

  get connectionCount(): number {
    return this.peers.size;
  }

  connect(peer: Peer): void {
    this.peers.add(peer);
    // Until the document is built the room cannot say what it has; `build` asks then.
    if (this.built) peer.send(writeSyncStep1(Y.encodeStateVector(this.ydoc)));
    const presence = this.awareness.snapshot();
    if (presence) peer.send(presence);
  }

  disconnect(peer: Peer): void {
    if (!this.peers.delete(peer)) return;
    this.awareness.forget(peer);
    if (!this.inUse) this.host.idle(this);
  }

  /** Keeps the room loaded for a caller that is not a connection (a REST request). */
  hold(): void {
    this.holds++;
  }

  release(): void {
    this.holds--;
    if (!this.inUse) this.host.idle(this);
  }

  receive(peer: Peer, frame: Uint8Array): void {
    if (this.closed) return;
    try {
      const message = readMessage(frame);
      if (!this.built) {
        if (message.type === 'sync-step1' && isEmptyStateVector(message.stateVector)) {
          this.answerFromStoredState(peer);
          return;
        }
        // Presence needs no document; everything else does.
        if (message.type !== 'awareness' && message.type !== 'query-awareness') this.ensureBuilt();
      }
      switch (message.type) {
        case 'sync-step1':
          this.whenDurable(() => this.answerSyncStep1(peer, message.stateVector));
          break;
        case 'sync-step2':
          if (canWrite(peer)) this.applyFrom(peer, message.update, null);
          else this.host.refused('viewer_write');
          break;
        case 'sync-update':
          if (canWrite(peer)) this.applyFrom(peer, message.update, frame);
          else this.host.refused('viewer_write');
          break;
        case 'awareness':
          this.awareness.receive(peer, message.update);
          break;
        case 'query-awareness': {
          const presence = this.awareness.snapshot();
          if (presence) peer.send(presence);
          break;
        }
      }
    } catch (error) {
      if (!(error instanceof ProtocolError)) throw error;
      peer.close(CloseCode.invalidPayload, error.message);
    }
  }

  /** Changes the document on the server's behalf; resolves once the change is committed. */
  change(body: (doc: Y.Doc) => void, origin: unknown): Promise<void> {
    this.doc.transact(() => body(this.doc), origin);
    return this.whenCommitted();
  }

  whenCommitted(): Promise<void> {
    if (this.closed) return Promise.reject(new Error('The room is closed.'));
    if (this.pending.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  /**
   * Hands this turn's updates to the group commit. In a busy room they go as one merged update
   * (Yjs merges losslessly): one row, and one frame per connection instead of one per update.
   */
  takeCommitEntry(): CommitEntry {
    const updates = this.pending.map((p) => p.update);
    const merge = updates.length > 1 && updates.length <= MERGE_MAX_UPDATES && this.peers.size >= MERGE_MIN_CONNECTIONS;
    const entry: CommitEntry = { workspace: this.id, updates: merge ? [Y.mergeUpdates(updates)] : updates };
    if (this.metaChanged) {
      const current = this.readSummary();
      if (current.title !== this.recorded.title || current.mode !== this.recorded.mode) entry.summary = current;
    }
    return entry;
  }

  /** The batch is durable: relay it, answer who was waiting, and compact if the log is long. */
  committed(entry: CommitEntry): void {
    if (this.closed || this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.metaChanged = false;
    if (entry.summary) this.recorded = entry.summary;
    for (const update of entry.updates) {
      this.logCount++;
      this.logBytes += update.byteLength;
    }
    if (entry.updates.length === batch.length) {
      for (const { update, from, frame } of batch) this.broadcast(frame ?? writeUpdate(update), from);
    } else {
      // A writer already has its own edits; when the turn mixes several writers' edits, each
      // gets the merged frame with its own inside, which applying ignores.
      const sender = batch.every((p) => p.from === batch[0]!.from) ? batch[0]!.from : null;
      this.broadcast(writeUpdate(entry.updates[0]!), sender);
    }
    const afterCommit = this.afterCommit;
    this.afterCommit = [];
    for (const run of afterCommit) run();
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter.resolve();
    this.compactIfDue();
  }

  /**
   * Gives the room up without storing what is pending: a failed commit, or a document that no
   * longer matches what should be kept. Nothing pending was relayed, and every client that made
   * it still holds it: closing the connections makes them resync and resend to a fresh load.
   */
  fail(error: unknown, reason: string): void {
    if (this.closed) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) waiter.reject(error);
    this.shutdown(CloseCode.storageUnavailable, reason);
    this.host.failed(this);
  }

  /** Closes every connection and releases the document. */
  shutdown(code: number, reason: string): void {
    for (const peer of this.peers) peer.close(code, reason);
    this.peers.clear();
    this.destroy();
  }

  destroy(): void {
    if (this.closed) return;
    this.closed = true;
    this.pending = [];
    this.afterCommit = [];
    this.awareness.destroy();
    this.ydoc.destroy();
  }

  /** A newcomer asking for everything gets the stored state, which is all the document holds. */
  private answerFromStoredState(peer: Peer): void {
    peer.send(writeSyncStep2(this.fullState!));
    // After the rest of this turn's messages, so every newcomer arriving with this one is
    // answered from the bytes too.
    setImmediate(() => {
      if (this.built || this.closed) return;
      try {
        this.build();
      } catch (error) {
        console.error(`[rooms] ${(error as Error).message}`);
      }
    });
  }

  private build(): void {
    // Until the document changes, which it cannot before it is built, fullState is still the stored state.
    const state = this.fullState!;
    this.built = true;
    try {
      this.buildFrom(state, []);
    } catch (error) {
      // Nothing was stored or relayed from this room yet: closing its connections is all it takes.
      this.fail(error, 'the workspace could not be loaded; reconnect later');
      throw error;
    }
    const step1 = writeSyncStep1(Y.encodeStateVector(this.ydoc));
    for (const peer of this.peers) peer.send(step1);
  }

  /** Applies what storage holds, starts listening for changes and lets the host prepare it. */
  private buildFrom(state: Uint8Array | null, updates: readonly Uint8Array[]): void {
    try {
      // Applied one by one in a single transaction: mergeUpdates would re-encode every struct
      // of a large state only to have applyUpdate decode them again.
      this.ydoc.transact(() => {
        if (state) Y.applyUpdate(this.ydoc, state);
        for (const update of updates) Y.applyUpdate(this.ydoc, update);
      });
      // A compacted state with no log after it is exactly what a new client needs.
      if (updates.length === 0) this.fullState = state;
      this.recorded = this.readSummary();
      this.ydoc.on('afterTransaction', this.onTransaction);
      this.meta.observe(() => {
        this.metaChanged = true;
      });
      this.host.built(this);
    } catch (error) {
      throw new RoomLoadError(this.id, { cause: error });
    }
  }

  /**
   * What is stored and relayed is the bytes the client sent, not Yjs's re-encoding of what they
   * changed: they are already in hand. The exception is an update that leaves structs waiting
   * for a predecessor that has not arrived, or completes ones that were waiting: then what is
   * stored and relayed is what the transaction integrated, as Yjs encodes it (`onTransaction`),
   * so bytes held back are never stored. Like any Yjs peer, the room keeps them in memory until
   * their predecessor arrives; one that cannot be integrated then fails the room without having
   * reached storage. An update that changes nothing goes no further.
   */
  private applyFrom(peer: Peer, update: Uint8Array, frame: Uint8Array | null): void {
    try {
      // Decoding first finds almost every malformed update before any of it is integrated.
      Y.decodeUpdate(update);
    } catch (error) {
      throw new ProtocolError(`update does not decode: ${(error as Error).message}`);
    }
    this.heldBackBefore = holdsBackStructs(this.ydoc);
    this.clientChange = 'none';
    try {
      Y.applyUpdate(this.ydoc, update, peer);
    } catch (error) {
      // Yjs may have integrated part of it before throwing: the document now holds what nobody
      // should keep, so the room starts over from storage.
      if (this.clientChange !== 'none') this.fail(error, 'an update was refused; reconnect to resync');
      throw new ProtocolError(`update does not apply: ${(error as Error).message}`);
    }
    // Set by onTransaction during the apply, which TypeScript cannot see.
    if ((this.clientChange as ClientChange) === 'as-received') this.queue(update, peer, frame);
  }

  /**
   * Every transaction that changed the document ends here. A client's is queued by `applyFrom`
   * with the bytes it came in, unless structs are held back; anything else is the server's own
   * change (a REST reading, the rules, a migration). Yjs encodes a transaction's update only
   * while someone listens for 'update', and emits it right after 'afterTransaction' in the same
   * cleanup step: listening just for these keeps Yjs from re-encoding every client update.
   */
  private readonly onTransaction = (transaction: Y.Transaction): void => {
    if (!changedDocument(transaction)) return;
    if (this.peers.has(transaction.origin as Peer)) {
      if (!this.heldBackBefore && !holdsBackStructs(this.ydoc)) {
        this.clientChange = 'as-received';
        return;
      }
      this.clientChange = 'encoded';
    }
    this.ydoc.on('update', this.captureUpdate);
  };

  private readonly captureUpdate = (update: Uint8Array): void => {
    this.ydoc.off('update', this.captureUpdate);
    // Relayed to every connection: one that sent part of it already has that part.
    this.queue(update, null, null);
  };

  private answerSyncStep1(peer: Peer, stateVector: Uint8Array): void {
    if (isEmptyStateVector(stateVector)) {
      this.fullState ??= Y.encodeStateAsUpdate(this.ydoc);
      peer.send(writeSyncStep2(this.fullState));
      return;
    }
    let update: Uint8Array;
    try {
      update = Y.encodeStateAsUpdate(this.ydoc, stateVector);
    } catch {
      peer.close(CloseCode.invalidPayload, 'state vector does not decode');
      return;
    }
    peer.send(writeSyncStep2(update));
  }

  private queue(update: Uint8Array, from: Peer | null, frame: Uint8Array | null): void {
    this.fullState = null;
    this.pending.push({ update, from, frame });
    this.host.scheduleCommit(this);
  }

  private whenDurable(run: () => void): void {
    if (this.pending.length === 0) run();
    else this.afterCommit.push(run);
  }

  private broadcast(message: Uint8Array, except: Peer | null): void {
    for (const peer of this.peers) if (peer !== except) peer.send(message);
  }

  private shouldCompact(): boolean {
    // Yjs writes held-back structs into a full state: the state row waits until they integrate.
    if (holdsBackStructs(this.ydoc)) return false;
    return this.logCount >= this.settings.compaction.maxUpdates || this.logBytes >= this.settings.compaction.maxBytes;
  }

  /** Folds the update log into the state row, so the next load reads one compact state. */
  compactLog(): void {
    if (this.logCount > 0 && this.pending.length === 0 && !holdsBackStructs(this.ydoc)) this.compact();
  }

  /** Compacts when the log has passed its bounds (S6). */
  compactIfDue(): void {
    if (this.shouldCompact()) this.compact();
  }

  private compact(): void {
    const state = Y.encodeStateAsUpdate(this.doc);
    try {
      this.store.compact(this.id, state, this.store.lastSeq(this.id), readSchemaVersion(this.ydoc));
    } catch (error) {
      // Compaction only saves space and load time; the log it would replace is still intact.
      console.error(`[storage] compaction of ${this.id} failed, keeping the log: ${(error as Error).message}`);
      return;
    }
    this.logCount = 0;
    this.logBytes = 0;
    this.fullState = state;
    this.host.compacted(this);
  }

  /** Any editor can store anything in meta: only a title's text and a known mode reach the table. */
  private readSummary(): { title: string; mode: string } {
    return { title: textOf(this.meta.get('title')), mode: readMode(this.ydoc) };
  }
}

type ClientChange = 'none' | 'as-received' | 'encoded';

/** Whether Yjs holds structs or deletions back until updates they depend on arrive. */
function holdsBackStructs(doc: Y.Doc): boolean {
  return doc.store.pendingStructs !== null || doc.store.pendingDs !== null;
}

/** Yjs's own test for whether a transaction produced an update (its deletions or new structs). */
function changedDocument(transaction: Y.Transaction): boolean {
  if (transaction.deleteSet.clients.size > 0) return true;
  for (const [client, clock] of transaction.afterState) {
    if (transaction.beforeState.get(client) !== clock) return true;
  }
  return false;
}
