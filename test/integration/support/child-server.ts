import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ADMIN_TOKEN } from './test-server';

const projectRoot = fileURLToPath(new URL('../../..', import.meta.url));

export interface ChildServer {
  url: string;
  port: number;
  process: ChildProcess;
  output(): string;
  /** Resolves once the process has exited. */
  exited: Promise<number | null>;
}

/**
 * The server as `npm start` runs it, in its own process, so a test can kill it with SIGKILL
 * mid-write and start it again on the same data directory.
 */
export function spawnServer(dataDir: string, port = 0, env: Record<string, string> = {}): Promise<ChildServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: projectRoot,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, THROUGHLINE_ADMIN_TOKEN: ADMIN_TOKEN, THROUGHLINE_DEMO: 'off', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/127\.0\.0\.1:(\d+))/.exec(output);
      if (match) resolve({ url: match[1]!, port: Number(match[2]), process: child, output: () => output, exited });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => reject(new Error(`server exited with ${code} before listening:\n${output}`)));
  });
}
