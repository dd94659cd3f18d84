import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/**
 * Debian's PostgreSQL and Redis started for a test run or a local cluster, in a temporary
 * directory, on loopback ports (shared/SERVICES.md). PostgreSQL refuses to run as root, so as
 * root it runs as the `postgres` user, with a data directory that user owns.
 */
export interface Services {
  /** A superuser URL for the `postgres` database: create one database per test from it. */
  postgresUrl: string;
  redisUrl: string;
  stop(): Promise<void>;
}

function postgresBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((name) => existsSync(join(root, name, 'bin', 'postgres'))) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) throw new Error('PostgreSQL is not installed: apt-get install postgresql (see .ci/run).');
  return join(root, newest, 'bin');
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** As root, the command runs as `postgres`; as anyone else, as themselves. */
function asPostgres(command: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
}

async function until(what: string, check: () => Promise<boolean>, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode}:\n${output()}`);
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${what} did not start within 30 s:\n${output()}`);
}

function capture(child: ChildProcess): () => string {
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return () => output;
}

export async function startServices(): Promise<Services> {
  const bin = postgresBin();
  const dir = mkdtempSync(join(tmpdir(), 'throughline-services-'));
  // mkdtemp makes a 0700 directory that the postgres user could not enter.
  chmodSync(dir, 0o755);
  const data = join(dir, 'pg');
  mkdirSync(data);
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(data, uid, gid);
  }
  const [initdb, initArgs] = asPostgres(join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  execFileSync(initdb, initArgs, { stdio: 'pipe' });

  const pgPort = await freePort();
  const [postgres, pgArgs] = asPostgres(join(bin, 'postgres'), ['-D', data, '-c', 'listen_addresses=127.0.0.1', '-p', String(pgPort), '-k', data]);
  const pgProcess = spawn(postgres, pgArgs, { stdio: ['ignore', 'pipe', 'pipe'] });
  const pgOutput = capture(pgProcess);
  const postgresUrl = `postgres://postgres@127.0.0.1:${pgPort}/postgres`;
  await until(
    'PostgreSQL',
    async () => {
      const client = new pg.Client({ connectionString: postgresUrl });
      try {
        await client.connect();
        return true;
      } catch {
        return false;
      } finally {
        await client.end().catch(() => {});
      }
    },
    pgProcess,
    pgOutput,
  );

  const exited = (child: ChildProcess) => (child.exitCode !== null ? Promise.resolve() : new Promise<void>((resolve) => child.once('exit', () => resolve())));
  const stopPostgres = () => {
    // SIGINT to the postmaster itself is PostgreSQL's fast shutdown; signalling runuser would not reach it.
    const pidFile = join(data, 'postmaster.pid');
    if (!existsSync(pidFile)) return;
    try {
      process.kill(Number(readFileSync(pidFile, 'utf8').split('\n')[0]), 'SIGINT');
    } catch {
      // Already gone.
    }
  };

  const redisPort = await freePort();
  let redisProcess: ChildProcess;
  try {
    redisProcess = spawn('redis-server', ['--bind', '127.0.0.1', '--port', String(redisPort), '--save', '', '--appendonly', 'no', '--dir', dir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const redisOutput = capture(redisProcess);
    let missing: Error | null = null;
    redisProcess.once('error', (error) => (missing = new Error(`Redis is not installed (${error.message}): apt-get install redis-server (see .ci/run).`)));
    await until(
      'Redis',
      async () => {
        if (missing) throw missing;
        return /Ready to accept connections/.test(redisOutput());
      },
      redisProcess,
      redisOutput,
    );
  } catch (error) {
    stopPostgres();
    await exited(pgProcess);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }

  return {
    postgresUrl,
    redisUrl: `redis://127.0.0.1:${redisPort}`,
    async stop() {
      stopPostgres();
      redisProcess.kill('SIGTERM');
      await Promise.all([exited(pgProcess), exited(redisProcess)]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A fresh, empty database on the test run's PostgreSQL; answers its URL. */
export async function createDatabase(postgresUrl: string): Promise<string> {
  const name = `t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
