/**
 * Whether a live node holds a given link key (A1's key id), asked about a webhook secret this node
 * cannot open (M29). With PostgreSQL and Redis each node keeps its own copy of the key file, so a
 * node whose copy differs leaves a delivery to a node that holds the sealing key, and fails it
 * only when none does: otherwise it would wait, unsent and unreported, for ever. `server/cluster`
 * answers over Redis; a server with no cluster (SQLite, or PostgreSQL without REDIS_URL) is the
 * only sender there is, and asks nobody.
 */
export interface KeyHolders {
  /** Rejects when it cannot be told now (Redis unreachable): the delivery is then left for a later try. */
  keyHeld(keyId: string): Promise<boolean>;
}
