import { readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';

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

/**
 * Live processes (zombies left out) whose process group or session is `id`: what a step started as
 * leader of its own session (pid = pgid = sid) may have left behind, including background jobs that
 * moved to a group of their own (`set -m`). Empty where there is no `/proc`. Reads asynchronously,
 * so many steps ending at once do not stall the event loop.
 */
export async function processesOfSession(id: number, procDir = '/proc'): Promise<number[]> {
  let entries: string[];
  try {
    entries = await readdir(procDir);
  } catch {
    return [];
  }
  const pids = entries.filter((entry) => /^\d+$/.test(entry)).map(Number);
  const matches = await Promise.all(
    pids.map(async (pid) => {
      if (pid === process.pid) return false;
      const ids = await readFile(`${procDir}/${pid}/stat`, 'utf8').then(parseStat, () => null);
      return ids !== null && ids.state !== 'Z' && (ids.pgrp === id || ids.session === id);
    }),
  );
  return pids.filter((_, index) => matches[index]);
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
