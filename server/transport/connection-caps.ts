import type { Socket } from 'node:net';
import type { HttpBindings } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import type { Limits } from '../config';
import { LimitRefusal } from '../errors';

type Counts = Map<string, number>;

function add(counts: Counts, key: string, delta: 1 | -1): void {
  const count = (counts.get(key) ?? 0) + delta;
  if (count === 0) counts.delete(key);
  else counts.set(key, count);
}

/**
 * Open WebSocket connections per workspace and per remote address (H7). A slot is taken before
 * the upgrade, so a burst of handshakes cannot overshoot the cap, and is held by the TCP
 * connection itself: given back when that closes, however it closes, whether or not the upgrade
 * ever completed.
 */
export class ConnectionCaps {
  private readonly perWorkspace: Counts = new Map();
  private readonly perAddress: Counts = new Map();

  constructor(private readonly limits: Pick<Limits, 'connectionsPerWorkspace' | 'connectionsPerAddress'>) {}

  /** Takes a slot for the connection `c` arrived on, or refuses it: 429 for its address, 503 for the workspace. */
  admit(c: Context, workspace: string): void {
    // Behind a proxy every client has the proxy's address (README, "Running it").
    const address = getConnInfo(c).remote.address ?? '';
    const { connectionsPerAddress, connectionsPerWorkspace } = this.limits;
    if ((this.perAddress.get(address) ?? 0) >= connectionsPerAddress) {
      throw new LimitRefusal(
        429,
        'connections_per_address',
        `Your address already has ${connectionsPerAddress} connections open to this server, the most one address may have. Close some Throughline tabs and try again; if many people share this address (an office network or a proxy), ask the operator to raise THROUGHLINE_MAX_CONNECTIONS_PER_ADDRESS.`,
      );
    }
    if ((this.perWorkspace.get(workspace) ?? 0) >= connectionsPerWorkspace) {
      throw new LimitRefusal(
        503,
        'connections_per_workspace',
        `This workspace already has ${connectionsPerWorkspace} connections open, the most one workspace may have. Try again when someone has left, or ask the operator to raise THROUGHLINE_MAX_CONNECTIONS_PER_WORKSPACE.`,
      );
    }
    this.take(address, workspace, (c.env as HttpBindings).incoming.socket);
  }

  /** Whether a connection from `address` to `workspace` fits under both caps. */
  fits(address: string, workspace: string): boolean {
    const { connectionsPerAddress, connectionsPerWorkspace } = this.limits;
    return (this.perAddress.get(address) ?? 0) < connectionsPerAddress && (this.perWorkspace.get(workspace) ?? 0) < connectionsPerWorkspace;
  }

  /** Takes a slot that `fits` said is free, held by `socket` until it closes. */
  take(address: string, workspace: string, socket: Pick<Socket, 'destroyed' | 'once'>): void {
    add(this.perAddress, address, 1);
    add(this.perWorkspace, workspace, 1);
    const release = () => {
      add(this.perAddress, address, -1);
      add(this.perWorkspace, workspace, -1);
    };
    // A client gone during the checks has closed already, and 'close' will not come again.
    if (socket.destroyed) release();
    else socket.once('close', release);
  }
}
