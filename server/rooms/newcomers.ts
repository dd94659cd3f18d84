import * as Y from 'yjs';
import type { RefusalReason } from '../observability/refusals';
import { CloseCode } from '../../shared/protocol/close-codes';
import { writeSyncStep1, writeSyncStep2 } from '../protocol/messages';
import { encodeIntegrated } from './held-back';
import type { Peer } from './peer';

/**
 * A document whose whole state is at most this large goes to each newcomer as it joins, before it
 * asks (L7): the newcomer is in sync one round trip sooner, as y-redis does for every document.
 * A larger one waits for the newcomer's state vector, so a returning client whose browser keeps a
 * copy downloads only what it lacks; this is the most such a client downloads twice.
 */
const SEND_ON_JOIN_BYTES = 128 * 1024;

/** A client that has nothing yet: its state vector lists no clients. */
export const isEmptyStateVector = (stateVector: Uint8Array): boolean => stateVector.length === 1 && stateVector[0] === 0;

/** What the sync handshake needs of its room. */
export interface NewcomersHost {
  /** False while the room serves its stored bytes without having built the document (S8). */
  readonly isBuilt: boolean;
  isConnected(peer: Peer): boolean;
  /** Runs `run` once everything the document holds is stored (S2). */
  whenDurable(run: () => void): void;
  refuse(peer: Peer, code: number, reason: RefusalReason, sentence: string): void;
}

/**
 * The sync handshake of a room's connections: what each newcomer is sent and what it is asked.
 *
 * The room's sync step 1 and its whole state (the sync step 2 answering an empty state vector)
 * are encoded once per change of the document, and the same buffer goes to every newcomer (L1).
 * A small whole state goes to a newcomer as it joins (L7). A connection is asked for what it has
 * when it first speaks, unless that first word says it has nothing (L1); one that speaks before
 * the document is built is asked once it is (Q4).
 */
export class Newcomers {
  /** Connections that have sent nothing yet. */
  private readonly unheard = new Set<Peer>();
  /**
   * Connections whose first word came before the document was built and was not that they have
   * nothing (presence, usually). Made on first use.
   */
  private askWhenBuilt: Set<Peer> | null = null;
  /**
   * Connections sent the whole state as they joined (L7) whose sync step 1 has not come yet: it
   * needs no answer, since everything after that state is relayed to them.
   */
  private readonly sentWhole = new Set<Peer>();
  /**
   * The size of the whole state when last known (stored or encoded): a newcomer is sent it on
   * joining while this is small, without encoding a large document only to find out.
   */
  private wholeBytes = 0;
  /** `encodeStateAsUpdate(doc)` (or the stored bytes that are the whole document), until the next change. */
  private state: Uint8Array | null = null;
  private stateMessage: Uint8Array | null = null;
  private stateVectorMessage: Uint8Array | null = null;

  constructor(
    private readonly doc: Y.Doc,
    private readonly host: NewcomersHost,
  ) {}

  /** Stored bytes that hold the whole document as it is (a compacted state with no log after it). */
  stateIs(state: Uint8Array | null): void {
    this.state = state;
    this.stateMessage = null;
    if (state !== null) this.wholeBytes = state.length;
  }

  /** About how large the whole state is, before it was ever encoded (a load's stored bytes). */
  expectBytes(bytes: number): void {
    this.wholeBytes = bytes;
  }

  /** The stored bytes that are the whole document; what a room not yet built is built from. */
  get wholeState(): Uint8Array | null {
    return this.state;
  }

  /** The document changed: nothing encoded of it before holds any more. */
  changed(): void {
    this.stateIs(null);
    this.stateVectorMessage = null;
  }

  joined(peer: Peer): void {
    this.unheard.add(peer);
    if (this.wholeBytes <= SEND_ON_JOIN_BYTES) this.sendWholeOnJoin(peer);
  }

  left(peer: Peer): void {
    this.unheard.delete(peer);
    this.sentWhole.delete(peer);
    this.askWhenBuilt?.delete(peer);
  }

  /** Whether this is the first word of `peer`; it is one no longer. */
  firstWord(peer: Peer): boolean {
    return this.unheard.delete(peer);
  }

  /**
   * Whether a sync step 1 from `peer` was answered before it came, by the whole state it was sent
   * as it joined (L7); the next one is answered as usual.
   */
  answeredAlready(peer: Peer): boolean {
    return this.sentWhole.delete(peer);
  }

  /** Asks `peer` for what it has: now if the document is built, else once it is (Q4). */
  ask(peer: Peer): void {
    if (this.host.isBuilt) peer.send(this.stateVectorFrame());
    else (this.askWhenBuilt ??= new Set()).add(peer);
  }

  /** The document is built: asks those who spoke before, and said more than that they have nothing. */
  built(): void {
    const asked = this.askWhenBuilt;
    this.askWhenBuilt = null;
    if (asked) for (const peer of asked) peer.send(this.stateVectorFrame());
  }

  /** A newcomer asking for everything before the document is built gets the stored bytes, which are all of it. */
  sendStored(peer: Peer): void {
    peer.send(this.wholeStateMessage());
  }

  /** Answers a sync step 1 with what the document holds beyond `stateVector`. */
  answer(peer: Peer, stateVector: Uint8Array): void {
    if (isEmptyStateVector(stateVector)) {
      peer.send(this.wholeStateMessage());
      return;
    }
    let update: Uint8Array;
    try {
      update = encodeIntegrated(this.doc, stateVector);
    } catch {
      this.host.refuse(peer, CloseCode.invalidPayload, 'malformed_frame', 'state vector does not decode');
      return;
    }
    peer.send(writeSyncStep2(update));
  }

  /**
   * Sends a newcomer the whole state as it joins (L7): the stored bytes while the document is not
   * built, else the document once everything it holds is durable (S2). A state that turns out
   * larger than SEND_ON_JOIN_BYTES is not sent unless the newcomer's sync step 1, left
   * unanswered for it, came meanwhile; else that step 1 is answered as usual.
   */
  private sendWholeOnJoin(peer: Peer): void {
    this.sentWhole.add(peer);
    this.host.whenDurable(() => {
      if (!this.host.isConnected(peer)) return;
      const message = this.wholeStateMessage();
      const asked = !this.sentWhole.has(peer);
      if (asked || message.length <= SEND_ON_JOIN_BYTES) peer.send(message);
      else this.sentWhole.delete(peer);
    });
  }

  /** The room's sync step 1, encoded once per change (L1). */
  private stateVectorFrame(): Uint8Array {
    return (this.stateVectorMessage ??= writeSyncStep1(Y.encodeStateVector(this.doc)));
  }

  /** The sync step 2 with the whole document, encoded once per change (L1). */
  private wholeStateMessage(): Uint8Array {
    if (this.stateMessage === null) {
      const state = this.state ?? encodeIntegrated(this.doc);
      this.stateMessage = writeSyncStep2(state);
      this.wholeBytes = state.length;
      // The message holds the state: one copy of it is kept, not two.
      this.state = this.stateMessage.subarray(this.stateMessage.length - state.length);
    }
    return this.stateMessage;
  }
}
