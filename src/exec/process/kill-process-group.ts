import { close, open, read as readFd, readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';

/** Sends `signal` to every process of the group led by `pid`; true when the group still existed. */
export function killProcessGroup(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

/** Process group and session of a process, from `/proc/<pid>/stat` (Linux); null when gone or unknown. */
export function readProcessIds(
  pid: number,
  procDir = '/proc',
): { pgrp: number; session: number; state: string } | null {
  try {
    return parseStat(readFileSync(`${procDir}/${pid}/stat`, 'utf8'));
  } catch {
    return null;
  }
}

/** "pid (comm) state ppid pgrp session …" -> ids; comm may hold spaces and parentheses. */
function parseStat(stat: string): { pgrp: number; session: number; state: string } | null {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const pgrp = Number(fields[2]);
  const session = Number(fields[3]);
  if (!Number.isInteger(pgrp) || !Number.isInteger(session)) return null;
  return { pgrp, session, state: fields[0] ?? '?' };
}

/** `/proc/<pid>/stat` is one line of a few hundred bytes; the ids needed are near its start. */
const STAT_BYTES = 1024;
/**
 * Reads of `/proc` in flight at once, over all scans together. Unbounded, 50 steps ending together
 * queued ~4,000 reads on libuv's four threads, each holding the 64 KB buffer `readFile` takes for a
 * file of unknown size: ~100 MB of memory and every other file operation stalled
 * (docs/BENCHMARKS.md, "Memory and start-up").
 */
const MAX_STAT_READS = 8;
let statReads = 0;
const waitingForRead: (() => void)[] = [];

/**
 * The stat file's text, or null when the process ended meanwhile. Open, read and close run on
 * libuv's threads through plain callbacks: the promise API's file handles cost the event loop
 * about a quarter more CPU per step (bench/measure-step-starts.ts), and reading synchronously (a
 * few files per turn) cost as little but delayed the loop more under load (docs/BENCHMARKS.md,
 * "Step starts").
 */
function readStat(file: string): Promise<string | null> {
  return new Promise((resolve) => {
    const done = (text: string | null): void => {
      // Hand the slot to the next waiting read, or free it.
      const next = waitingForRead.shift();
      if (next) next();
      else statReads--;
      resolve(text);
    };
    const read = (): void => {
      open(file, 'r', (openError, fd) => {
        if (openError) return done(null);
        const buffer = Buffer.allocUnsafe(STAT_BYTES);
        readFd(fd, buffer, 0, STAT_BYTES, 0, (readError, bytesRead) => {
          const text = readError ? null : buffer.toString('utf8', 0, bytesRead);
          close(fd, () => done(text));
        });
      });
    };
    if (statReads < MAX_STAT_READS) {
      statReads++;
      read();
    } else waitingForRead.push(read);
  });
}

interface ProcessIds {
  pid: number;
  pgrp: number;
  session: number;
  state: string;
}

/** One pass over `/proc`: the ids of every process but this one. Empty where there is no `/proc`. */
async function scanProcesses(procDir: string): Promise<ProcessIds[]> {
  let entries: string[];
  try {
    entries = await readdir(procDir);
  } catch {
    return [];
  }
  const pids = entries.filter((entry) => /^\d+$/.test(entry)).map(Number);
  const found = await Promise.all(
    pids.map(async (pid) => {
      if (pid === process.pid) return null;
      const stat = await readStat(`${procDir}/${pid}/stat`);
      const ids = stat === null ? null : parseStat(stat);
      return ids === null ? null : { pid, ...ids };
    }),
  );
  return found.filter((ids): ids is ProcessIds => ids !== null);
}

/**
 * Passes over `/proc` shared by every step that ends meanwhile: 50 steps ending together read it
 * once or twice instead of 50 times (each pass reads every process's stat file). A caller never
 * joins a pass that was already under way (it may have read past a process the caller must see):
 * it joins the next one, which starts when that pass ends.
 */
const passes = new Map<
  string,
  { running: Promise<ProcessIds[]> | null; next: Promise<ProcessIds[]> | null }
>();

function sharedScan(procDir: string): Promise<ProcessIds[]> {
  let slot = passes.get(procDir);
  if (!slot) {
    slot = { running: null, next: null };
    passes.set(procDir, slot);
  }
  const state = slot;
  if (state.running === null) {
    const running = scanProcesses(procDir).finally(() => {
      if (state.running === running) state.running = null;
    });
    state.running = running;
    return running;
  }
  state.next ??= state.running.then(
    () => {
      state.next = null;
      return sharedScan(procDir);
    },
    () => {
      state.next = null;
      return sharedScan(procDir);
    },
  );
  return state.next;
}

/**
 * Live processes (zombies left out) whose process group or session is `id`: what a step started as
 * leader of its own session (pid = pgid = sid) may have left behind, including background jobs that
 * moved to a group of their own (`set -m`). Empty where there is no `/proc`. Reads asynchronously,
 * so many steps ending at once do not stall the event loop, and in passes shared by the steps that
 * end meanwhile (`sharedScan`).
 */
export async function processesOfSession(id: number, procDir = '/proc'): Promise<number[]> {
  const all = await sharedScan(procDir);
  return all
    .filter((ids) => ids.state !== 'Z' && (ids.pgrp === id || ids.session === id))
    .map((ids) => ids.pid);
}

/**
 * Ends everything a step left running: SIGKILL to its process group, then to every process still
 * in its session or group (found through `/proc`), a few rounds in case one forked meanwhile. What
 * left the session (`setsid`, a daemon's child such as `systemd-run` or `docker run -d`) is not
 * reached: see docs/SECURITY.md. Resolves with how many processes the scan signalled.
 */
export async function killProcessTree(
  leader: number,
  options: { procDir?: string; rounds?: number } = {},
): Promise<number> {
  killProcessGroup(leader, 'SIGKILL');
  let signalled = 0;
  for (let round = 0; round < (options.rounds ?? 3); round++) {
    const left = await processesOfSession(leader, options.procDir);
    if (left.length === 0) break;
    for (const pid of left) {
      try {
        process.kill(pid, 'SIGKILL');
        signalled++;
      } catch {
        // already gone
      }
    }
  }
  return signalled;
}
