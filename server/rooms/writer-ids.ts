import type { Peer } from './peer';

/**
 * Which live connection writes with which Yjs client id (H12). Two documents writing with one
 * client id produce different structs at the same clocks, and Yjs keeps whichever arrived first:
 * the other's edits are silently lost and the two never converge. The first connection whose
 * update advances an id's clock owns that id until it closes; another connection that writes
 * with it is told, by being closed, instead.
 *
 * A client that reconnects after a network change writes with its id again while the server
 * may still hold its old, half-open connection: the owner is probed, and if it no longer
 * answers it is closed, so the reconnecting client's next attempt finds the id free.
 */
export class WriterIds {
  private readonly owners = new Map<number, Peer>();
  private readonly owned = new Map<Peer, number[]>();

  /** The connection that owns `client`, when it is not `peer`. */
  otherOwner(client: number, peer: Peer): Peer | null {
    const owner = this.owners.get(client);
    return owner !== undefined && owner !== peer ? owner : null;
  }

  claim(client: number, peer: Peer): void {
    if (this.owners.has(client)) return;
    this.owners.set(client, peer);
    const ids = this.owned.get(peer);
    if (ids) ids.push(client);
    else this.owned.set(peer, [client]);
  }

  forget(peer: Peer): void {
    for (const id of this.owned.get(peer) ?? []) this.owners.delete(id);
    this.owned.delete(peer);
  }
}
