import type { Room } from './room';

/**
 * What the rooms ask of the other nodes serving the same workspaces (DESIGN §6 scale-out,
 * SPEC N5–N9). A node alone has none; `server/cluster` implements it over Redis and the database.
 */
export interface RoomCluster {
  /** The room is loaded here: hear what other nodes store and show for it. */
  opened(room: Room): void;
  /** The room is gone from here. */
  closed(room: Room): void;
  /** This node stored a batch and relayed it to its own connections: tell the others (N5). */
  stored(room: Room, updates: readonly Uint8Array[], lastSeq: number): void;
  /** Presence changed on one of this node's connections (N6). */
  presence(room: Room, update: Uint8Array): void;
  /** The room's document skipped sequence numbers: read them from the database unless they come soon (N7). */
  behind(room: Room): void;
  /** Whether this node runs the workspace's rules and keeps its record now (N8). */
  leads(workspace: string): boolean;
  /** Calls `tookLead` with a workspace whose rules this node has just taken over (N8). */
  onLead(tookLead: (workspace: string) => void): void;
}
