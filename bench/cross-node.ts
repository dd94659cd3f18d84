/**
 * The cross-node workload (issue 14): one room, 100 clients (10 writers at 50 edits/s for 6 s),
 * spread over three nodes by HAProxy round robin, against one node behind the same HAProxy, both
 * on PostgreSQL, and one SQLite node behind it for reference. Configurations alternate, REPS
 * times (default 2); prints the medians of p50/p99 delivery latency and the CPU each node spent
 * per delivery. Run it alone: `node --import tsx bench/cross-node.ts`. Not a test: it prints figures.
 *
 * Each setup first carries the same load on a workspace of its own for WARM_SECONDS, untimed: a
 * node just started spends much of a 6 s window compiling (V8's optimising compiler was a sixth
 * of each node's CPU there, and three fresh nodes pay it three times), while the nodes of a real
 * cluster run for days. The measured window then shows what a warm node costs, for every setup alike.
 *   REPS=2   WARM_SECONDS=8   PEERS=../shared/bench (where load.mjs lives; its packages are installed if missing)
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { haproxyConfig, startNode, stopAll, type ClusterNode } from '../scripts/cluster-parts';
import { createDatabase, freePort, startServices, type Services } from '../scripts/local-services';

const root = fileURLToPath(new URL('..', import.meta.url));
const peers = resolve(process.env.PEERS ?? join(root, '..', 'shared', 'bench'));
const reps = Number(process.env.REPS ?? 2);
const warmSeconds = Number(process.env.WARM_SECONDS ?? 8);
const ADMIN = 'bench-admin-token-0123456789';
/** The workload for `seconds`: the measured window is 6 s. */
const loadFor = (seconds: number) => ['--clients', '100', '--writers', '10', '--rate', '50', '--seconds', String(seconds)];

type Setup = 'sqlite, 1 node' | 'postgres, 1 node' | 'postgres + redis, 3 nodes';
const SETUPS: Setup[] = ['sqlite, 1 node', 'postgres, 1 node', 'postgres + redis, 3 nodes'];

interface Run {
  setup: Setup;
  p50: number;
  p99: number;
  delivered: number;
  lossPct: number;
  /** CPU µs per delivery, per node: each node's CPU over every delivery of the run. */
  cpuPerDelivery: number[];
}

/** utime + stime of one process, in seconds. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function envFile(): Record<string, string> {
  const lines = readFileSync(join(root, 'bench', 'ours.env'), 'utf8').split('\n');
  return Object.fromEntries(lines.filter((line) => /^[A-Z_]+=/.test(line)).map((line) => line.split('=') as [string, string]));
}

async function measure(setup: Setup, services: Services): Promise<Run> {
  const dataDir = mkdtempSync(join(tmpdir(), 'throughline-crossnode-'));
  const children: ChildProcess[] = [];
  try {
    const env: Record<string, string> = { ...envFile(), DATA_DIR: dataDir, THROUGHLINE_ADMIN_TOKEN: ADMIN, THROUGHLINE_DEMO: 'off' };
    if (setup !== 'sqlite, 1 node') env.DATABASE_URL = await createDatabase(services.postgresUrl);
    if (setup === 'postgres + redis, 3 nodes') env.REDIS_URL = services.redisUrl;
    const count = setup === 'postgres + redis, 3 nodes' ? 3 : 1;
    const nodes: ClusterNode[] = [];
    for (let i = 0; i < count; i++) {
      const node = await startNode(i, await freePort(), env);
      nodes.push(node);
      children.push(node.process);
    }
    const port = await freePort();
    const config = join(dataDir, 'haproxy.cfg');
    writeFileSync(config, haproxyConfig(nodes, port, 'roundrobin'));
    const haproxy = spawn('haproxy', ['-f', config, '-db'], { stdio: 'ignore' });
    children.push(haproxy);
    const base = `http://127.0.0.1:${port}`;
    for (let tries = 0; ; tries++) {
      const up = await fetch(`${base}/api/health`).then((r) => r.ok, () => false);
      if (up) break;
      if (tries > 100) throw new Error('HAProxy did not come up');
      await new Promise((done) => setTimeout(done, 50));
    }
    const target = ['--proto', 'yws', '--url', `ws://127.0.0.1:${port}/ws/{room}`, '--api', base, '--admin', ADMIN];
    const load = [...target, ...loadFor(6)];
    const runLoad = (args: string[]) => execFileSync(process.execPath, [join(peers, 'load.mjs'), ...args], { cwd: peers }).toString();
    if (warmSeconds > 0) {
      const warm = [...target, ...loadFor(warmSeconds)];
      const warmFile = join(dataDir, 'warm-rooms.json');
      runLoad([...warm, '--create-only', warmFile]);
      runLoad([...warm, '--rooms-file', warmFile]);
    }
    const roomsFile = join(dataDir, 'rooms.json');
    runLoad([...load, '--create-only', roomsFile]);
    const before = nodes.map((node) => cpuSeconds(node.process.pid!));
    const out = runLoad([...load, '--rooms-file', roomsFile, '--json']);
    const after = nodes.map((node) => cpuSeconds(node.process.pid!));
    const result = JSON.parse(out.trim().split('\n').pop()!) as { p50: number; p99: number; delivered: number; lossPct: number };
    return {
      setup,
      p50: result.p50,
      p99: result.p99,
      delivered: result.delivered,
      lossPct: result.lossPct,
      cpuPerDelivery: after.map((cpu, i) => ((cpu - before[i]!) * 1e6) / Math.max(1, result.delivered)),
    };
  } finally {
    await stopAll(children);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

// As bench/run.sh does: the load generator's packages are not part of this project's install.
if (!existsSync(join(peers, 'node_modules'))) execFileSync('npm', ['ci'], { cwd: peers, stdio: 'inherit' });

const services = await startServices();
try {
  const runs: Run[] = [];
  for (let rep = 1; rep <= reps; rep++) {
    for (const setup of SETUPS) {
      const run = await measure(setup, services);
      console.log(JSON.stringify({ rep, ...run }));
      runs.push(run);
    }
  }
  console.log('\nmedians of', reps, `alternating runs (one room, 100 clients, 10 writers × 50 edits/s, 6 s after ${warmSeconds} s of warm-up; HAProxy round robin in front):`);
  console.log('setup'.padEnd(28), 'p50 ms'.padStart(8), 'p99 ms'.padStart(8), 'loss %'.padStart(8), '  CPU µs per delivery, per node (sum)');
  for (const setup of SETUPS) {
    const of = runs.filter((run) => run.setup === setup);
    const perNode = of[0]!.cpuPerDelivery.map((_, i) => median(of.map((run) => run.cpuPerDelivery[i]!)));
    console.log(
      setup.padEnd(28),
      median(of.map((run) => run.p50)).toFixed(1).padStart(8),
      median(of.map((run) => run.p99)).toFixed(1).padStart(8),
      median(of.map((run) => run.lossPct)).toFixed(2).padStart(8),
      `  ${perNode.map((cpu) => cpu.toFixed(2)).join(' / ')} (${perNode.reduce((a, b) => a + b, 0).toFixed(2)})`,
    );
  }
} finally {
  await services.stop();
}
