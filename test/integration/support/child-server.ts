import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ADMIN_TOKEN } from './test-server';

const projectRoot = fileURLToPath(new URL('../../..', import.meta.url));

export interface ServerProcess {
  process: ChildProcess;
  /** Everything it printed so far, stdout and stderr together. */
  output(): string;
  /** Resolves once the process has exited and all it printed is in `output()`, with its exit code. */
  exited: Promise<number | null>;
}

export interface ChildServer extends ServerProcess {
  url: string;
  port: number;
}

export interface LaunchOptions {
  port?: number;
  env?: Record<string, string>;
  /**
   * Runs it without the capabilities that let root ignore file modes (util-linux's setpriv drops
   * them from its bounding set), so a read-only file binds it as it binds anyone else. Root
   * keeps reading the checkout wherever it lies, which another user could not.
   */
  boundByFileModes?: boolean;
}

const DROP_FILE_OVERRIDES = ['setpriv', '--bounding-set=-dac_override,-dac_read_search,-fowner', '--'];

/** The server as `npm start` runs it, in its own process, whether or not it gets as far as listening. */
export function launchServer(dataDir: string, options: LaunchOptions = {}): ServerProcess {
  const command = [...(options.boundByFileModes ? DROP_FILE_OVERRIDES : []), process.execPath, '--import', 'tsx', 'server/main.ts'];
  const child = spawn(command[0]!, command.slice(1), {
    cwd: projectRoot,
    env: {
      ...process.env,
      PORT: String(options.port ?? 0),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      THROUGHLINE_ADMIN_TOKEN: ADMIN_TOKEN,
      THROUGHLINE_DEMO: 'off',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return { process: child, output: () => output, exited };
}

/**
 * The server as `npm start` runs it, in its own process, so a test can kill it with SIGKILL
 * mid-write and start it again on the same data directory.
 */
export function spawnServer(dataDir: string, port = 0, env: Record<string, string> = {}): Promise<ChildServer> {
  const server = launchServer(dataDir, { port, env });
  return new Promise((resolve, reject) => {
    const onData = () => {
      const match = /listening on (http:\/\/127\.0\.0\.1:(\d+))/.exec(server.output());
      if (match) resolve({ ...server, url: match[1]!, port: Number(match[2]) });
    };
    server.process.stdout!.on('data', onData);
    server.process.stderr!.on('data', onData);
    void server.exited.then((code) => reject(new Error(`server exited with ${code} before listening:\n${server.output()}`)));
  });
}
