// Locating, reading and writing the sandbox state file, process-safely (temp file + rename, mkdir lock).
import fs from 'node:fs';
import path from 'node:path';

export const STATE_FILE = '.sandbox-state.json';

/** The state file named by SANDBOX_STATE (file or sandbox dir), else `.sandbox-state.json` in cwd. */
export function locateState(env = process.env, cwd = process.cwd()) {
  const named = env.SANDBOX_STATE;
  if (named) {
    const candidate = isDirectory(named) ? path.join(named, STATE_FILE) : named;
    return fs.existsSync(candidate) ? path.resolve(candidate) : null;
  }
  const inCwd = path.join(cwd, STATE_FILE);
  return fs.existsSync(inCwd) ? inCwd : null;
}

export function sandboxPaths(dir) {
  const internal = path.join(dir, '.sandbox');
  return {
    state: path.join(dir, STATE_FILE),
    internal,
    apiLog: path.join(internal, 'api.log'),
    lock: path.join(internal, 'lock'),
  };
}

export function readState(statePath) {
  return JSON.parse(fs.readFileSync(statePath, 'utf8'));
}

/** Pretty-printed on purpose: the bash stand-ins read `"key": value` one per line. */
export function writeState(statePath, state) {
  const temp = `${statePath}.${process.pid}.${Date.now()}.tmp`;
  fs.writeFileSync(temp, `${JSON.stringify(state, null, 2)}\n`);
  fs.renameSync(temp, statePath);
}

const STALE_LOCK_MS = 20_000;

/** Runs fn while holding the sandbox lock (a directory: mkdir is atomic). */
export async function withLock(dir, fn) {
  const { lock } = sandboxPaths(dir);
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      if (isStale(lock)) fs.rmSync(lock, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`sandbox lock busy: ${lock}`);
      else await sleep(25);
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function isStale(lock) {
  try {
    return Date.now() - fs.statSync(lock).mtimeMs > STALE_LOCK_MS;
  } catch {
    return false;
  }
}

function isDirectory(p) {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}
