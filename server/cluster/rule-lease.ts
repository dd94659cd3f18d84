import type { Redis } from 'ioredis';

/** How long a lease lasts unrenewed: a killed node's workspaces move on within about this. */
export const LEASE_MS = 6_000;

/** Renews only if this node still holds it (the value is the node's id); answers 1 when it did. */
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
/** Gives it up only if this node holds it. */
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

const key = (workspace: string) => `throughline:lease:${workspace}`;

/**
 * One node at a time runs a workspace's rules and keeps its record (SPEC N8): the one holding its
 * lease, a Redis key with the node's id that expires unless renewed. A node takes a free lease
 * for every room it holds and renews its own; when the holder dies or unloads the room, another
 * node holding it takes over within a renewal.
 */
export class RuleLeases {
  constructor(
    private readonly redis: Redis,
    private readonly node: string,
  ) {}

  /** Takes the lease if it is free or already this node's; answers whether this node holds it now. */
  async hold(workspace: string): Promise<boolean> {
    const renewed = (await this.redis.eval(RENEW, 1, key(workspace), this.node, String(LEASE_MS))) as number;
    if (renewed === 1) return true;
    return (await this.redis.set(key(workspace), this.node, 'PX', LEASE_MS, 'NX')) === 'OK';
  }

  async release(workspace: string): Promise<void> {
    await this.redis.eval(RELEASE, 1, key(workspace), this.node);
  }
}
