import * as Y from 'yjs';
import { readMode } from '../../shared/schema/workspace';
import { SCHEMA_VERSION, WORKSPACE_TITLE_MAX } from '../../shared/schema/constants';
import type { Limits } from '../config';
import type { RefusalReason } from '../observability/refusals';
import { CloseCode } from '../../shared/protocol/close-codes';
import { ProtocolError } from '../protocol/frame-reader';
import { readMessage, writeUpdate } from '../protocol/messages';
import { textOf } from '../../shared/schema/stored-values';
import { singleLine } from '../../shared/text/single-line';
import type { CommitEntry, DocumentLog, Role, StoredDocument } from '../storage/store';
import { AUDIENCE_CONNECTIONS, MergedRelay } from './merged-relay';
import { CommitQueue, MERGE_MIN_CONNECTIONS, type CommitQueueHost, type QueuedUpdate } from './commit-queue';
import type { Committable } from './group-commit';
import { applyCompleting } from './held-back';
import { LogCompaction, type CompactionPolicy } from './log-compaction';
import { isEmptyStateVector, Newcomers, type NewcomersHost } from './newcomers';
import { canWrite, type Peer } from './peer';
import { RoomAwareness } from './room-awareness';
import type { PresentPerson } from '../../shared/schema/attendance';
import { StoredIntake, type StoredIntakeHost } from './stored-intake';
import { STORED_ORIGIN, UpdateIntake, type IntakeHost } from './update-intake';

export type { CompactionPolicy } from './log-compaction';

/** How a room keeps its log short and what it lets one client cost it. */
export interface RoomSettings {
  compaction: CompactionPolicy;
  limits: Limits;
}

/** What a room asks of the registry that owns it. */
export interface RoomHost {
  /** The room has uncommitted updates: commit them with everything else from this turn. */
  scheduleCommit(queue: Committable): void;
  /** Nobody uses the room any more. */
  idle(room: Room): void;
  /** The room lost its storage and has closed itself; forget it so the next user reloads. */
  failed(room: Room): void;
  /**
   * Whether this node folds the room's log into its state row (S6): with several nodes holding
   * the room, only the one holding its lease (N8), so the log is not encoded and written by each.
   */
  mayCompact(room: Room): boolean;
  /**
   * Whether a compaction the room's log is due for may run in this turn (S6): a few rooms a turn;
   * a room refused now is asked again (`compactIfDue`) on a later turn.
   */
  compactionTurn(room: Room): boolean;
  /** The room folded its update log into its state row. */
  compacted(room: Room): void;
  /** A batch is stored and relayed here: other nodes holding the room relay it too (N5). */
  stored(room: Room, updates: readonly Uint8Array[], lastSeq: number): void;
  /**
   * Where presence people here changed goes, so other nodes holding the room show it too (N6);
   * null with no other nodes.
   */
  readonly presence: ((room: Room, update: Uint8Array) => void) | null;
  /**
   * The room holds stored rows past a gap in the log (`awaitsRows`): the rows before them come
   * through Redis, or are read from the database if they do not come soon (N7).
   */
  behind(room: Room): void;
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

/**
 * One workspace's live document, its connections and its presence.
 *
 * The order of an update's life is the durability promise of DESIGN §6: a client's update is
 * decoded (a bad one closes that socket and goes no further), applied to the document
 * (UpdateIntake chooses the bytes to keep), queued for the group commit (CommitQueue), and
 * relayed only once its transaction has committed. Anything computed from the document for a
 * client (a sync step 2) waits for the same commit, so no client ever holds an update the
 * database does not. The server's own changes go through `change`, the one write path.
 */
export class Room implements CommitQueueHost, IntakeHost, NewcomersHost, StoredIntakeHost {
  private readonly ydoc: Y.Doc;
  /** False while the room serves its stored state (`newcomers.wholeState`) without having built the document. */
  private built = true;
  private readonly peers = new Set<Peer>();
  /**
   * Presence, made when the first presence arrives (from a connection or another node): most
   * connections to a small room never speak it, and y-protocols' Awareness costs each room a
   * timer and an object graph to make (Q5).
   */
  private awareness: RoomAwareness | null = null;
  /** Told when a connection here is present as someone new: the attendance register (M21). */
  private peopleListener: ((person: PresentPerson) => void) | null = null;
  /** Committed updates sent as merged frames: an audience's (L3), and a busy room's from other nodes (N5). */
  private readonly relay = new MergedRelay(
    (message, except) => this.broadcast(message, except),
    (error) => {
      console.error(`[rooms] ${this.id}: relaying committed updates failed: ${(error as Error).stack ?? String(error)}`);
      this.fail(error, 'internal error, reconnect');
    },
  );
  private readonly commits: CommitQueue;
  /** Present once the document is built: nothing changes it before. */
  private intake: UpdateIntake | null = null;
  private readonly compaction: LogCompaction;
  /** Where the room is in the log, and the rows other nodes stored (N5, N7). */
  private readonly storedIntake: StoredIntake;
  private holds = 0;
  /** What each newcomer is sent and asked (L1, L7, Q4). */
  private readonly newcomers: Newcomers;
  private readonly meta: Y.Map<unknown>;
  /** The title and mode the workspaces table holds, so a commit updates them only on change. */
  private recorded = { title: '', mode: 'review' };
  private metaChanged = false;
  private closed = false;

  private constructor(
    readonly id: string,
    private readonly host: RoomHost,
    private readonly settings: RoomSettings,
    stored: StoredDocument,
    log: DocumentLog,
  ) {
    // The workspace id as the guid spares Yjs generating a random one per load.
    this.ydoc = new Y.Doc({ guid: id });
    this.meta = this.ydoc.getMap('meta');
    // The room is the host of its queue and its intakes itself: no closures per room, of which a
    // large server holds thousands.
    this.commits = new CommitQueue(id, this);
    this.newcomers = new Newcomers(this.ydoc, this);
    this.compaction = new LogCompaction(id, log, settings.compaction, stored.updates.length, stored.updateBytes);
    this.storedIntake = new StoredIntake(this.ydoc, this.compaction, this, stored.lastSeq);
  }

  /**
   * Opens the room from storage; throws RoomLoadError and writes nothing if that fails.
   *
   * With `serveBeforeBuild`, a workspace stored as one intact state row on the current document
   * schema is not built yet: its bytes are the whole document, so a newcomer who asks for
   * everything is answered with them at once, and the document is built right after (S8).
   * Building a large document is most of a cold load, and the newcomer need not wait for it.
   * Anything that needs the document itself builds it first.
   */
  static load(id: string, stored: StoredDocument, log: DocumentLog, host: RoomHost, settings: RoomSettings, options: { serveBeforeBuild: boolean }): Room {
    const room = new Room(id, host, settings, stored, log);
    try {
      room.newcomers.expectBytes((stored.state?.length ?? 0) + stored.updateBytes);
      if (options.serveBeforeBuild && stored.stateIsWhole && stored.stateSchema === SCHEMA_VERSION) {
        room.built = false;
        room.newcomers.stateIs(stored.state);
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

  get isBuilt(): boolean {
    return this.built;
  }

  isConnected(peer: Peer): boolean {
    return this.peers.has(peer);
  }

  whenDurable(run: () => void): void {
    this.commits.whenDurable(run);
  }

  get inUse(): boolean {
    return this.peers.size > 0 || this.holds > 0;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  get hasPending(): boolean {
    return !this.commits.isEmpty;
  }

  get connectionCount(): number {
    return this.peers.size;
  }

  connect(peer: Peer): void {
    this.peers.add(peer);
    this.newcomers.joined(peer);
    const presence = this.awareness?.snapshot();
    if (presence) peer.send(presence);
  }

  disconnect(peer: Peer): void {
    if (!this.peers.delete(peer)) return;
    this.newcomers.left(peer);
    this.awareness?.forget(peer);
    this.intake?.forget(peer);
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
      const first = this.newcomers.firstWord(peer);
      // L1: a newcomer whose first word is that it has nothing is not asked for what it has.
      const hasNothing = message.type === 'sync-step1' && isEmptyStateVector(message.stateVector);
      // L7: the whole state went to it as it joined, and everything since was relayed to it.
      const answered = message.type === 'sync-step1' && this.newcomers.answeredAlready(peer);
      if (!this.built) {
        if (hasNothing) {
          if (!answered) this.newcomers.sendStored(peer);
          this.buildSoon();
          return;
        }
        // Presence needs no document; everything else does.
        if (message.type !== 'awareness' && message.type !== 'query-awareness') this.ensureBuilt();
      }
      // Until the document is built the room cannot say what it has; `build` asks then.
      if (first && !hasNothing) this.newcomers.ask(peer);
      switch (message.type) {
        case 'sync-step1':
          if (!answered) this.whenDurable(() => this.newcomers.answer(peer, message.stateVector));
          break;
        case 'sync-step2':
          this.write(peer, message.update, null);
          break;
        case 'sync-update':
          this.write(peer, message.update, frame);
          break;
        case 'awareness':
          this.presence().receive(peer, message.update);
          break;
        case 'query-awareness': {
          const presence = this.awareness?.snapshot();
          if (presence) peer.send(presence);
          break;
        }
      }
    } catch (error) {
      if (!(error instanceof ProtocolError)) throw error;
      this.refuse(peer, CloseCode.invalidPayload, 'malformed_frame', error.message);
    }
  }

  /**
   * The one write path for the server's own changes (REST readings, the rules, migrations):
   * runs `body` in one transaction with `origin` and returns what it returns. The change is
   * committed with this turn's group commit; `whenCommitted` resolves once it is stored.
   */
  change<T>(body: (doc: Y.Doc) => T, origin: unknown): T {
    const doc = this.doc;
    // Made while another transaction ends (the attendance register writes as a meeting ends): Yjs
    // finishes this one after that one, so a throw here says nothing of either's update yet.
    const afterAnother = doc._transactionCleanups.length > 0;
    let result: T | undefined;
    try {
      doc.transact(() => {
        result = body(doc);
      }, origin);
    } catch (error) {
      // When an observer throws, Yjs skips the update event: what the change did is then in the
      // document but queued nowhere, and only a reload from storage matches what was stored.
      if (!afterAnother && this.intake?.missedUpdate()) this.fail(error, 'internal error, reconnect');
      throw error;
    }
    return result as T;
  }

  /** The role of the connection that wrote with a Yjs client id here, if one did (A21). */
  writerRole(client: number): Role | undefined {
    return this.intake?.writerRole(client);
  }

  whenCommitted(): Promise<void> {
    return this.commits.whenCommitted();
  }

  /**
   * Rows a change caused (a meeting's snapshot, webhook deliveries), stored in the same
   * transaction as this turn's updates, so they exist exactly when the change does (M2, M9).
   */
  attachToCommit(records: Pick<CommitEntry, 'snapshots' | 'deliveries'>): void {
    this.commits.attach(records);
    this.host.scheduleCommit(this.commits);
  }

  /**
   * Gives the room up without storing what is pending: a failed commit, or a document that no
   * longer matches what should be kept. Nothing pending was relayed, and every client that made
   * it still holds it: closing the connections makes them resync and resend to a fresh load.
   */
  fail(error: unknown, reason: string): void {
    if (this.closed) return;
    this.commits.abandon(error);
    this.shutdown(CloseCode.storageUnavailable, reason);
    this.host.failed(this);
  }

  /** Closes every connection and releases the document. */
  shutdown(code: number, reason: string): void {
    const peers = [...this.peers];
    this.peers.clear();
    for (const peer of peers) peer.close(code, reason);
    this.destroy();
  }

  destroy(): void {
    if (this.closed) return;
    this.closed = true;
    this.commits.abandon(new Error('The room is closed.'));
    this.awareness?.destroy();
    this.relay.destroy();
    this.ydoc.destroy();
  }

  /** Folds the update log into the state row, so the next load reads one compact state. */
  compactLog(): void {
    if (this.compaction.hasLog && this.commits.isEmpty && this.host.mayCompact(this)) this.compact();
  }

  /** Compacts when the log has passed its bounds (S6), and never over updates not yet stored. */
  compactIfDue(): void {
    if (!this.closed && this.compaction.isDue && this.commits.isEmpty && this.host.mayCompact(this) && this.host.compactionTurn(this)) this.compact();
  }

  /** The last sequence number up to which the document holds every stored update. */
  get storedSeq(): number {
    return this.storedIntake.storedSeq;
  }

  /**
   * Whether the room knows of stored rows past a gap after `storedSeq`: kept until the rows
   * before them come, from Redis or from a catch-up read (N7).
   */
  get awaitsRows(): boolean {
    return this.storedIntake.awaitsRows;
  }

  /**
   * Log rows another node stored, numbered `afterSeq + 1` to `lastSeq` (N5, N7), applied and
   * relayed once each, in log order where they build on rows not here yet. Answers whether the
   * room now holds every row it knows of; when not, the caller reads the gap from the database
   * unless it comes soon.
   */
  applyStored(updates: readonly Uint8Array[], afterSeq: number, lastSeq: number): boolean {
    return this.storedIntake.applyStored(updates, afterSeq, lastSeq);
  }

  /** The stored document, when another node folded into the state row what this one missed (N3, N7). */
  reloadStored(stored: StoredDocument): void {
    this.storedIntake.reloadStored(stored);
  }

  /** For the stored intake: applies rows that are stored already, building the document first. */
  integrateStored(updates: readonly Uint8Array[]): void {
    this.ensureBuilt();
    this.newcomers.changed();
    const completed = applyCompleting(this.ydoc, updates, STORED_ORIGIN);
    // The rows completed edits a client sent before them, which Yjs held back (H4): the update
    // intake does not store a transaction of stored rows, and the client does not send them again
    // (the room's state says it has them). Stored and relayed as the room's edit, with the rows
    // again, which Yjs ignores, or they would live in this node's document alone.
    if (completed) this.queue(completed, null, null);
  }

  /** For the stored intake: this node stored rows past a gap in the log; the host reads the gap unless it comes soon (N7). */
  fellBehind(): void {
    this.host.behind(this);
  }

  /** Everyone's presence as one awareness update, for a node that just opened the room (N6). */
  presenceUpdate(): Uint8Array | null {
    return this.closed ? null : (this.awareness?.allStates() ?? null);
  }

  /** Who this node's connections are present as (M21); other nodes register their own. */
  presentPeople(): Iterable<PresentPerson> {
    return this.awareness?.presentPeople() ?? [];
  }

  /** Sets the one listener told when a connection here is present as someone it was not; null removes it. */
  watchPeople(listener: ((person: PresentPerson) => void) | null): void {
    this.peopleListener = listener;
  }

  /** Presence from a connection on another node (N6): shown here as if it were local, and not sent back. */
  applyPresence(update: Uint8Array): void {
    if (!this.closed) this.presence().applyRemote(update);
  }

  /** The room's presence, made on first use. */
  private presence(): RoomAwareness {
    if (this.awareness) return this.awareness;
    const { host } = this;
    const publish = host.presence;
    return (this.awareness = new RoomAwareness(this.ydoc, (message) => this.broadcast(message, null), {
      limits: this.settings.limits.presence,
      refused: (reason) => host.refused(reason),
      isAudience: () => this.isAudience,
      // Other nodes holding the room show this node's presence too (N6).
      published: publish && ((update) => publish(this, update)),
      peopleChanged: (person) => this.peopleListener?.(person),
    }));
  }

  private write(peer: Peer, update: Uint8Array, frame: Uint8Array | null): void {
    // R3: a viewer's sync step 2 and updates are never applied, stored or relayed.
    if (!canWrite(peer)) this.host.refused('viewer_write');
    else this.intake!.apply(peer, update, frame);
  }

  /** Counts the refusal and closes the connection with a named code and a sentence (for the intake too). */
  refuse(peer: Peer, code: number, reason: RefusalReason, sentence: string): void {
    this.host.refused(reason);
    peer.close(code, sentence);
  }

  /** An update to commit with this turn, then relay: a client's (the intake), or edits stored rows completed. */
  queue(update: Uint8Array, from: Peer | null, frame: Uint8Array | null): void {
    this.newcomers.changed();
    if (this.commits.push({ update, from, frame })) this.host.scheduleCommit(this.commits);
  }

  /** For the commit queue: the title and mode, when they changed since the workspaces table last recorded them. */
  summaryChange(): CommitEntry['summary'] {
    if (!this.metaChanged) return undefined;
    const current = this.readSummary();
    return current.title !== this.recorded.title || current.mode !== this.recorded.mode ? current : undefined;
  }

  /** For the commit queue: a batch is durable; relay it, and compact if the log is long. */
  durable(batch: readonly QueuedUpdate[], entry: CommitEntry, lastSeq: number): void {
    this.metaChanged = false;
    if (entry.summary) this.recorded = entry.summary;
    this.host.stored(this, entry.updates, lastSeq);
    // Relayed below even when a catch-up read or a reload brought these rows first (N7): a read
    // sent them already (a second copy, which Yjs ignores), but a state another node compacted
    // carries them unsent.
    const carriesOn = this.storedIntake.committed(entry.updates, lastSeq);
    // A writer already has its own edits; when a frame mixes several writers' edits, each
    // gets it with its own inside, which applying ignores.
    const sender = batch.every((p) => p.from === batch[0]!.from) ? batch[0]!.from : null;
    if (this.isAudience || this.relay.isWaiting || entry.updates.length !== batch.length) this.relayCommitted(entry.updates, sender);
    else for (const { update, from, frame } of batch) this.broadcast(frame ?? writeUpdate(update), from);
    // Batches heard of that follow this one go out after it, in log order.
    if (carriesOn) this.storedIntake.takeEarly();
    this.compactIfDue();
  }

  /**
   * Relays committed updates, stored here or by another node, in the order this node has them: an
   * audience's go through the relay's merge window (L3), as does anything while the relay holds
   * earlier ones (in that window, or until the end of the turn, N5).
   */
  private relayCommitted(updates: readonly Uint8Array[], sender: Peer | null): void {
    if (this.isAudience || this.relay.isWaiting) this.relay.add(updates, sender);
    else for (const update of updates) this.broadcast(writeUpdate(update), sender);
  }

  /**
   * Relays what another node stored (N5). A busy room sends it at the end of the turn, merged with
   * every other node's batches that arrive in the turn (and with what this node has stored by
   * then): each node receives every other node's batches, one Redis message each, and relaying
   * each as it came would send every connection a frame per batch.
   */
  relayStoredElsewhere(updates: readonly Uint8Array[]): void {
    if (!this.isAudience && this.peers.size >= MERGE_MIN_CONNECTIONS) this.relay.addForTurn(updates);
    else this.relayCommitted(updates, null);
  }

  /** Whether the room is large enough to be followed rather than edited (L3, L4): what it sends is gathered. */
  get isAudience(): boolean {
    return this.peers.size >= AUDIENCE_CONNECTIONS;
  }

  /**
   * Builds the document after the rest of this turn's messages, so every newcomer arriving with
   * the one that asked for everything is answered from the stored bytes too.
   */
  private buildSoon(): void {
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
    // Until the document changes, which it cannot before it is built, this is still the stored state.
    const state = this.newcomers.wholeState!;
    this.built = true;
    try {
      this.buildFrom(state, []);
    } catch (error) {
      // Nothing was stored or relayed from this room yet: closing its connections is all it takes.
      this.fail(error, 'the workspace could not be loaded; reconnect later');
      throw error;
    }
    // Those who said they have nothing are not asked, as in a built room (L1, Q4).
    this.newcomers.built();
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
      if (updates.length === 0) this.newcomers.stateIs(state);
      this.recorded = this.readSummary();
      this.intake = new UpdateIntake(this.ydoc, this.settings.limits, this);
      this.meta.observe(() => {
        this.metaChanged = true;
      });
      this.host.built(this);
    } catch (error) {
      throw new RoomLoadError(this.id, { cause: error });
    }
  }

  private broadcast(message: Uint8Array, except: Peer | null): void {
    for (const peer of this.peers) if (peer !== except) peer.send(message);
  }

  private compact(): void {
    const state = this.compaction.compact(this.doc, this.storedIntake.storedSeq);
    if (state === null) return;
    this.newcomers.stateIs(state);
    this.host.compacted(this);
  }

  /** Any editor can store anything in meta: only a title's text and a known mode reach the table. */
  private readSummary(): { title: string; mode: string } {
    return { title: singleLine(textOf(this.meta.get('title')), WORKSPACE_TITLE_MAX), mode: readMode(this.ydoc) };
  }
}
