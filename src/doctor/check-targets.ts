import type { SshTarget } from '../exec/targets/ssh-target.ts';
import { type CheckResult, failed, listSome, passed } from './check-result.ts';
import { extractHostPrograms } from './extract-programs.ts';
import type { TargetProbe } from './probe-ssh-target.ts';

export interface TargetsDeps {
  /** Each runbook's SSH targets with the command texts its steps run there. */
  runbooks: { id: string; targets: SshTarget[]; commands: string[] }[];
  probe: (target: SshTarget, programs: readonly string[]) => Promise<TargetProbe>;
}

const name = 'SSH targets';

/**
 * Every SSH target of every binding, probed at once: reachable within its connect timeout, its
 * host key in known_hosts (never accepted on first use), its workdir present, the programs the
 * runbook calls on its PATH. One line; each failing target says what to fix.
 */
export async function checkTargets(deps: TargetsDeps): Promise<CheckResult> {
  const all = deps.runbooks.flatMap((runbook) => {
    const programs = extractHostPrograms(runbook.commands).programs.map((use) => use.program);
    return runbook.targets.map((target) => ({ runbook: runbook.id, target, programs }));
  });
  if (all.length === 0) return passed(name, 'none: every step runs on this host');
  const probed = await Promise.all(
    all.map(async (entry) => ({ ...entry, probe: await deps.probe(entry.target, entry.programs) })),
  );
  const problems: string[] = [];
  const hints = new Set<string>();
  for (const { runbook, target, probe } of probed) {
    const where = `${runbook}/${target.name} (${target.destination}${target.port ? `:${target.port}` : ''})`;
    if (!probe.reachable) {
      problems.push(`${where}: ${probe.reason}`);
      hints.add(
        /host key/i.test(probe.reason)
          ? "add the host key to the target's knownHosts: ssh-keyscan -p PORT HOST >> known_hosts, then compare its fingerprint with the host's own (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub on the host)"
          : 'check the address, port and that the bot\'s key is in the target user\'s authorized_keys (docs/DEPLOY.md, "SSH targets")',
      );
      continue;
    }
    if (!probe.workdir) {
      problems.push(`${where}: workdir ${target.workdir ?? '?'} does not exist there`);
      hints.add('create the workdir on the host, or fix `workdir` of the target in the binding');
    }
    if (probe.missing.length > 0) {
      problems.push(`${where}: not on its PATH: ${listSome(probe.missing)}`);
      hints.add("install the programs on the host, or set PATH in the target's `env`");
    }
  }
  if (problems.length > 0) return failed(name, 'error', problems.join('; '), [...hints].join('\n'));
  return passed(
    name,
    `${listSome(probed.map((entry) => entry.target.name))}: reachable, host key known, workdir and programs present`,
  );
}
