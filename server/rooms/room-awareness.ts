import * as Y from 'yjs';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import { readAwarenessUpdate, writeAwarenessUpdate } from '../protocol/awareness-update';
import { writeAwareness } from '../protocol/messages';
import type { Peer } from './peer';

type Broadcast = (message: Uint8Array) => void;

/**
 * Presence for one room. A connection may set or clear only the awareness client ids it
 * introduced: the first connection to speak for an id owns it until it closes, and entries for
 * ids owned by another connection are dropped before they reach anyone.
 */
export class RoomAwareness {
  private readonly awareness: Awareness;
  private readonly owners = new Map<number, Peer>();
  private readonly owned = new Map<Peer, Set<number>>();

  constructor(doc: Y.Doc, broadcast: Broadcast) {
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
      if (owner && owner !== peer) return false;
      if (!owner) this.claim(peer, entry.clientId);
      return true;
    });
    if (entries.length === 0) return;
    applyAwarenessUpdate(this.awareness, writeAwarenessUpdate(entries), peer);
  }

  /** Every known state, as one message for a newcomer; null when nobody has a presence. */
  snapshot(): Uint8Array | null {
    const clients = [...this.awareness.getStates().keys()];
    return clients.length === 0 ? null : writeAwareness(encodeAwarenessUpdate(this.awareness, clients));
  }

  /** Clears what a closed connection owned, so everyone sees that person leave at once. */
  forget(peer: Peer): void {
    const ids = this.owned.get(peer);
    this.owned.delete(peer);
    if (!ids) return;
    for (const id of ids) this.owners.delete(id);
    removeAwarenessStates(this.awareness, [...ids], null);
  }

  destroy(): void {
    this.awareness.destroy();
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
