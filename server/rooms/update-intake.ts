import * as Y from 'yjs';
import type { Limits } from '../config';
import type { RefusalReason } from '../observability/refusals';
import { CloseCode } from '../../shared/protocol/close-codes';
import { ProtocolError } from '../protocol/frame-reader';
import { scanUpdate, type KnownDeletions } from '../protocol/update-scan';
import { deletionsOf } from './known-deletions';
import { dropHeldBack, heldBackBytes, holdsBackStructs } from './held-back';
import type { Role } from '../storage/store';
import type { Peer } from './peer';
import { MAX_TYPE_DEPTH, nestingOf, type Nesting } from './type-nesting';
import { WriterIds } from './writer-ids';

/** The origin of updates applied from storage (another node's, N5): they are stored already. */
export const STORED_ORIGIN = 'throughline:stored';

/** What the intake asks of its room. */
export interface IntakeHost {
  /** The workspace, for the log. */
  readonly id: string;
  /** An update to commit and then relay; `from` already has it, `frame` is how it arrived. */
  queue(update: Uint8Array, from: Peer | null, frame: Uint8Array | null): void;
  /** Counts the refusal and closes the connection with a named code and a sentence. */
  refuse(peer: Peer, code: number, reason: RefusalReason, sentence: string): void;
  /** A refused update was half integrated: the document holds what nobody should keep. */
  fail(error: unknown, reason: string): void;
  /** Whether the connection is still in the room: applying its update can close it (its send buffer overflows). */
  isConnected(peer: Peer): boolean;
}

/** How the transaction an update was applied in changed the document. */
type ClientChange = 'none' | 'as-received' | 'encoded';

const BUDGET_WORDS = {
  maxStructs: 'structs',
  maxDeleteRanges: 'deletions',
  maxValues: 'values',
  maxLength: 'content',
} as const;

/**
 * Everything that changes a room's document ends here, and here is chosen what is stored and
 * relayed for it (S7, H11): the bytes a client sent, when they are self-contained and integrated
 * whole; otherwise what the transaction integrated, as Yjs encodes it. The server's own changes
 * are always encoded by Yjs.
 *
 * Before a client's update reaches Yjs it is scanned: a malformed one is a ProtocolError, one
 * over the work budget or written with another live connection's client id is refused (H3, H12).
 * After it, what Yjs holds back for missing predecessors is capped (H4).
 */
export class UpdateIntake {
  /** The connection whose update is being applied, so its transaction can be told apart. */
  private applying: Peer | null = null;
  private change: ClientChange = 'none';
  private selfContained = true;
  /** Whether structs were held back before the update being applied. */
  private heldBackBefore = false;
  private readonly writers = new WriterIds();
  /**
   * Connections whose updates are held back, and how many updates have been since none were;
   * created when something is first held back, which honest clients almost never cause.
   */
  private heldBackFrom: Set<Peer> | null = null;
  private heldBackUpdates = 0;
  /** The document's deletions, when read since it last deleted anything (knownDeletions). */
  private roomDeletions: KnownDeletions | null = null;
  /** Set between a transaction that changed the document and Yjs emitting its update. */
  private awaitingUpdate = false;
  /**
   * The server's changes made while a client's update kept as received was being applied (a
   * put-back of what only a facilitator writes, A21; the attendance written as a meeting ends):
   * they build on that update, so they are queued after its bytes, which are queued once Yjs is done.
   */
  private madeDuring: Uint8Array[] = [];
  /** The role of the connection each client id writes for, as far as this node has seen (`writerRole`). */
  private readonly roles = new Map<number, Role>();

  constructor(
    private readonly doc: Y.Doc,
    private readonly limits: Limits,
    private readonly host: IntakeHost,
  ) {
    doc.on('afterTransaction', this.onTransaction);
  }

  /**
   * Applies a client's update; throws ProtocolError for one that does not decode or apply.
   * `frame` is the sync update it arrived in, or null for a sync step 2.
   */
  apply(peer: Peer, update: Uint8Array, frame: Uint8Array | null): void {
    // What every newcomer with nothing to offer answers the room's sync step 1 with: no structs,
    // no deletions. Applying it would change nothing; a join burst sends one per newcomer (L1).
    if (update.length === 2 && update[0] === 0 && update[1] === 0) return;
    let scan = scanUpdate(update, this.limits.update);
    if (scan.overBudget === 'maxDeleteRanges') scan = scanUpdate(update, this.limits.update, this.knownDeletions());
    if (scan.overBudget !== null) {
      const what = BUDGET_WORDS[scan.overBudget];
      this.host.refuse(peer, CloseCode.updateOverBudget, 'update_over_budget', `an update with more ${what} than the server accepts at once was refused`);
      return;
    }
    // Only structs the room lacks can be lost to a clash: a resend of what it has (another tab's
    // offline edits, say) is harmless whoever sends it.
    const advancing = scan.clients.filter(({ client, end }) => end > Y.getState(this.doc.store, client));
    for (const { client } of advancing) {
      if (this.writesElsewhere(client, peer)) {
        this.host.refuse(peer, CloseCode.clientIdInUse, 'client_id_in_use', 'another open connection writes with this client id; reconnect with a new one');
        return;
      }
    }
    // Deleting what another writing connection's client, or the server itself (its readings, the
    // rules' triage), has yet to write: Yjs would hold the deletion back and apply it to those edits as
    // they are made, though no one ever deleted them.
    for (const { client, end } of scan.deleting) {
      if (end > Y.getState(this.doc.store, client) && this.writesElsewhere(client, peer)) {
        this.host.refuse(peer, CloseCode.clientIdInUse, 'client_id_in_use', 'an update deleted edits that are yet to be made');
        return;
      }
    }
    // Only an update that creates a type the room lacks can nest types deeper; a keystroke never does (H3).
    if (advancing.some(({ client, lastType }) => lastType >= Y.getState(this.doc.store, client))) {
      if (scan.repeatsClient) throw new ProtocolError("an update that creates shared types gives one client's structs in two blocks");
      const nesting = this.nestingOf(update);
      if (nesting === 'too-deep') {
        this.host.refuse(peer, CloseCode.updateOverBudget, 'update_over_budget', `an update nesting shared types more than ${MAX_TYPE_DEPTH} deep was refused`);
        return;
      }
      if (nesting === 'unknown-parent') {
        this.host.refuse(peer, CloseCode.heldBackLimit, 'held_back_limit', 'an update placed a shared type in or beside content the server does not have; reconnect to resync');
        return;
      }
    }
    // A live edit (a sync update of one client's structs) is the sender's own; a sync step 2 may
    // carry edits the sender holds for others, and claims nothing. Structs held back claim nothing
    // either: the state has not moved, and their sender may be closed for them.
    const own = frame !== null && scan.clients.length === 1 ? advancing[0] : undefined;
    // Who writes with which client id, for what only a facilitator writes (A21): a live edit is its
    // sender's; what a sync step 2 carries is taken as the sender's only while no one is known to
    // write with that id (it may hold a colleague's edits).
    if (own) this.roles.set(own.client, peer.role);
    else for (const { client } of advancing) if (!this.roles.has(client)) this.roles.set(client, peer.role);
    const before = own ? Y.getState(this.doc.store, own.client) : 0;
    const heldBackBytesBefore = heldBackBytes(this.doc);
    this.integrate(peer, update, frame, scan.selfContained);
    // A sender closed meanwhile was forgotten already: claimed now, its id would stay taken by no one.
    if (own && Y.getState(this.doc.store, own.client) > before && this.host.isConnected(peer)) this.writers.claim(own.client, peer);
    // Last, since it may close the sender, which then gives up whatever it claimed.
    this.capHeldBack(peer, heldBackBytesBefore);
  }

  /**
   * Whether the last transaction changed the document but Yjs never emitted its update (an
   * observer threw): the listener waiting for it is removed, so it cannot take the next one.
   */
  missedUpdate(): boolean {
    if (!this.awaitingUpdate) return false;
    this.awaitingUpdate = false;
    this.doc.off('update', this.captureUpdate);
    return true;
  }

  /**
   * The role of the connection that wrote with `client` on this node, or undefined when none did
   * (the server itself, another node's clients): what a write held back and completed by someone
   * else's transaction is judged by (A21).
   */
  writerRole(client: number): Role | undefined {
    return this.roles.get(client);
  }

  /** A connection closed: its client ids are free, and it no longer answers for held-back updates. */
  forget(peer: Peer): void {
    this.writers.forget(peer);
    this.heldBackFrom?.delete(peer);
  }

  /**
   * Whether `client` is written with by someone other than `peer`: the server itself (its
   * readings, the rules' triage), or another connection that owns it by having written with it.
   * Presence is no claim: any connection, a viewer too, may announce any id, and a squatter on a
   * reconnecting editor's id would lock that editor out (Yjs gives a writer a new id only when
   * another writes with its id). The owner is probed, so a dead one (a reconnect) frees it soon,
   * and one known to be gone (its close frame came) at once: the probe has it leave the room,
   * which forgets its ids.
   */
  private writesElsewhere(client: number, peer: Peer): boolean {
    if (client === this.doc.clientID) return true;
    const owner = this.writers.otherOwner(client, peer);
    if (owner === null) return false;
    owner.probe(() => {});
    return this.writers.otherOwner(client, peer) !== null;
  }

  private nestingOf(update: Uint8Array): Nesting {
    try {
      return nestingOf(this.doc, update);
    } catch (error) {
      throw new ProtocolError(`update does not decode: ${(error as Error).message}`);
    }
  }

  private integrate(peer: Peer, update: Uint8Array, frame: Uint8Array | null, selfContained: boolean): void {
    this.heldBackBefore = holdsBackStructs(this.doc);
    this.selfContained = selfContained;
    this.change = 'none';
    this.applying = peer;
    try {
      Y.applyUpdate(this.doc, update, peer);
    } catch (error) {
      this.madeDuring = [];
      // Yjs may have integrated part of it before throwing: the document now holds what nobody
      // should keep, so the room starts over from storage.
      if (this.change !== 'none') {
        console.error(`[rooms] ${this.host.id}: an update failed halfway; the room reloads from storage: ${(error as Error).stack ?? String(error)}`);
        this.host.fail(error, 'an update was refused; reconnect to resync');
      }
      throw new ProtocolError(`update does not apply: ${(error as Error).message}`);
    } finally {
      this.applying = null;
    }
    // Set by onTransaction during the apply, which TypeScript cannot see.
    if ((this.change as ClientChange) === 'as-received') this.host.queue(update, peer, frame);
    if (this.madeDuring.length > 0) for (const made of this.madeDuring.splice(0)) this.host.queue(made, null, null);
  }

  /**
   * H4: a client that sends updates whose predecessors never come would otherwise grow the
   * room's memory without bound. Past the cap, what is held back is dropped (it was never
   * stored or relayed) and the connections that sent it are closed; an honest one resends its
   * edits, with what they depend on, when it reconnects.
   */
  private capHeldBack(peer: Peer, bytesBefore: number): void {
    if (!holdsBackStructs(this.doc)) {
      this.heldBackFrom = null;
      this.heldBackUpdates = 0;
      return;
    }
    const bytes = heldBackBytes(this.doc);
    if (bytes > bytesBefore || !this.heldBackBefore) {
      (this.heldBackFrom ??= new Set()).add(peer);
      this.heldBackUpdates++;
    }
    const { maxBytes, maxUpdates } = this.limits.heldBack;
    if (bytes <= maxBytes && this.heldBackUpdates <= maxUpdates) return;
    dropHeldBack(this.doc);
    const senders = [...(this.heldBackFrom ?? [])];
    this.heldBackFrom = null;
    this.heldBackUpdates = 0;
    for (const sender of senders) {
      this.host.refuse(sender, CloseCode.heldBackLimit, 'held_back_limit', 'too many updates wait for edits this connection never sent; reconnect to resync');
    }
  }

  /**
   * The room's deletions (H3), read for an update over the budget of delete ranges and kept until
   * the document deletes something: a reconnect storm to a document with many deletions reads them
   * once, not once a client. Content that arrives already collected adds deletions without
   * deleting anything; missed here, they count as new, which only errs towards refusing.
   */
  private knownDeletions(): KnownDeletions {
    return (this.roomDeletions ??= deletionsOf(this.doc));
  }

  /**
   * Every transaction that changed the document ends here. A client's keeps the bytes it came
   * in, unless structs are held back or the bytes are not self-contained; anything else is
   * encoded by Yjs. Yjs encodes a transaction's update only while someone listens for 'update',
   * and emits it right after 'afterTransaction' in the same cleanup step: listening just for
   * these keeps Yjs from re-encoding every client update.
   */
  private readonly onTransaction = (transaction: Y.Transaction): void => {
    if (transaction.deleteSet.clients.size > 0) this.roomDeletions = null;
    if (transaction.origin === STORED_ORIGIN || !changedDocument(transaction)) return;
    if (this.applying !== null && transaction.origin === this.applying) {
      if (this.selfContained && !this.heldBackBefore && !holdsBackStructs(this.doc)) {
        this.change = 'as-received';
        return;
      }
      this.change = 'encoded';
    }
    this.awaitingUpdate = true;
    this.doc.on('update', this.captureUpdate);
  };

  private readonly captureUpdate = (update: Uint8Array): void => {
    this.awaitingUpdate = false;
    this.doc.off('update', this.captureUpdate);
    if (this.applying !== null && this.change === 'as-received') this.madeDuring.push(update);
    // Relayed to every connection: one that sent part of it already has that part.
    else this.host.queue(update, null, null);
  };
}

/** Yjs's own test for whether a transaction produced an update (its deletions or new structs). */
function changedDocument(transaction: Y.Transaction): boolean {
  if (transaction.deleteSet.clients.size > 0) return true;
  for (const [client, clock] of transaction.afterState) {
    if (transaction.beforeState.get(client) !== clock) return true;
  }
  return false;
}
