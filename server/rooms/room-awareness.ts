import * as Y from 'yjs';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate, outdatedTimeout, removeAwarenessStates } from 'y-protocols/awareness';
import { readAwarenessUpdate, writeAwarenessUpdate, type AwarenessEntry } from '../protocol/awareness-update';
import { CloseCode } from '../../shared/protocol/close-codes';
import { writeAwareness } from '../protocol/messages';
import type { Limits } from '../config';
import type { RefusalReason } from '../observability/refusals';
import type { Peer } from './peer';
import { PresenceThrottle } from './presence-throttle';
import { STORED_ORIGIN } from './update-intake';
import { truthfulEntry, type TruthfulEntry } from './truthful-presence';
import { MAX_ATTENDEE_NAME, type PresentPerson } from '../../shared/schema/attendance';

type Broadcast = (message: Uint8Array) => void;

/** An audience's presence goes out at most this often (L4): a few frames a second, as a person sees. */
const AUDIENCE_PRESENCE_MS = 250;

/**
 * Presence for one room.
 *
 * A connection speaks for exactly one awareness client id (H5): the first it announces with a
 * fresh entry, one newer than the room holds for that id. Stock providers echo everyone's
 * presence back with the clock they received it at; echoes are never fresh, so they are dropped
 * without a word and bind nothing. A fresh entry for any other id is a foreign claim: dropped and
 * counted, and it never starts a probe, so a connection that has its own id cannot take someone
 * else's, whether that person is here, half-gone, or between two connections.
 *
 * A client that reconnects after a network change comes back on a new connection with its old
 * id, while the server may still hold its old, half-open one. So a new connection whose id is
 * held by another makes the room probe the holder: if it still answers, the claim is dropped
 * (and counted as foreign); if not, it is closed and the claimant takes the id over at once.
 * Holders of the same role link are indistinguishable to the server, so a brand-new connection
 * whose first word is someone's id is taken for that person reconnecting: it gets the id if
 * nobody holds it or its holder fails the probe, but it never dislodges a live holder.
 *
 * Every state a connection sends has its `user` field rewritten to who the server let in (A3).
 *
 * States are bounded in size and each connection in rate (H6): an oversized state closes its
 * sender (4004) before any of it is kept, and a connection flooding far over the rate is closed
 * (4005).
 *
 * In an audience (L4) changes are gathered and sent together a few times a second: one
 * person's cursor costs each follower at most that many frames, whoever moves.
 *
 * A state nobody has renewed for y-protocols' 30 s is dropped, as y-protocols does, but checked
 * for only while the room holds any state: a room where nobody has a presence keeps no timer (Q2).
 */
export class RoomAwareness {
  private readonly awareness: Awareness;
  /** The one id each connection speaks for, whether or not it holds it yet. */
  private readonly ids = new Map<Peer, number>();
  /** Which connection holds each id: only its entries for that id reach anyone. */
  private readonly holders = new Map<number, Peer>();
  /** The newest entry of a connection claiming an id that another holds, kept while the holder is probed. */
  private readonly claims = new Map<number, { peer: Peer; truthful: TruthfulEntry }>();
  /** Who each of this node's connections is present as, once its state names someone (M21). */
  private readonly people = new Map<Peer, PresentPerson>();
  /** Closed for their presence: until their socket is gone, whatever they still send is ignored. */
  private refusedPeers: WeakSet<Peer> | null = null;
  private readonly throttle: PresenceThrottle;
  /** Clients whose presence changed since the last message, while an audience's is gathered; made on first use. */
  private changed: Set<number> | null = null;
  private timer: NodeJS.Timeout | null = null;
  /** Clients whose presence this node's connections changed this turn, for the other nodes. */
  private unpublished: Set<number> | null = null;
  private destroyed = false;
  /** Every state as one message for newcomers, until what it says goes out changed (L2). */
  private snapshotMessage: Uint8Array | null = null;
  /** Looks for states nobody renewed; set only while there are states. */
  private expiry: NodeJS.Timeout | null = null;

  constructor(
    doc: Y.Doc,
    private readonly broadcastAll: Broadcast,
    private readonly options: {
      limits: Limits['presence'];
      refused: (reason: RefusalReason) => void;
      /** Whether the room is an audience now (L4). */
      isAudience: () => boolean;
      /**
       * Where this node's connections' presence goes for the other nodes (N6), one awareness
       * update per turn of the event loop; null with no other nodes.
       */
      published: ((update: Uint8Array) => void) | null;
      /** A connection of this node is present under a name for the first time (M21). */
      peopleChanged: (person: PresentPerson) => void;
    },
  ) {
    this.awareness = new Awareness(doc);
    // y-protocols checks every 3 s whether present or not; the room does it itself, while needed.
    clearInterval(this.awareness._checkInterval);
    // The server is not a participant; it must not announce a presence of its own.
    this.awareness.setLocalState(null);
    // Sent to everyone, the sender too: the stock provider reconnects after 30 s without a
    // message, and the echo of its own 15-second heartbeat is what keeps a lone client connected.
    this.awareness.on('update', ({ added, updated, removed }: AwarenessChanges, origin: unknown) => {
      const ids = [...added, ...updated, ...removed];
      // Presence another node sent is that node's to publish; this node publishes what its own
      // connections said, gathered over the turn (other nodes batch for their own audiences).
      if (ids.length > 0 && origin !== STORED_ORIGIN) this.publishLater(ids);
      const changed = (this.changed ??= new Set());
      for (const id of ids) changed.add(id);
      if (changed.size > 0 && !this.timer) {
        if (this.options.isAudience()) this.timer = setTimeout(() => this.send(), AUDIENCE_PRESENCE_MS);
        else this.send();
      }
      this.watchExpiry();
    });
    this.throttle = new PresenceThrottle(options.limits, (peer, entry) => this.deliver(peer, entry));
  }

  /** Takes what `peer` may say from an awareness update; throws ProtocolError for a malformed one. */
  receive(peer: Peer, update: Uint8Array): void {
    if (this.refusedPeers?.has(peer)) return;
    // Echoes, the bulk of a busy room's presence traffic, are only ever what the room sent out.
    const fresh = readAwarenessUpdate(update, this.isFresh);
    if (fresh.length === 0) return;
    const { maxStateBytes } = this.options.limits;
    if (fresh.some((entry) => isTooLarge(entry.state, maxStateBytes))) {
      this.refuse(peer, 'presence_too_large', CloseCode.presenceTooLarge, `a presence state may take at most ${maxStateBytes} bytes`);
      return;
    }
    const id = this.idOf(peer, fresh);
    const own = newest(fresh.filter((entry) => entry.clientId === id));
    if (fresh.some((entry) => entry.clientId !== id)) this.options.refused('presence_foreign_id');
    switch (this.throttle.admit(peer, own)) {
      case 'now':
        if (own) this.deliver(peer, own);
        break;
      case 'later':
        this.options.refused('presence_rate');
        break;
      case 'flood':
        this.refuse(peer, 'presence_rate', CloseCode.presenceRate, 'presence messages far faster than anyone moves');
        break;
    }
  }

  /**
   * Presence another node accepted from its own connections (N6): already checked there, so it
   * is kept as it is, with STORED_ORIGIN so that it is not sent back.
   */
  applyRemote(update: Uint8Array): void {
    applyAwarenessUpdate(this.awareness, update, STORED_ORIGIN);
  }

  /** Every known state, as one message for a newcomer; null when nobody has a presence. */
  snapshot(): Uint8Array | null {
    if (this.awareness.getStates().size === 0) return null;
    if (this.snapshotMessage === null) {
      const states = this.allStates()!;
      // Kept while changes wait: the message that sends them reaches this newcomer too.
      this.snapshotMessage = writeAwareness(states);
    }
    return this.snapshotMessage;
  }

  /** Who this node's connections are present as, one per connection that named someone (M21). */
  presentPeople(): IterableIterator<PresentPerson> {
    return this.people.values();
  }

  /** Every known state as one awareness update; null when nobody has a presence. */
  allStates(): Uint8Array | null {
    const clients = [...this.awareness.getStates().keys()];
    return clients.length === 0 ? null : encodeAwarenessUpdate(this.awareness, clients);
  }

  /** Clears what a closed connection held, so everyone sees that person leave at once. */
  forget(peer: Peer): void {
    this.throttle.forget(peer);
    this.people.delete(peer);
    const id = this.ids.get(peer);
    this.ids.delete(peer);
    if (id === undefined) return;
    if (this.claims.get(id)?.peer === peer) this.claims.delete(id);
    if (this.holders.get(id) !== peer) return;
    this.holders.delete(id);
    const claim = this.claims.get(id);
    if (!claim) {
      removeAwarenessStates(this.awareness, [id], null);
      return;
    }
    this.claims.delete(id);
    this.holders.set(id, claim.peer);
    this.apply(claim.peer, claim.truthful);
  }

  destroy(): void {
    this.destroyed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.throttle.destroy();
    this.awareness.destroy();
    if (this.expiry) clearInterval(this.expiry);
    this.expiry = null;
  }

  /** Everyone whose presence changed in this turn goes to the other nodes in one message, as the turn ends. */
  private publishLater(ids: readonly number[]): void {
    const published = this.options.published;
    if (published === null) return;
    if (this.unpublished === null) {
      this.unpublished = new Set();
      setImmediate(() => {
        const changed = [...this.unpublished!];
        this.unpublished = null;
        if (!this.destroyed) published(encodeAwarenessUpdate(this.awareness, changed));
      });
    }
    for (const id of ids) this.unpublished.add(id);
  }

  /** Checks for outdated states at y-protocols' pace while any are held; not at all otherwise. */
  private watchExpiry(): void {
    const present = this.awareness.states.size > 0;
    if (present && !this.expiry) {
      this.expiry = setInterval(() => this.expireOutdated(), outdatedTimeout / 10);
      this.expiry.unref();
    } else if (!present && this.expiry) {
      clearInterval(this.expiry);
      this.expiry = null;
    }
  }

  private expireOutdated(): void {
    const now = Date.now();
    const outdated: number[] = [];
    this.awareness.meta.forEach((meta, id) => {
      if (now - meta.lastUpdated >= outdatedTimeout && this.awareness.states.has(id)) outdated.push(id);
    });
    if (outdated.length > 0) removeAwarenessStates(this.awareness, outdated, 'timeout');
  }

  /** Sends every change gathered so far as one message, to everyone (the senders too). */
  private send(): void {
    this.timer = null;
    const changed = [...(this.changed ?? [])];
    this.changed?.clear();
    this.snapshotMessage = null;
    this.broadcastAll(writeAwareness(encodeAwarenessUpdate(this.awareness, changed)));
  }

  /**
   * Whether an entry would change what the room holds, by y-protocols' own rule; told from its id,
   * clock and raw state, so an echo's state is never decoded (L5).
   */
  private readonly isFresh = (clientId: number, clock: number, state: Uint8Array): boolean => {
    const known = this.awareness.meta.get(clientId)?.clock ?? -1;
    return clock > known || (clock === known && isNullState(state) && this.awareness.states.has(clientId));
  };

  /** The connection's id; the first fresh state it sends chooses it, and nothing changes it after. */
  private idOf(peer: Peer, fresh: AwarenessEntry[]): number | undefined {
    let id = this.ids.get(peer);
    if (id === undefined) {
      id = fresh.find((entry) => entry.state !== 'null')?.clientId;
      if (id !== undefined) this.ids.set(peer, id);
    }
    return id;
  }

  /** Sends on an entry for the connection's own id, or claims that id from its holder. */
  private deliver(peer: Peer, sent: AwarenessEntry): void {
    // A3: kept, relayed and shown to newcomers as the server knows the person, never as claimed.
    const truthful = truthfulEntry(peer, sent);
    const { clientId } = truthful.entry;
    const holder = this.holders.get(clientId);
    if (holder === undefined) this.holders.set(clientId, peer);
    else if (holder !== peer) {
      this.holdClaim(holder, peer, truthful);
      return;
    }
    this.apply(peer, truthful);
  }

  private holdClaim(holder: Peer, claimant: Peer, truthful: TruthfulEntry): void {
    const { clientId } = truthful.entry;
    const probing = this.claims.has(clientId);
    // Before the probe: a holder known to be gone leaves within it, and `forget` hands its id to this claim.
    this.claims.set(clientId, { peer: claimant, truthful });
    if (probing) return;
    holder.probe(() => {
      // The holder answered: it is alive, and the claim on its id was not its own client's.
      if (this.holders.get(clientId) === holder && this.claims.delete(clientId)) this.options.refused('presence_foreign_id');
    });
  }

  private apply(peer: Peer, { entry, name }: TruthfulEntry): void {
    applyAwarenessUpdate(this.awareness, writeAwarenessUpdate([entry]), null);
    this.present(peer, name);
  }

  /**
   * Keeps who `peer` is present as (a state that names nobody leaves them as they were). Only a
   * connection's first name is announced: one that renames itself over and over is one person,
   * not a new attendee each time, and must not make the register grow with every keystroke.
   */
  private present(peer: Peer, name: string | null): void {
    if (name === null) return;
    const kept = name.slice(0, MAX_ATTENDEE_NAME).trim();
    const known = this.people.get(peer);
    // Most states a connection sends (a cursor, a selection) keep its name: nothing to make then.
    if (known?.name === kept) return;
    const person = { name: kept, role: peer.role, guest: !peer.member };
    this.people.set(peer, person);
    if (known === undefined) this.options.peopleChanged(person);
  }

  private refuse(peer: Peer, reason: RefusalReason, code: number, sentence: string): void {
    this.options.refused(reason);
    (this.refusedPeers ??= new WeakSet()).add(peer);
    this.forget(peer);
    peer.close(code, sentence);
  }
}

/**
 * Measured both as sent and as relayed and kept for newcomers: y-protocols re-encodes what it
 * parsed, which can be longer than what was sent (`1e20` becomes twenty-one digits).
 */
function isTooLarge(state: string, maxBytes: number): boolean {
  return Buffer.byteLength(state) > maxBytes || Buffer.byteLength(JSON.stringify(JSON.parse(state))) > maxBytes;
}

/** Whether a state's bytes are the JSON `null` that says its client is gone. */
const isNullState = (state: Uint8Array): boolean =>
  state.length === 4 && state[0] === 0x6e && state[1] === 0x75 && state[2] === 0x6c && state[3] === 0x6c;

/** The entry that wins among several for one id: the highest clock, the last of equals. */
function newest(entries: AwarenessEntry[]): AwarenessEntry | undefined {
  return entries.reduce<AwarenessEntry | undefined>((best, entry) => (best && best.clock > entry.clock ? best : entry), undefined);
}

interface AwarenessChanges {
  added: number[];
  updated: number[];
  removed: number[];
}
