// Starting, stopping and restarting the real API process behind the `api` container.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { readState, sandboxPaths, sleep, withLock, writeState } from './state.mjs';

const SERVER = fileURLToPath(new URL('./api-server.mjs', import.meta.url));
const READY_TIMEOUT_MS = 8000;

/** True when pid is a live (not zombie) api-server process of this sandbox: guards against pid reuse. */
export function isApiAlive(pid, statePath) {
  if (!pid) return false;
  try {
    const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    if (!cmdline.includes(SERVER) || !cmdline.includes(statePath)) return false;
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const status = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return status !== 'Z' && status !== 'X';
  } catch {
    return false;
  }
}

/**
 * Spawns the API (detached, its own process group) and waits until it listens or exits.
 * Returns the api fields to merge into the state.
 */
export async function spawnApi(statePath, state, { quietBoot = false } = {}) {
  const mode = state.scenario === 'api-exited' ? 'crash' : 'serve';
  const log = fs.openSync(sandboxPaths(state.dir).apiLog, 'a');
  const child = spawn(process.execPath, [SERVER, statePath, mode], {
    detached: true,
    stdio: ['ignore', log, log],
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', SANDBOX_API_QUIET_BOOT: quietBoot ? '1' : '0' },
  });
  fs.closeSync(log);
  const startedAt = Date.now();
  const outcome = await new Promise((resolve) => {
    let settled = false;
    const settle = (value) => {
      if (settled) return;
      settled = true;
      clearInterval(poll);
      resolve(value);
    };
    child.once('exit', (code, signal) => settle({ exitCode: code ?? (signal ? 137 : 1) }));
    child.once('error', () => settle({ exitCode: 127 }));
    const poll = setInterval(async () => {
      if (await isListening(state.api.port)) settle({ exitCode: null });
      else if (Date.now() - startedAt > READY_TIMEOUT_MS) settle({ exitCode: null });
    }, 25);
  });
  child.unref();
  if (outcome.exitCode !== null) {
    return { pid: null, startedAt, exitCode: outcome.exitCode, finishedAt: Date.now() };
  }
  return { pid: child.pid ?? null, startedAt, exitCode: null, finishedAt: null };
}

/** SIGTERM the api's process group, SIGKILL after 3 s; resolves once it is gone. */
export async function stopApi(pid, statePath) {
  if (!isApiAlive(pid, statePath)) return;
  signalGroup(pid, 'SIGTERM');
  const deadline = Date.now() + 3000;
  while (isApiAlive(pid, statePath) && Date.now() < deadline) await sleep(20);
  if (isApiAlive(pid, statePath)) signalGroup(pid, 'SIGKILL');
  while (isApiAlive(pid, statePath)) await sleep(20);
}

/** What `docker compose restart api` does: stop, a pause like a real stop/start, start; counts the restart. */
export async function restartApi(statePath) {
  const { dir } = readState(statePath);
  return withLock(dir, async () => {
    const state = readState(statePath);
    await stopApi(state.api.pid, statePath);
    // A fresh process: whatever degraded the old one (restart-fixes-it) is gone.
    state.api = { ...state.api, pid: null, degraded: false, restarts: state.api.restarts + 1 };
    writeState(statePath, state);
    await sleep(1000);
    state.api = { ...state.api, ...(await spawnApi(statePath, state)) };
    writeState(statePath, state);
    return state;
  });
}

function signalGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

function isListening(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
