import { type ChildProcess, spawn } from 'node:child_process';
import { sleep } from './stats.ts';

export interface SpawnedServer {
  pid: number;
  child: ChildProcess;
  /** From spawn to the first `readyUrl` answer with status `readyStatus`. */
  startMs: number;
  /** Last lines the process wrote (stderr and stdout), for error messages. */
  tail(): string;
  stop(): Promise<void>;
}

const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/**
 * Spawns `node …args` and polls `readyUrl` every 5 ms until it answers `readyStatus` (bounded by
 * `timeoutMs`). The child is killed when the bench exits, whatever happens.
 */
export async function spawnServer(options: {
  args: string[];
  env: Record<string, string>;
  cwd: string;
  readyUrl: string;
  readyStatus: number;
  timeoutMs?: number;
}): Promise<SpawnedServer> {
  const started = performance.now();
  const child = spawn(process.execPath, options.args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exited = false;
  const exit = new Promise<void>((resolve) => {
    child.once('exit', () => {
      exited = true;
      live.delete(child);
      resolve();
    });
  });
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  let startMs = Number.NaN;
  for (;;) {
    if (exited) throw new Error(`server exited before ready:\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server not ready within ${options.timeoutMs ?? 30_000} ms:\n${output}`);
    }
    const status = await fetch(options.readyUrl)
      .then(async (response) => {
        await response.arrayBuffer();
        return response.status;
      })
      .catch(() => 0);
    if (status === options.readyStatus) {
      startMs = performance.now() - started;
      break;
    }
    await sleep(5);
  }
  return {
    pid: child.pid ?? -1,
    child,
    startMs,
    tail: () => output,
    stop: async () => {
      if (exited) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exit;
      clearTimeout(timer);
    },
  };
}
