import { execFileSync } from 'node:child_process';

interface PsRow {
  pid: number;
  pgid: number;
  stat: string;
  args: string;
}

/** Every process in the system table but zombies, and not the `ps` that lists them. */
function liveProcesses(): PsRow[] {
  return execFileSync('ps', ['-eo', 'pid=,pgid=,stat=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(\S+)\s+(.*)$/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({
      pid: Number(match[1]),
      pgid: Number(match[2]),
      stat: match[3] ?? '',
      args: match[4] ?? '',
    }))
    .filter((row) => !row.stat.startsWith('Z') && !row.args.startsWith('ps -eo'));
}

/** Live processes of a process group, as `pid pgid stat args` lines. */
export function liveMembers(pgid: number): string[] {
  return liveProcesses()
    .filter((row) => row.pgid === pgid)
    .map((row) => `${row.pid} ${row.pgid} ${row.stat} ${row.args}`);
}

/** Live processes whose command line contains `marker`, as their command lines. */
export function liveProcessesWith(marker: string): string[] {
  return liveProcesses()
    .filter((row) => row.args.includes(marker))
    .map((row) => row.args);
}
