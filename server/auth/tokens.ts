import { hash, randomBytes } from 'node:crypto';

/**
 * Tokens (link tokens and session ids) are 32 random bytes, base64url. Only their SHA-256 is
 * stored, so a copy of the database does not hand out access; looking a token up by its hash also
 * makes the comparison independent of how much of a forged token matches (SPEC A1).
 */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  // One-shot: no Hash object per check, which a review of 1,000 joining at once makes 2,000 of (L1).
  return hash('sha256', token, 'hex');
}

/**
 * Compares two hashes in constant time, for the one credential compared rather than looked up
 * (the admin token's). Hashes have a fixed length, so only their content could leak timing.
 *
 * @example sameHash(hashToken(presented), adminHash)
 */
export function sameHash(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  // Every character is compared whatever the others hold, without decoding both into buffers
  // for timingSafeEqual: every join compares its token's hash here (L1).
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}

/** A workspace id: random, URL-safe, short enough to read aloud in a meeting. */
export function newWorkspaceId(): string {
  return randomBytes(12).toString('base64url');
}

/** A member id: random and URL-safe, shown in the API and kept in the document (owners). */
export function newMemberId(): string {
  return `m_${randomBytes(9).toString('base64url')}`;
}

/** A snapshot id: random and URL-safe. */
export function newSnapshotId(): string {
  return `s_${randomBytes(9).toString('base64url')}`;
}
