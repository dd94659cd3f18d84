import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { LinkSealer } from '../../../../server/auth/link-sealer';
import { hashToken, newToken, sameHash } from '../../../../server/auth/tokens';

describe('sealed role links (SPEC A1)', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  const dataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'throughline-sealer-'));
    dirs.push(dir);
    return dir;
  };

  it('[A1] opens what it sealed, keeps its key in the data directory for the owner only, and the key survives a restart', () => {
    const dir = dataDir();
    const token = newToken();
    const sealed = LinkSealer.fromDataDir(dir).seal(token, hashToken(token));
    expect(sealed).not.toContain(token);
    expect(statSync(join(dir, 'link-key')).mode & 0o777).toBe(0o600);
    expect(LinkSealer.fromDataDir(dir).open(sealed, hashToken(token))).toBe(token);
    expect(readFileSync(join(dir, 'link-key'), 'utf8')).not.toContain(token);
  });

  it('[A1] opens nothing with another key, in another row, or altered', () => {
    const sealer = new LinkSealer(randomBytes(32));
    const token = newToken();
    const sealed = sealer.seal(token, hashToken(token));
    expect(new LinkSealer(randomBytes(32)).open(sealed, hashToken(token))).toBeNull();
    expect(sealer.open(sealed, hashToken(newToken()))).toBeNull();
    const parts = sealed.split('.');
    parts[2] = Buffer.from('x'.repeat(43)).toString('base64url');
    expect(sealer.open(parts.join('.'), hashToken(token))).toBeNull();
    expect(sealer.open('garbage', hashToken(token))).toBeNull();
  });

  /**
   * Recorded from the sealer as the release before (7a0e54c) wrote it, with this key: a role
   * link's token sealed under its hash, and a webhook secret under its row's associated data.
   */
  const previousRelease = {
    key: Buffer.from('dGhyb3VnaGxpbmUtN2EwZTU0Yy1maXh0dXJlLWtleSE', 'base64url'),
    token: 'role-link-token-sealed-by-7a0e54c',
    sealedToken: 'v1.K96DHyxUXIBzH-zl.5_0bsDMZHBxQVeswZ2tqNwqQkNoQ5ZKnALLAsKQL6MM0.HE8tr8H61G_Vwr_1-Uzd0w',
    secret: 'a-webhook-secret-sealed-by-7a0e54c',
    sealedSecret: 'v1.D6uDw-YnzLm-t8R_.J_2_j0liGlnVfINl6sgtGnySxQg1rRVO2a7d7EZ3FMUy4A.Fws2iIi37QMl7-XYeX39Ig',
  };

  it('[A1][M29] opens what the release before sealed, which names no key', () => {
    const sealer = new LinkSealer(previousRelease.key);
    expect(sealer.open(previousRelease.sealedToken, hashToken(previousRelease.token))).toBe(previousRelease.token);
    expect(sealer.open(previousRelease.sealedSecret, 'webhook-secret:w')).toBe(previousRelease.secret);
    expect(sealer.sealedWith(previousRelease.sealedToken)).toBeNull();
    expect(sealer.sealedWith(previousRelease.sealedSecret)).toBeNull();
  });

  it('[M29] names the key it sealed with: an id of that key alone, another key\'s differs, and neither the key nor its hash shows in it', () => {
    const key = randomBytes(32);
    const sealer = new LinkSealer(key);
    const sealed = sealer.seal('a-webhook-secret-of-some-length', 'webhook-secret:w');
    expect(sealer.sealedWith(sealed)).toBe(sealer.keyId);
    expect(new LinkSealer(Buffer.from(key)).keyId).toBe(sealer.keyId);
    const other = new LinkSealer(randomBytes(32));
    expect(other.keyId).not.toBe(sealer.keyId);
    expect(other.sealedWith(sealed)).toBe(sealer.keyId);
    for (const encoding of ['hex', 'base64', 'base64url'] as const) {
      for (const secretish of [key, createHash('sha256').update(key).digest()]) {
        expect(sealed).not.toContain(secretish.toString(encoding).slice(0, 12));
        expect(secretish.toString(encoding)).not.toContain(sealer.keyId);
      }
    }
  });

  /** The release before's `open` (7a0e54c, server/auth/link-sealer.ts), as it reads a sealed value. */
  function openAsThePreviousRelease(key: Buffer, sealed: string, aad: string): string | null {
    const [version, iv, data, tag] = sealed.split('.');
    if (version !== 'v1' || !iv || !data || !tag) return null;
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(aad));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      return null;
    }
  }

  it('[A1][M29] what this release seals opens on a node of the release before (a rolling upgrade)', () => {
    const key = randomBytes(32);
    const token = newToken();
    const sealed = new LinkSealer(key).seal(token, hashToken(token));
    expect(openAsThePreviousRelease(key, sealed, hashToken(token))).toBe(token);
  });

  it('[A1] compares hashes in constant time, and only equal ones are the same', () => {
    const hash = hashToken('a');
    expect(sameHash(hash, hashToken('a'))).toBe(true);
    expect(sameHash(hash, hashToken('b'))).toBe(false);
    expect(sameHash(hash, 'abcd')).toBe(false);
  });
});
