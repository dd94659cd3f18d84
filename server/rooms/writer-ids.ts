import type { Peer } from './peer';

/**
 * Which live connection writes with which Yjs client id (H12). Two documents writing with one
 * client id produce different structs at the same clocks, and Yjs keeps whichever arrived first:
 * the other's edits are silently lost and the two never converge. The first connection to make
 * a live edit with an id (a sync update of that id's new structs) owns it until it closes;
 * another connection that sends new structs for it is told, by being closed, instead.
 *
 * A client that reconnects after a network change writes with its id again while the server
 * may still hold its old, half-open connection: the owner is probed, and if it no longer
 * answers it is closed, so the reconnecting client's next attempt finds the id free.
 */
export class WriterIds {
  /** Created with the first writer: most rooms of a large server are read, not written. */
  private owners: Map<number, Peer> | null = null;

  /** The connection that owns `client`, when it is not `peer`. */
  otherOwner(client: number, peer: Peer): Peer | null {
    const owner = this.owners?.get(client);
    return owner !== undefined && owner !== peer ? owner : null;
  }

  claim(client: number, peer: Peer): void {
    this.owners ??= new Map();
    if (!this.owners.has(client)) this.owners.set(client, peer);
  }

  /** A room holds a writer or two per person present: a scan is cheaper than a reverse index. */
  forget(peer: Peer): void {
    if (!this.owners) return;
    for (const [client, owner] of this.owners) if (owner === peer) this.owners.delete(client);
  }
}
