import * as Y from 'yjs';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import { readAwarenessUpdate, writeAwarenessUpdate, type AwarenessEntry } from '../protocol/awareness-update';
import { writeAwareness } from '../protocol/messages';
import type { Limits } from '../config';
import type { RefusalReason } from '../observability/refusals';
import type { Peer } from './peer';

type Broadcast = (message: Uint8Array) => void;

/**
 * Presence for one room. A connection may set or clear only the awareness client ids it
 * introduced: the first connection to speak for an id owns it until it closes, and entries for
 * ids owned by another connection are dropped before they reach anyone.
 *
 * A client that reconnects after a network change speaks for its id while the server may still
 * hold its old, half-open connection. Such a claim (an entry with a newer clock than the room
 * holds) makes the room probe the owner: if it still answers, the claim is dropped; if not, it
 * is closed and the claimant takes the id over at once.
 */
export class RoomAwareness {
  private readonly awareness: Awareness;
  private readonly owners = new Map<number, Peer>();
  private readonly owned = new Map<Peer, Set<number>>();
  /** Entries for owned ids from other connections, held while their owner is probed. */
  private readonly claims = new Map<number, { peer: Peer; entry: AwarenessEntry }>();

  constructor(
    doc: Y.Doc,
    broadcast: Broadcast,
    private readonly options: { limits: Limits['presence']; refused: (reason: RefusalReason) => void },
  ) {
    this.awareness = new Awareness(doc);
    // The server is not a participant; it must not announce a presence of its own.
    this.awareness.setLocalState(null);
    // Sent to everyone, the sender too: the stock provider reconnects after 30 s without a
    // message, and the echo of its own 15-second heartbeat is what keeps a lone client connected.
    this.awareness.on('update', ({ added, updated, removed }: AwarenessChanges) => {
      const changed = [...added, ...updated, ...removed];
      if (changed.length > 0) broadcast(writeAwareness(encodeAwarenessUpdate(this.awareness, changed)));
    });
  }

  /** Applies the entries `peer` may speak for; throws ProtocolError for a malformed update. */
  receive(peer: Peer, update: Uint8Array): void {
    const entries = readAwarenessUpdate(update).filter((entry) => {
      const owner = this.owners.get(entry.clientId);
      if (owner && owner !== peer) {
        // Stock providers echo everyone's presence back with the clock they received; only a
        // newer clock is news from the id's own client, reconnected elsewhere.
        if (entry.clock > (this.awareness.meta.get(entry.clientId)?.clock ?? -1)) this.holdClaim(owner, peer, entry);
        return false;
      }
      if (!owner) this.claim(peer, entry.clientId);
      return true;
    });
    this.apply(entries, peer);
  }

  /** Every known state, as one message for a newcomer; null when nobody has a presence. */
  snapshot(): Uint8Array | null {
    const clients = [...this.awareness.getStates().keys()];
    return clients.length === 0 ? null : writeAwareness(encodeAwarenessUpdate(this.awareness, clients));
  }

  /** Clears what a closed connection owned, so everyone sees that person leave at once. */
  forget(peer: Peer): void {
    for (const [id, claim] of this.claims) if (claim.peer === peer) this.claims.delete(id);
    const ids = this.owned.get(peer);
    this.owned.delete(peer);
    if (!ids) return;
    const gone: number[] = [];
    for (const id of ids) {
      this.owners.delete(id);
      const claim = this.claims.get(id);
      this.claims.delete(id);
      if (!claim) {
        gone.push(id);
        continue;
      }
      this.claim(claim.peer, id);
      this.apply([claim.entry], claim.peer);
    }
    if (gone.length > 0) removeAwarenessStates(this.awareness, gone, null);
  }

  destroy(): void {
    this.awareness.destroy();
  }

  private apply(entries: AwarenessEntry[], peer: Peer): void {
    if (entries.length > 0) applyAwarenessUpdate(this.awareness, writeAwarenessUpdate(entries), peer);
  }

  private holdClaim(owner: Peer, claimant: Peer, entry: AwarenessEntry): void {
    const probing = [...this.claims.values()].some((claim) => this.owners.get(claim.entry.clientId) === owner);
    this.claims.set(entry.clientId, { peer: claimant, entry });
    if (probing) return;
    owner.probe(() => {
      // The owner answered: it is alive, and the claims on its ids were not its own.
      for (const [id, claim] of this.claims) if (this.owners.get(id) === owner) this.claims.delete(id);
    });
  }

  private claim(peer: Peer, clientId: number): void {
    this.owners.set(clientId, peer);
    let ids = this.owned.get(peer);
    if (!ids) this.owned.set(peer, (ids = new Set()));
    ids.add(clientId);
  }
}

interface AwarenessChanges {
  added: number[];
  updated: number[];
  removed: number[];
}
