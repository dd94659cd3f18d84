import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
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

  it('[A1] compares hashes in constant time, and only equal ones are the same', () => {
    const hash = hashToken('a');
    expect(sameHash(hash, hashToken('a'))).toBe(true);
    expect(sameHash(hash, hashToken('b'))).toBe(false);
    expect(sameHash(hash, 'abcd')).toBe(false);
  });
});
