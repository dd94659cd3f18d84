import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const FILE = 'link-key';
const VERSION = 'v1';

/**
 * Shared role links are meant to be shared again (the share dialog, the admin page), but only a
 * token's hash may be stored (SPEC A1). So a role link's token is also kept sealed: AES-256-GCM
 * with a key that lives in DATA_DIR beside the database, never in it. A copy of the database
 * alone opens nothing; whoever holds the data directory holds the admin token as well. The
 * token's hash is the associated data, so a sealed value only opens in its own row.
 *
 * Personal links and session ids are never sealed: they are shown once.
 */
export class LinkSealer {
  constructor(private readonly key: Buffer) {}

  /** The key kept in `dataDir` (readable by the owner only), made on first start. */
  static fromDataDir(dataDir: string): LinkSealer {
    const file = join(dataDir, FILE);
    if (existsSync(file)) {
      const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64url');
      if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte key; remove it to have a new one made (role links then need rotating to be shown again).`);
      return new LinkSealer(key);
    }
    const key = randomBytes(32);
    writeFileSync(file, `${key.toString('base64url')}\n`, { mode: 0o600 });
    return new LinkSealer(key);
  }

  /** @example sealer.open(sealer.seal(token, hashToken(token)), hashToken(token)) === token */
  seal(token: string, tokenHash: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(tokenHash));
    const sealed = Buffer.concat([cipher.update(token, 'utf8'), cipher.final()]);
    return [VERSION, iv, sealed, cipher.getAuthTag()].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
  }

  /** The token, or null when it was sealed with another key (a replaced key file) or altered. */
  open(sealed: string, tokenHash: string): string | null {
    const [version, iv, data, tag] = sealed.split('.');
    if (version !== VERSION || !iv || !data || !tag) return null;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(tokenHash));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      return null;
    }
  }
}
