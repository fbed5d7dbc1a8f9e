import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/**
 * A throwaway PostgreSQL cluster for tests and the bench: `initdb` in a temp dir, `pg_ctl start`
 * on 127.0.0.1 and a random free port, trust authentication for 127.0.0.1 only, no Unix socket
 * outside the temp dir. PostgreSQL refuses to run as root, so as root it runs as the `postgres`
 * user (Debian's package creates it) through `runuser`. Call `stop()` in afterAll.
 */
export interface PostgresCluster {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` */
  url: string;
  port: number;
  /** A new empty database; returns its URL. */
  createDatabase(name?: string): Promise<string>;
  /** Stops the server (fast shutdown: open connections are cut). The data stays. */
  halt(): void;
  /** Starts it again on the same port after `halt()`. */
  start(): void;
  /** Stops the server and deletes the data. */
  stop(): void;
}

/** The newest `/usr/lib/postgresql/<version>/bin`, or null when PostgreSQL is not installed. */
export function findPostgresBin(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((name) => existsSync(join(root, name, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : null;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function asPostgresUser(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  return { uid, gid };
}

let databases = 0;

export async function startPostgresCluster(): Promise<PostgresCluster> {
  const bin = findPostgresBin();
  if (!bin) throw new Error('PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb); see .ci/run');
  const runAs = asPostgresUser();
  const dir = mkdtempSync(join(tmpdir(), 'runbook-bot-pg-'));
  const data = join(dir, 'data');
  const log = join(dir, 'server.log');
  if (runAs) {
    chownSync(dir, runAs.uid, runAs.gid);
    chmodSync(dir, 0o700);
  }
  const run = (program: string, args: string[]): void => {
    const command = runAs ? 'runuser' : join(bin, program);
    const argv = runAs ? ['-u', 'postgres', '--', join(bin, program), ...args] : args;
    const result = spawnSync(command, argv, { encoding: 'utf8', cwd: dir, timeout: 120_000 });
    if (result.status !== 0) {
      let tail = '';
      try {
        tail = execFileSync('tail', ['-n', '20', log], { encoding: 'utf8' });
      } catch {}
      throw new Error(`${program} ${args.join(' ')} failed: ${result.stderr || result.stdout}\n${tail}`);
    }
  };
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync', '--locale=C']);
  const port = await freePort();
  // Listen on 127.0.0.1 only; the Unix socket stays in the temp dir. fsync off: a test cluster.
  const options = `-p ${port} -h 127.0.0.1 -k ${dir} -c fsync=off -c synchronous_commit=off -c max_connections=200`;
  let running = false;
  const start = () => {
    run('pg_ctl', ['-D', data, '-l', log, '-o', options, '-w', '-t', '60', 'start']);
    running = true;
  };
  const halt = () => {
    if (!running) return;
    run('pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '60', 'stop']);
    running = false;
  };
  start();
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  return {
    url,
    port,
    async createDatabase(name) {
      databases += 1;
      const database = name ?? `test_${process.pid}_${databases}_${Math.floor(Math.random() * 1e6)}`;
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE "${database}"`);
      } finally {
        await client.end();
      }
      return `postgres://postgres@127.0.0.1:${port}/${database}`;
    },
    halt,
    start,
    stop() {
      try {
        halt();
      } catch {
        // Already down or never started: fall through to removing the files.
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
