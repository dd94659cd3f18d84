import type { AccessClose, ConnectionCutter, Grant } from '../auth/grant';
import type { SocketPeer } from './socket-peer';

/**
 * Every open WebSocket with the grant it was let in with, by workspace, so that revoking a
 * member, rotating a link or logging out closes the connections it let in at once (SPEC A4, A5):
 * with 4401 and a sentence saying access ended and whom to ask. Closing goes through the peer,
 * which leaves its room at once (H8); whatever it sent before is already in the room's commit.
 */
export class LiveConnections implements ConnectionCutter {
  private readonly byWorkspace = new Map<string, Map<SocketPeer, Grant>>();

  add(peer: SocketPeer, grant: Grant): void {
    let peers = this.byWorkspace.get(grant.workspace);
    if (!peers) this.byWorkspace.set(grant.workspace, (peers = new Map()));
    peers.set(peer, grant);
  }

  remove(peer: SocketPeer, workspace: string): void {
    const peers = this.byWorkspace.get(workspace);
    if (!peers?.delete(peer)) return;
    if (peers.size === 0) this.byWorkspace.delete(workspace);
  }

  /** The workspaces with a connection open here. */
  workspaces(): string[] {
    return [...this.byWorkspace.keys()];
  }

  cut(workspace: string, match: (grant: Grant) => boolean, { code, reason }: AccessClose): number {
    const matching = [...(this.byWorkspace.get(workspace) ?? [])].filter(([, grant]) => match(grant));
    for (const [peer] of matching) peer.close(code, reason);
    return matching.length;
  }

  /**
   * Closes each connection to `workspace` whose grant `endedBecause` says no longer holds, as it
   * answers: another node changed who may be here (SPEC N9 with A4, A17), and only the
   * database says how. Connections let in by one link, or one session, stand or fall together, so
   * each is checked once: an audience on a shared viewer link costs one read, not one per person.
   * `endedBecause` may move a session's grant onto its link's replacement; every connection of
   * that session follows.
   */
  async recheck(workspace: string, endedBecause: (grant: Grant) => Promise<AccessClose | null>): Promise<number> {
    const groups = new Map<string, { grant: Grant; peers: [SocketPeer, Grant][] }>();
    for (const [peer, grant] of this.byWorkspace.get(workspace) ?? []) {
      const key = `${grant.sessionHash ?? ''}\u0000${grant.tokenHash}\u0000${grant.role}`;
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { grant: { ...grant }, peers: [] }));
      group.peers.push([peer, grant]);
    }
    let closed = 0;
    await Promise.all(
      [...groups.values()].map(async ({ grant, peers }) => {
        const ended = await endedBecause(grant);
        for (const [peer, own] of peers) {
          own.tokenHash = grant.tokenHash;
          if (ended === null) continue;
          peer.close(ended.code, ended.reason);
          closed++;
        }
      }),
    );
    return closed;
  }

  rebind(workspace: string, sessionHash: string, tokenHash: string): void {
    for (const grant of this.byWorkspace.get(workspace)?.values() ?? []) {
      if (grant.sessionHash === sessionHash) grant.tokenHash = tokenHash;
    }
  }
}
