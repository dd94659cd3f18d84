import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const FILE = 'link-key';
const VERSION = 'v1';
/** What a key's id is the HMAC of, under that key: it names the key without giving it away. */
const KEY_ID_LABEL = 'throughline link-key id';

/**
 * Shared role links are meant to be shared again (the share dialog, the admin page), but only a
 * token's hash may be stored (SPEC A1). So a role link's token is also kept sealed: AES-256-GCM
 * with a key that lives in DATA_DIR beside the database, never in it. A copy of the database
 * alone opens nothing; whoever holds the data directory holds the admin token as well. The
 * token's hash is the associated data, so a sealed value only opens in its own row.
 *
 * Personal links and session ids are never sealed: they are shown once.
 *
 * A sealed value is `v1.<iv>.<data>.<tag>.<key id>`. The key id (a truncated HMAC of a fixed label
 * under the key) says which key sealed it, so a node that cannot open a webhook secret can tell a
 * key of its own that differs from one no live node holds (M29). It comes last, and is not
 * authenticated, so that a node of the release before, which reads the first four parts, opens
 * what this release seals during a rolling upgrade; and what that release sealed (no key id) opens
 * here as before. A key id altered in the database (which takes write access to it) can make the
 * nodes that cannot open a secret fail its deliveries as sent with a key nobody holds, though the
 * node holding the real key could send them; it opens nothing and lets nothing go out unsigned.
 */
export class LinkSealer {
  /** Names this sealer's key in what it seals (and, in a cluster, on Redis: M29). */
  readonly keyId: string;

  constructor(private readonly key: Buffer) {
    this.keyId = createHmac('sha256', key).update(KEY_ID_LABEL).digest().subarray(0, 12).toString('base64url');
  }

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
    return [VERSION, iv, sealed, cipher.getAuthTag(), this.keyId].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
  }

  /** The id of the key `sealed` was sealed with, or null when it names none (sealed by the release before). */
  sealedWith(sealed: string): string | null {
    return sealed.split('.')[4] || null;
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
