import type { Clock } from '../core/ports.ts';
import { probeScript } from '../exec/targets/remote-scripts.ts';
import { createSshPool } from '../exec/targets/ssh-connection.ts';
import type { SshTarget } from '../exec/targets/ssh-target.ts';

/** What doctor learns from an SSH target: reachable (host key accepted), workdir, missing programs. */
export type TargetProbe =
  | { reachable: false; reason: string }
  | { reachable: true; workdir: boolean; missing: string[] };

/**
 * Connects to the target as the bot would (same options: batch mode, strict host keys, its
 * known_hosts), then asks whether the workdir exists and which of `programs` are not on its PATH.
 */
export async function probeSshTarget(
  target: SshTarget,
  programs: readonly string[],
  clock: Clock,
): Promise<TargetProbe> {
  const pool = createSshPool({ clock, persistSeconds: 5 });
  try {
    const connection = pool.connectionFor(target);
    const opened = await connection.open();
    if (!opened.ok) return { reachable: false, reason: opened.reason };
    const result = await connection.runScript(
      probeScript(target.workdir, programs, target.env ?? {}),
      20_000,
    );
    if (result.code !== 0)
      return {
        reachable: false,
        reason: result.stderr.trim().split('\n').at(-1) || `probe exited with ${result.code}`,
      };
    const lines = result.stdout.toString('utf8').split('\n');
    return {
      reachable: true,
      workdir: lines.includes('workdir=yes'),
      missing: lines
        .filter((line) => line.startsWith('missing='))
        .map((line) => line.slice('missing='.length)),
    };
  } finally {
    await pool.closeAll();
  }
}
