import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../../core/ports.ts';
import { REMOTE_ENTRY } from './remote-scripts.ts';
import { type SshTarget, sshArgs } from './ssh-target.ts';

/** Why a host could not be reached, in the words the card and the terminal show. */
export type ConnectFailure = { ok: false; reason: string };
export type ConnectResult = { ok: true } | ConnectFailure;

/** One host's reused SSH connection (a control master in the pool's private directory). */
export interface SshConnection {
  readonly target: SshTarget;
  /** Connects once (later calls reuse it; a dead master is re-opened). */
  open(): Promise<ConnectResult>;
  /** The `ssh` arguments that run `REMOTE_ENTRY` over this connection; the script goes on stdin. */
  entryArgs(): string[];
  /** Runs `script` there (short helper scripts: secrets, kills, probes): output and status. */
  runScript(script: string, timeoutMs?: number, options?: { urgent?: boolean }): Promise<ScriptResult>;
  /** Ends the control master (`ssh -O exit`). */
  close(): Promise<void>;
  /**
   * Waits for one of the connection's session slots (sshd allows 10 sessions per connection by
   * default, `MaxSessions`); call the returned function when the session ended.
   */
  session(): Promise<() => void>;
}

/** Sessions open at once on one connection: below sshd's default MaxSessions (10). */
export const MAX_SESSIONS_PER_CONNECTION = 8;

export interface ScriptResult {
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

/** The connections of one process, keyed by target name; `closeAll` ends every master. */
export interface SshPool {
  connectionFor(target: SshTarget): SshConnection;
  closeAll(): Promise<void>;
}

/** How long an idle master stays up after its last use, so the next section reuses it. */
export const DEFAULT_PERSIST_SECONDS = 120;

/**
 * A pool of SSH connections. The control sockets live in a fresh private directory (mkdtemp:
 * 0700), so no other user can ride on them. `sshPath` is the client (default `ssh` on PATH).
 */
export function createSshPool(options: { clock: Clock; persistSeconds?: number; sshPath?: string }): SshPool {
  const { clock } = options;
  const persist = options.persistSeconds ?? DEFAULT_PERSIST_SECONDS;
  const ssh = options.sshPath ?? 'ssh';
  let controlDir: Promise<string> | null = null;
  const dir = () => {
    controlDir ??= mkdtemp(join(tmpdir(), 'rb-ssh-'));
    return controlDir;
  };
  const connections = new Map<string, { key: string; connection: SshConnection }>();

  const connectionFor = (target: SshTarget): SshConnection => {
    const key = JSON.stringify(target);
    const known = connections.get(target.name);
    if (known?.key === key) return known.connection;
    const connection = createConnection(target, dir, persist, ssh, clock);
    connections.set(target.name, { key, connection });
    if (known) void known.connection.close();
    return connection;
  };

  const closeAll = async (): Promise<void> => {
    const all = [...connections.values()].map((entry) => entry.connection);
    connections.clear();
    await Promise.all(all.map((connection) => connection.close()));
    if (controlDir) {
      const path = await controlDir;
      controlDir = null;
      await rm(path, { recursive: true, force: true });
    }
  };
  return { connectionFor, closeAll };
}

function createConnection(
  target: SshTarget,
  controlDir: () => Promise<string>,
  persist: number,
  ssh: string,
  clock: Clock,
): SshConnection {
  let args: string[] | null = null;
  let opening: Promise<ConnectResult> | null = null;
  let opened = false;

  const baseArgs = async (): Promise<string[]> => {
    args ??= sshArgs(target, await controlDir(), persist);
    return args;
  };

  const open = async (): Promise<ConnectResult> => {
    if (opening) {
      const result = await opening;
      // A master that died meanwhile (idle timeout, network) is opened again.
      if (!result.ok || (await check())) return result;
      opening = null;
    }
    opening = (async (): Promise<ConnectResult> => {
      const base = await baseArgs();
      // `-f -N`: authenticate, then the master goes to the background (its stdio on /dev/null).
      const started = await runProcess(
        clock,
        ssh,
        [...base, '-o', 'ControlMaster=yes', '-f', '-N', '--', target.destination],
        {
          timeoutMs: ((target.connectTimeout ?? 5) + 10) * 1000,
        },
      );
      if (started.code === 0) {
        opened = true;
        return { ok: true };
      }
      return { ok: false, reason: describeConnectFailure(started.stderr, started.code) };
    })();
    const result = await opening;
    if (!result.ok) opening = null;
    return result;
  };

  const check = async (): Promise<boolean> => {
    const base = await baseArgs();
    const result = await runProcess(clock, ssh, [...base, '-O', 'check', '--', target.destination], {
      timeoutMs: 10_000,
    });
    return result.code === 0;
  };

  let active = 0;
  const waiting: (() => void)[] = [];
  const session = async (): Promise<() => void> => {
    if (active >= MAX_SESSIONS_PER_CONNECTION) await new Promise<void>((resolve) => waiting.push(resolve));
    else active++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = waiting.shift();
      if (next) next();
      else active--;
    };
  };

  const runScript = async (
    script: string,
    timeoutMs = 30_000,
    options: { urgent?: boolean } = {},
  ): Promise<ScriptResult> => {
    const base = await baseArgs();
    // A kill (urgent) never waits for a slot: it uses the sessions kept spare below MaxSessions.
    const release = options.urgent ? () => undefined : await session();
    try {
      return await runProcess(clock, ssh, [...base, '--', target.destination, REMOTE_ENTRY], {
        stdin: Buffer.from(`${script}\0`),
        timeoutMs,
      });
    } finally {
      release();
    }
  };

  const close = async (): Promise<void> => {
    if (!opened && !opening) return;
    opened = false;
    opening = null;
    const base = await baseArgs();
    await runProcess(clock, ssh, [...base, '-O', 'exit', '--', target.destination], { timeoutMs: 10_000 });
  };

  return {
    target,
    open,
    entryArgs: () => {
      if (!args) throw new Error('open() the connection first');
      return [...args, '--', target.destination, REMOTE_ENTRY];
    },
    runScript,
    close,
    session,
  };
}

/** The last meaningful line of ssh's complaint, shortened: "Connection refused", "Host key verification failed". */
export function describeConnectFailure(stderr: string, code: number | null): string {
  if (/REMOTE HOST IDENTIFICATION HAS CHANGED/i.test(stderr)) {
    return "host key verification failed: the host's key is not the one in known_hosts (refused)";
  }
  if (/host key verification failed|no .* host key is known/i.test(stderr)) {
    return "host key verification failed: the host's key is not in known_hosts (refused)";
  }
  const lines = stderr
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  const line = lines.at(-1);
  if (line) return line.replace(/^ssh: /, '').slice(0, 300);
  return code === null ? 'no answer before the connect timeout' : `ssh exited with ${code}`;
}

/** Runs a short local process (ssh) to completion with a hard timeout; never rejects. */
export function runProcess(
  clock: Clock,
  file: string,
  args: readonly string[],
  options: { stdin?: Buffer; timeoutMs: number },
): Promise<ScriptResult> {
  return new Promise((resolve) => {
    let child: ChildProcess;
    try {
      child = spawn(file, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    } catch (error) {
      resolve({ code: null, stdout: Buffer.alloc(0), stderr: (error as Error).message });
      return;
    }
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => err.push(chunk));
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(options.stdin ?? Buffer.alloc(0));
    const cancelTimer = clock.setTimer(options.timeoutMs, () => child.kill('SIGKILL'));
    let settled = false;
    let exitCode: number | null = null;
    const finish = (error?: string) => {
      if (settled) return;
      settled = true;
      cancelTimer();
      cancelDrain();
      child.stdout?.destroy();
      child.stderr?.destroy();
      resolve({
        code: exitCode,
        stdout: Buffer.concat(out),
        stderr: error ?? Buffer.concat(err).toString('utf8'),
      });
    };
    let cancelDrain = (): void => undefined;
    child.once('error', (error) => finish(error.message));
    // All output read: done. A process that backgrounded a child still holding a pipe: 2 s after exit.
    child.once('close', (code) => {
      exitCode = code;
      finish();
    });
    child.once('exit', (code) => {
      exitCode = code;
      cancelDrain = clock.setTimer(2000, () => finish());
    });
  });
}
