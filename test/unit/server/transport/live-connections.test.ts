import { describe, expect, it } from 'vitest';
import type { Grant } from '../../../../server/auth/grant';
import { CloseCode } from '../../../../shared/protocol/close-codes';
import { LiveConnections } from '../../../../server/transport/live-connections';
import type { SocketPeer } from '../../../../server/transport/socket-peer';

/** What LiveConnections asks of a connection: to be closed. */
class Connection {
  closedWith: [code: number, reason: string] | null = null;
  close(code: number, reason: string) {
    this.closedWith = [code, reason];
  }
}

const grant = (tokenHash: string, sessionHash: string | null = null, role: Grant['role'] = 'viewer'): Grant => ({ workspace: 'w', role, member: null, roleChangedBy: null, tokenHash, sessionHash });

describe('re-checking live connections after another node changed access (SPEC N9, N12)', () => {
  it('N12 checks each link or session once, closes exactly the connections whose grant ended with the sentence saying why, and moves a session onto its replacement link', async () => {
    const live = new LiveConnections();
    const audience = Array.from({ length: 300 }, () => new Connection());
    const removed = new Connection();
    const demoted = new Connection();
    const [tabA, tabB] = [new Connection(), new Connection()];
    for (const connection of audience) live.add(connection as unknown as SocketPeer, grant('viewer-link'));
    live.add(removed as unknown as SocketPeer, grant('ben-link', null, 'editor'));
    live.add(demoted as unknown as SocketPeer, grant('ana-link', null, 'editor'));
    const tabs = [grant('old-link', 's1', 'facilitator'), grant('old-link', 's1', 'facilitator')];
    live.add(tabA as unknown as SocketPeer, tabs[0]!);
    live.add(tabB as unknown as SocketPeer, tabs[1]!);

    const checked: string[] = [];
    const closed = await live.recheck('w', async (checking) => {
      checked.push(checking.tokenHash);
      if (checking.sessionHash === 's1') checking.tokenHash = 'new-link';
      if (checking.tokenHash === 'ana-link') return { code: CloseCode.roleChanged, reason: 'A facilitator made you a viewer of this review.' };
      return checking.tokenHash === 'ben-link' ? { code: CloseCode.accessEnded, reason: 'Your access to this review was removed.' } : null;
    });
    expect(checked.sort()).toEqual(['ana-link', 'ben-link', 'old-link', 'viewer-link']);
    expect(closed).toBe(2);
    expect(removed.closedWith).toEqual([CloseCode.accessEnded, 'Your access to this review was removed.']);
    // A17: a member whose role changed is closed with the code that lets the client come back.
    expect(demoted.closedWith).toEqual([CloseCode.roleChanged, 'A facilitator made you a viewer of this review.']);
    expect([...audience, tabA, tabB].every((connection) => connection.closedWith === null)).toBe(true);
    expect(tabs.map((tab) => tab.tokenHash)).toEqual(['new-link', 'new-link']);
  });
});
