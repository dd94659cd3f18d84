import type { Role } from '../storage/store';

/**
 * What a room knows of one connection. The transport implements it; rooms never see a socket,
 * and tests can drive a room with an in-memory peer.
 */
export interface Peer {
  readonly role: Role;
  /**
   * The member this connection speaks for, whose presence carries the name the server knows
   * (SPEC A3); absent or null for a guest on a shared role link.
   */
  readonly member?: { readonly id: string; readonly name: string } | null;
  send(message: Uint8Array): void;
  close(code: number, reason: string): void;
  /**
   * Checks soon that the other end still answers: calls `onAlive` if it does, and closes the
   * connection if it does not. One whose other end has already said goodbye leaves its room
   * before this returns.
   */
  probe(onAlive: () => void): void;
}

/** A viewer's sync step 2 and update messages are never applied, stored or relayed (DESIGN §5). */
export const canWrite = (peer: Peer): boolean => peer.role !== 'viewer';
