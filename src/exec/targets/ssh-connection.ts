import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../../core/ports.ts';
import { REMOTE_ENTRY } from './remote-scripts.ts';
import { DEFAULT_CONNECT_TIMEOUT_S, type SshTarget, sshArgs } from './ssh-target.ts';

/** Why a host could not be reached, in the words the card and the terminal show. */
export type ConnectFailure = { ok: false; reason: string };
export type ConnectResult = { ok: true } | ConnectFailure;

/** One host's reused SSH connection (a control master in the pool's private directory). */
export interface SshConnection {
  readonly target: SshTarget;
  /** The ssh client every process of this connection runs (the pool's `sshPath`). */
  readonly program: string;
  /** Connects once (later calls reuse it; a dead master is re-opened). */
  open(): Promise<ConnectResult>;
  /** The `ssh` arguments that run `REMOTE_ENTRY` over this connection; the script goes on stdin. */
  entryArgs(): string[];
  /**
   * Runs `script` there (short helper scripts: secrets, kills, probes): output and status. With
   * `opens`, the connection is opened first if needed, and when nothing opened it yet the master's
   * own process runs the script (one process, one handshake); a failed connection is status 255
   * with the reason as stderr. Without it, the connection must be open.
   */
  runScript(
    script: string,
    timeoutMs?: number,
    options?: { urgent?: boolean; opens?: boolean },
  ): Promise<ScriptResult>;
  /** Ends the control master (`ssh -O exit`). */
  close(): Promise<void>;
  /**
   * Waits for one of the connection's session slots (sshd allows 10 sessions per connection by
   * default, `MaxSessions`); call the returned function when the session ended.
   */
  session(): Promise<() => void>;
}

/** ssh's exit status for its own failures (connection, authentication, host key). */
export const SSH_FAILED = 255;

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
  // Each connection its own socket name (short: a socket path must fit in 108 bytes), so a
  // target whose spec changed never rides on the master of its former spec.
  let created = 0;

  const connectionFor = (target: SshTarget): SshConnection => {
    const key = JSON.stringify(target);
    const known = connections.get(target.name);
    if (known?.key === key) return known.connection;
    const socketName = `c${++created}`;
    const connection = createConnection(
      target,
      async () => join(await dir(), socketName),
      persist,
      ssh,
      clock,
    );
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
  controlPathOf: () => Promise<string>,
  persist: number,
  ssh: string,
  clock: Clock,
): SshConnection {
  let args: string[] | null = null;
  let controlPath: string | null = null;
  let opening: Promise<ConnectResult> | null = null;
  let opened = false;

  const baseArgs = async (): Promise<string[]> => {
    controlPath ??= await controlPathOf();
    args ??= sshArgs(target, controlPath, persist);
    return args;
  };

  /**
   * Starts the master. With `script`, that same process then runs the script as the master's
   * first session (ControlPersist puts the master in the background once it is authenticated):
   * one `ssh` process instead of two. Its status tells the connection's fate: 255 is ssh's own
   * failure, any other status means the script ran there.
   */
  const startMaster = (
    script?: string,
  ): { connected: Promise<ConnectResult>; ran: Promise<ScriptResult> | null } => {
    const ran = (async (): Promise<ScriptResult> => {
      const base = await baseArgs();
      const timeoutMs = ((target.connectTimeout ?? DEFAULT_CONNECT_TIMEOUT_S) + 10) * 1000;
      const master = [...base, '-o', 'ControlMaster=yes'];
      if (script === undefined) {
        // `-f -N`: authenticate, then the master goes to the background (its stdio on /dev/null).
        return runProcess(clock, ssh, [...master, '-f', '-N', '--', target.destination], { timeoutMs });
      }
      return runProcess(clock, ssh, [...master, '--', target.destination, REMOTE_ENTRY], {
        stdin: Buffer.from(`${script}\0`),
        timeoutMs,
      });
    })();
    const connected = ran.then(async (result): Promise<ConnectResult> => {
      const up =
        script === undefined
          ? result.code === 0
          : result.code === null
            ? await masterSocketExists() // the script outlived the timeout: the master may be up
            : result.code !== SSH_FAILED;
      if (up) {
        opened = true;
        return { ok: true };
      }
      return { ok: false, reason: describeConnectFailure(result.stderr, result.code) };
    });
    return { connected, ran: script === undefined ? null : ran };
  };

  const open = async (): Promise<ConnectResult> => {
    // Twice at most: a master found ended is opened again once (shared by every caller).
    for (let attempt = 0; ; attempt++) {
      opening ??= startMaster().connected;
      const current = opening;
      const result = await current;
      if (!result.ok) {
        if (opening === current) opening = null;
        return result;
      }
      // A master that ended meanwhile (idle ControlPersist, `-O exit`, its connection lost)
      // removes its socket: then it is opened again. Looking at the socket costs no process
      // (`ssh -O check` would spawn one per step); a socket a killed master left behind is
      // unlinked by the next ssh (ControlMaster=auto), which then connects on its own.
      if (attempt > 0 || (await masterSocketExists())) return result;
      if (opening === current) opening = null;
    }
  };

  const masterSocketExists = async (): Promise<boolean> => {
    await baseArgs();
    return stat(controlPath as string).then(
      (info) => info.isSocket(),
      () => false,
    );
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
    options: { urgent?: boolean; opens?: boolean } = {},
  ): Promise<ScriptResult> => {
    if (options.opens) {
      if (opening === null) {
        // Decided before any await: a connect() right after this call joins this master.
        const started = startMaster(script);
        opening = started.connected;
        const release = await session();
        try {
          const [result, connected] = await Promise.all([
            started.ran as Promise<ScriptResult>,
            started.connected,
          ]);
          if (!connected.ok) {
            if (opening === started.connected) opening = null;
            return { code: SSH_FAILED, stdout: Buffer.alloc(0), stderr: connected.reason };
          }
          return result;
        } finally {
          release();
        }
      }
      const opened = await open();
      if (!opened.ok) return { code: SSH_FAILED, stdout: Buffer.alloc(0), stderr: opened.reason };
    }
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
    program: ssh,
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
    child.on('error', (error) => finish(error.message));
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
