import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { newToken } from './tokens';

export interface AdminToken {
  token: string;
  /** Where it came from, for the start-up banner. */
  source: 'environment' | 'generated' | 'data directory';
}

const FILE = 'admin-token';

/**
 * The instance admin token: THROUGHLINE_ADMIN_TOKEN when set; otherwise the one generated on
 * first start and kept in DATA_DIR (readable by the owner only), so links survive restarts.
 */
export function resolveAdminToken(dataDir: string, fromEnvironment: string | undefined): AdminToken {
  if (fromEnvironment) return { token: fromEnvironment, source: 'environment' };
  const file = join(dataDir, FILE);
  if (existsSync(file)) return { token: readFileSync(file, 'utf8').trim(), source: 'data directory' };
  const token = newToken();
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return { token, source: 'generated' };
}
