import { createHash, randomBytes } from 'node:crypto';

/**
 * Tokens are 32 random bytes, base64url. Only their SHA-256 is stored, so a copy of the
 * database does not hand out access; looking a token up by its hash also makes the comparison
 * independent of how much of a forged token matches.
 */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A workspace id: random, URL-safe, short enough to read aloud in a meeting. */
export function newWorkspaceId(): string {
  return randomBytes(12).toString('base64url');
}
