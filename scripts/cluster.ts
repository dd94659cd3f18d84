/**
 * `npm run cluster`: Throughline as several nodes, on this machine, for a newcomer to try
 * (DESIGN §6 scale-out, README "Several nodes"). Starts Debian's PostgreSQL and Redis in a
 * temporary directory on loopback ports, three nodes sharing them, and HAProxy in front of the
 * nodes (WebSockets pass through; a workspace's path always reaches the same node while it is up,
 * and any other node when it is not), then prints the demo links through HAProxy. Everything is
 * thrown away on Ctrl-C. CLUSTER_PORT (default 8787) is where HAProxy listens; NODES (default 3).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { haproxyConfig, startNode, stopAll } from './cluster-parts';
import { createDatabase, freePort, startServices } from './local-services';

const port = Number(process.env.CLUSTER_PORT ?? 8787);
const nodeCount = Number(process.env.NODES ?? 3);
const publicUrl = `http://127.0.0.1:${port}`;

async function main(): Promise<void> {
  console.log('Starting PostgreSQL and Redis (Debian packages, temporary directory, loopback)…');
  const services = await startServices();
  const dataDir = mkdtempSync(join(tmpdir(), 'throughline-cluster-'));
  const children: ChildProcess[] = [];
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping HAProxy, the nodes, Redis and PostgreSQL…');
    await stopAll(children);
    await services.stop();
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  try {
    const env = { DATABASE_URL: await createDatabase(services.postgresUrl), REDIS_URL: services.redisUrl, DATA_DIR: dataDir, THROUGHLINE_PUBLIC_URL: publicUrl };
    // The first node makes the link key and the demo in the shared data directory and database;
    // the others start once it has.
    const first = await startNode(0, await freePort(), env);
    children.push(first.process);
    const rest = await Promise.all(Array.from({ length: nodeCount - 1 }, async (_, i) => startNode(i + 1, await freePort(), { ...env, THROUGHLINE_DEMO: 'off' })));
    children.push(...rest.map((node) => node.process));
    const nodes = [first, ...rest];
    const config = join(dataDir, 'haproxy.cfg');
    writeFileSync(config, haproxyConfig(nodes, port, 'uri'));
    const haproxy = spawn('haproxy', ['-f', config, '-db'], { stdio: ['ignore', 'inherit', 'inherit'] });
    children.push(haproxy);
    haproxy.once('exit', (code) => {
      if (!stopping) console.error(`HAProxy exited with ${code}`);
    });
    const links = first.banner.split('\n').filter((line) => /^\s+(admin|demo|facilitator|editor|viewer):?/.test(line));
    console.log(
      [
        '',
        `Throughline cluster: ${nodes.length} nodes behind HAProxy at ${publicUrl}`,
        ...nodes.map((node, i) => `  node ${i + 1}: http://127.0.0.1:${node.port}  (pid ${node.process.pid})`),
        `  PostgreSQL: ${services.postgresUrl}   Redis: ${services.redisUrl}`,
        ...links,
        '',
        'Open the facilitator link in two browsers; stop a node (kill its pid) and keep editing. Ctrl-C stops everything and deletes its data.',
      ].join('\n'),
    );
  } catch (error) {
    console.error(`The cluster could not start: ${(error as Error).message}`);
    await stop();
  }
}

await main();
