import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const projectRoot = fileURLToPath(new URL('..', import.meta.url));

/** A node of a local cluster: the server from its TypeScript through tsx, as `npm run dev` runs it, so it needs no server bundle. */
export interface ClusterNode {
  process: ChildProcess;
  port: number;
  /** What it printed up to its banner: the first node's has the admin and demo links. */
  banner: string;
}

const prefix = (index: number, text: string) => text.replace(/^(?=.)/gm, `[node ${index + 1}] `);

/** Starts node `index` on `port` with `env` (DATABASE_URL, REDIS_URL, …); resolves once it has printed its banner. */
export function startNode(index: number, port: number, env: Record<string, string>): Promise<ClusterNode> {
  // The V8 flags `npm start` runs the server with, and why: README.
  const child = spawn(process.execPath, ['--max-semi-space-size=16', '--heap-growing-percent=10', '--no-allocation-site-pretenuring', '--import', 'tsx', 'server/main.ts'], {
    cwd: projectRoot,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/listening on /.test(output) && /\n {2}admin/.test(output)) {
        child.stdout!.off('data', onData);
        // From here on a node's lines go to this terminal, prefixed with its number.
        child.stdout!.on('data', (more: Buffer) => process.stdout.write(prefix(index, more.toString())));
        resolve({ process: child, port, banner: output });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => process.stderr.write(prefix(index, chunk.toString())));
    child.once('exit', (code) => reject(new Error(`node ${index + 1} exited with ${code}:\n${output}`)));
  });
}

/**
 * HAProxy in front of the nodes: WebSockets need `timeout tunnel`; `uri` keeps a workspace's
 * connections on one node while it is up (any other takes them when it is not), `roundrobin`
 * spreads one workspace's connections over every node (the cross-node bench).
 */
export function haproxyConfig(nodes: readonly ClusterNode[], port: number, balance: 'uri' | 'roundrobin'): string {
  return [
    'global',
    '  maxconn 4096',
    'defaults',
    '  mode http',
    '  timeout connect 5s',
    '  timeout client 60s',
    '  timeout server 60s',
    '  timeout tunnel 1h',
    '  option http-server-close',
    'frontend throughline',
    `  bind 127.0.0.1:${port}`,
    '  default_backend nodes',
    'backend nodes',
    ...(balance === 'uri' ? ['  balance uri depth 3', '  hash-type consistent'] : ['  balance roundrobin']),
    '  option httpchk GET /api/health',
    ...nodes.map((node, i) => `  server node${i + 1} 127.0.0.1:${node.port} check inter 1s fall 2 rise 1`),
    '',
  ].join('\n');
}

/** Stops child processes with SIGTERM (the nodes commit and close) and waits for them. */
export async function stopAll(children: readonly ChildProcess[]): Promise<void> {
  for (const child of children) child.kill('SIGTERM');
  await Promise.all(children.map((child) => (child.exitCode !== null ? null : new Promise((resolve) => child.once('exit', resolve)))));
}
