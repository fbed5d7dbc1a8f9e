// CPU time of processes on Linux, from /proc: to tell whether a measurement is bound by the
// machine's cores (work of the bot, its ssh clients and the test hosts' sshd) or by waiting.
import { readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';

const TICK_MS = 10; // USER_HZ is 100 on Linux

interface ProcStat {
  pid: number;
  ppid: number;
  /** utime + stime, ms. */
  selfMs: number;
  /** cutime + cstime (children waited for), ms. */
  reapedMs: number;
}

function readStat(pid: number | 'self'): ProcStat | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces), from field 3 (state) on.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return {
      pid: Number(text.slice(0, text.indexOf(' '))),
      ppid: Number(fields[1]),
      selfMs: (Number(fields[11]) + Number(fields[12])) * TICK_MS,
      reapedMs: (Number(fields[13]) + Number(fields[14])) * TICK_MS,
    };
  } catch {
    return null;
  }
}

/** CPU ms of the processes under `roots` (themselves, their live descendants and all they reaped). */
export function treeCpuMs(roots: readonly number[]): number {
  const all = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readStat(Number(name)))
    .filter((stat): stat is ProcStat => stat !== null);
  const children = new Map<number, ProcStat[]>();
  for (const stat of all) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), stat]);
  const byPid = new Map(all.map((stat) => [stat.pid, stat]));
  let total = 0;
  const queue = roots.map((pid) => byPid.get(pid)).filter((stat): stat is ProcStat => stat !== undefined);
  while (queue.length > 0) {
    const stat = queue.pop() as ProcStat;
    total += stat.selfMs + stat.reapedMs;
    queue.push(...(children.get(stat.pid) ?? []));
  }
  return total;
}

/** This process's own CPU ms and that of the children it has waited for (e.g. ssh clients). */
export function ownCpuMs(): { selfMs: number; childrenMs: number } {
  const usage = process.cpuUsage();
  const stat = readStat('self');
  return { selfMs: (usage.user + usage.system) / 1000, childrenMs: stat?.reapedMs ?? 0 };
}

/** The 1-minute load average and the core count, to say how busy the machine was. */
export function machineLoad(): { loadAverage1m: number; cores: number } {
  return { loadAverage1m: Math.round((loadavg()[0] ?? 0) * 100) / 100, cores: cpus().length };
}

/** CPU ms of the live SSH control masters whose command line names `controlDirPrefix` (daemons: nobody reaps them for us). */
export function mastersCpuMs(controlDirPrefix: string): number {
  let total = 0;
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let args = '';
    try {
      args = readFileSync(`/proc/${name}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    if (!args.includes('ControlMaster=yes') || !args.includes(controlDirPrefix)) continue;
    total += readStat(Number(name))?.selfMs ?? 0;
  }
  return total;
}
