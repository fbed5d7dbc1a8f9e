// SSH targets (issue 17): a diagnose over 10 real sshd "hosts" on 127.0.0.1, each answering after
// its own delay, must take at most the slowest host alone + 1 s; a second section on a host must
// reuse the connection (handshakes counted in sshd's log). Standalone:
//   node --import tsx bench/measure-ssh-targets.ts
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { findSection } from '../src/core/catalog.ts';
import { loadCatalog } from '../src/core/load-catalog.ts';
import { systemClock } from '../src/core/ports.ts';
import { prepareTargetRunner } from '../src/core/targets/prepare-target-runner.ts';
import { runOnTargets } from '../src/core/targets/run-on-targets.ts';
import { createSshPool } from '../src/exec/targets/ssh-connection.ts';
import { createMetrics } from '../src/observability/metrics.ts';
import { startSshLab } from '../tests/support/ssh-hosts.ts';
import { machineLoad, mastersCpuMs, ownCpuMs, treeCpuMs } from './process-cpu.ts';

export interface SshTargetsBench {
  hosts: number;
  /** Diagnose on the slowest host alone (fresh connection), ms. */
  slowestHostMs: number;
  /** Diagnose on all hosts at once (fresh connections), ms. */
  fleetMs: number;
  /** Handshakes sshd logged for one host after two sections (one expected). */
  handshakesForTwoSections: number;
  /**
   * CPU the fleet run used, ms: this process (the bot's code), its ssh clients and control
   * masters, and the hosts' sshd with their sessions. Against `fleetMs` × cores it tells whether
   * the run waited for the machine's cores: real hosts do their sshd work on their own CPUs.
   */
  fleetCpuMs: { bot: number; sshClients: number; sshd: number };
  /** How busy the machine was when the fleet run started (other jobs disturb the figures). */
  load: { loadAverage1m: number; cores: number };
}

const RUNBOOK = `# Fleet bench

## Diagnose

### Check the API health
\`\`\`bash
sleep "$(cat delay.txt)"; cat health.txt
\`\`\`

Expected: \`healthy\`

### Show the version
\`\`\`bash
cat version.txt
\`\`\`

## Disk

### Show the disk
\`\`\`bash
df -h .
\`\`\`
`;

export async function measureSshTargets(hostCount = 10): Promise<SshTargetsBench> {
  const lab = await startSshLab(hostCount);
  const dir = mkdtempSync(join(tmpdir(), 'rb-bench-ssh-'));
  try {
    const names = lab.hosts.map((_, index) => `api-${index + 1}`);
    lab.hosts.forEach((host, index) => {
      writeFileSync(join(host.workdir, 'delay.txt'), `${(0.2 + 0.2 * index).toFixed(1)}\n`);
      writeFileSync(join(host.workdir, 'health.txt'), 'healthy\n');
      writeFileSync(join(host.workdir, 'version.txt'), `v1.${index}\n`);
      writeFileSync(join(host.workdir, '.env'), `API_TOKEN=bench-token-${index}-abcdef\n`);
    });
    mkdirSync(join(dir, 'runbooks'));
    writeFileSync(join(dir, 'runbooks', 'fleet.md'), RUNBOOK);
    writeFileSync(
      join(dir, 'runbooks', 'fleet.yml'),
      stringify({
        command: '/fleet',
        locale: 'en',
        targets: Object.fromEntries(names.map((name, index) => [name, lab.targetSpec(lab.hosts[index]!)])),
      }),
    );
    const { catalog } = await loadCatalog(join(dir, 'runbooks'));
    const bound = catalog.byRunbookId('fleet');
    if (!bound) throw new Error('bench runbook did not load');
    const diagnose = findSection(bound.runbook, 'diagnose');
    const disk = findSection(bound.runbook, 'disk');
    if (!diagnose || !disk) throw new Error('bench sections missing');

    const session = () => {
      const pool = createSshPool({ clock: systemClock });
      const runners = new Map<string, ReturnType<typeof prepareTargetRunner>>();
      const deps = {
        clock: systemClock,
        metrics: createMetrics({ processMetrics: false }),
        runnerFor: (b: typeof bound, target?: string | null) => {
          const key = target ?? '';
          let runner = runners.get(key);
          if (!runner) {
            runner = prepareTargetRunner({
              bound: b,
              target: key,
              env: process.env,
              clock: systemClock,
              pool,
            });
            runners.set(key, runner);
          }
          return runner;
        },
      };
      const run = async (section: typeof diagnose, targets: string[]) => {
        const started = performance.now();
        const runs = await runOnTargets(deps, bound, section, targets, {
          approved: false,
          actor: 'cli:bench',
        });
        const failed = runs.filter(
          (entry) => entry.run === null || entry.run.steps.some((step) => step.status !== 'pass'),
        );
        if (failed.length > 0)
          throw new Error(`bench run failed on ${failed.map((entry) => entry.target).join(', ')}`);
        return performance.now() - started;
      };
      return { run, close: () => pool.closeAll() };
    };

    const slowest = names.at(-1) as string;
    const alone = session();
    const slowestHostMs = await alone.run(diagnose, [slowest]);
    await alone.close();

    const fleet = session();
    const before = lab.hosts[0]!.handshakes();
    const sshdPids = lab.hosts.map((host) => host.pid);
    const mastersOf = join(tmpdir(), 'rb-ssh-');
    const load = machineLoad();
    const cpuBefore = { own: ownCpuMs(), sshd: treeCpuMs(sshdPids), masters: mastersCpuMs(mastersOf) };
    const fleetMs = await fleet.run(diagnose, names);
    const own = ownCpuMs();
    const fleetCpuMs = {
      bot: Math.round(own.selfMs - cpuBefore.own.selfMs),
      sshClients: Math.round(
        own.childrenMs - cpuBefore.own.childrenMs + mastersCpuMs(mastersOf) - cpuBefore.masters,
      ),
      sshd: Math.round(treeCpuMs(sshdPids) - cpuBefore.sshd),
    };
    await fleet.run(disk, [names[0]!]);
    const handshakesForTwoSections = lab.hosts[0]!.handshakes() - before;
    await fleet.close();
    return { hosts: hostCount, slowestHostMs, fleetMs, handshakesForTwoSections, fleetCpuMs, load };
  } finally {
    await lab.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await measureSshTargets();
  const holds = result.fleetMs <= result.slowestHostMs + 1000 && result.handshakesForTwoSections === 1;
  process.stdout.write(`${JSON.stringify({ ...result, holds }, null, 2)}\n`);
  process.exit(holds ? 0 : 1);
}
