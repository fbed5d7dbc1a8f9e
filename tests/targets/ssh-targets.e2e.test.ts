// Targets over SSH against real OpenSSH servers (Debian's openssh-server) on 127.0.0.1: each sshd
// is a "host" with its own workdir and state. `runbook-bot run` is driven in-process; what is
// checked is what an operator sees (the matrix, --json, the exit code) and what happened on the
// hosts (a marker file, the process table, the secret nowhere).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { systemClock } from '../../src/core/ports.ts';
import { checkTargets } from '../../src/doctor/check-targets.ts';
import { probeSshTarget } from '../../src/doctor/probe-ssh-target.ts';
import { sshTargetOf } from '../../src/exec/targets/ssh-target.ts';
import { openStore, storeFileName } from '../../src/store/sqlite-store.ts';
import { cliEnv, processTable, runInProcess } from '../cli/run-cli-harness.ts';
import { type SshLab, startSshLab } from '../support/ssh-hosts.ts';

const RUNBOOK = `# Fleet API down

## Diagnose

### Check the API health
\`\`\`bash
cat health.txt
\`\`\`

Expected: \`healthy\`

### Show the app config
\`\`\`bash
cat app.conf
\`\`\`

### Show where it runs
\`\`\`bash
pwd
\`\`\`

## Restart the API

\`\`\`bash
echo restarted >> restart.marker
\`\`\`

## Show a note

### Echo the note
\`\`\`bash
echo "note: <note>"
\`\`\`

## Hang

### Never ends
\`\`\`bash
sleep 7391 & sleep 7392; wait
\`\`\`
`;

/** A value of each host's remote .env: it must never appear in any output. */
const secretOf = (index: number) => `s3cr3t-remote-${index}-${'x'.repeat(12)}-Q9`;

let lab: SshLab;
let dir = '';
let runbooks = '';
let dataDir = '';
let deadSpec: Record<string, unknown> = {};

function writeBinding(extra: Record<string, unknown> = {}): void {
  const [one, two, three] = lab.hosts;
  writeFileSync(
    join(runbooks, 'fleet.yml'),
    stringify({
      command: '/fleet',
      locale: 'en',
      subcommands: { diagnose: 'diagnose', restart: 'restart-the-api', hang: 'hang' },
      steps: { 'never-ends': { timeout: '2s', risk: 'read' } },
      params: { note: { describe: 'free text, quotes allowed' } },
      approvers: { users: ['U222'], maxPerHour: 10 },
      targets: {
        'api-1': lab.targetSpec(one!),
        'api-2': lab.targetSpec(two!),
        'api-3': lab.targetSpec(three!),
        down: deadSpec,
        local: { env: { FLEET_MODE: 'local-env' }, workdir: one!.workdir },
      },
      defaultTargets: ['api-1', 'api-2', 'api-3'],
      ...extra,
    }),
  );
}

beforeAll(async () => {
  lab = await startSshLab(3);
  deadSpec = await lab.deadSpec();
  dir = mkdtempSync(join(tmpdir(), 'rb-targets-'));
  runbooks = join(dir, 'runbooks');
  dataDir = join(dir, 'data');
  mkdirSync(runbooks);
  mkdirSync(dataDir);
  writeFileSync(join(runbooks, 'fleet.md'), RUNBOOK);
  writeBinding();
  lab.hosts.forEach((host, index) => {
    const n = index + 1;
    writeFileSync(join(host.workdir, 'health.txt'), n === 2 ? 'unhealthy\n' : 'healthy\n');
    writeFileSync(join(host.workdir, '.env'), `DB_PASSWORD=${secretOf(n)}\nAPP_NAME=fleet\n`, {
      mode: 0o600,
    });
    writeFileSync(
      join(host.workdir, 'app.conf'),
      `name=api-${n}\nconnect=postgres://app@db/main pass ${secretOf(n)}\n`,
    );
  });
}, 60_000);

afterAll(async () => {
  await lab?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const env = () => cliEnv({ RUNBOOKS_DIR: runbooks, DATA_DIR: dataDir });
const run = (...argv: string[]) => runInProcess(['run', 'fleet', ...argv], { env: env() });

interface FleetJson {
  runbook: string;
  section: string;
  runs: {
    target: string;
    unreachable?: string;
    steps: { id: string; status: string; output: string; verdict: string }[];
  }[];
}

describe('targets over SSH (real sshd)', { timeout: 180_000 }, () => {
  it('runs a section on one SSH target, in its workdir', async () => {
    const result = await run('diagnose', '--target', 'api-1', '--json');
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as { target: string; steps: FleetJson['runs'][0]['steps'] };
    expect(json.target).toBe('api-1');
    expect(json.steps.map((step) => step.status)).toEqual(['pass', 'pass', 'pass']);
    const pwd = json.steps.find((step) => step.id.includes('where'));
    expect(pwd?.output.trim()).toBe(lab.hosts[0]!.workdir);
  });

  it('runs on three hosts in parallel and shows each host its own state', async () => {
    const result = await run('diagnose', '--json');
    expect(result.code).toBe(1);
    const json = JSON.parse(result.stdout) as FleetJson;
    expect(json.runbook).toBe('fleet');
    expect(json.section).toBe('diagnose');
    expect(json.runs.map((entry) => entry.target)).toEqual(['api-1', 'api-2', 'api-3']);
    const health = json.runs.map((entry) => entry.steps[0]?.status);
    expect(health).toEqual(['pass', 'fail', 'pass']);
    expect(json.runs[1]!.steps[0]!.output).toBe('unhealthy\n');

    const text = await run('diagnose');
    expect(text.stdout).toMatch(/^api-1\s+ok\b/m);
    expect(text.stdout).toMatch(/^api-2\s+FAIL\b/m);
    expect(text.stdout).toMatch(/api-2: Check the API health/);
  });

  it('reports a host that is down as unreachable, fast, and the others normally', async () => {
    const result = await run(
      'diagnose',
      '--target',
      'api-1',
      '--target',
      'down',
      '--target',
      'api-3',
      '--json',
    );
    expect(result.code).toBe(1);
    const json = JSON.parse(result.stdout) as FleetJson;
    const down = json.runs.find((entry) => entry.target === 'down');
    expect(down?.unreachable).toMatch(/refused|timed out|unreachable/i);
    expect(down?.steps).toEqual([]);
    for (const name of ['api-1', 'api-3']) {
      expect(json.runs.find((entry) => entry.target === name)?.steps[0]?.status).toBe('pass');
    }
  });

  it('refuses a host whose key is not in known_hosts, and runs nothing there', async () => {
    const other = lab.hosts[1]!;
    // A known_hosts with every host but api-2: its key is unknown, never accepted on first use.
    const strangerHosts = join(dir, 'stranger_known_hosts');
    writeFileSync(
      strangerHosts,
      readFileSync(lab.knownHosts, 'utf8')
        .split('\n')
        .filter((line) => !line.startsWith(`[127.0.0.1]:${other.port} `))
        .join('\n'),
    );
    writeBinding({
      targets: { 'api-2': lab.targetSpec(other, { knownHosts: strangerHosts }) },
      defaultTargets: ['api-2'],
    });
    try {
      const marker = join(other.workdir, 'restart.marker');
      rmSync(marker, { force: true });
      const result = await run('diagnose', '--json');
      expect(result.code).toBe(1);
      const json = JSON.parse(result.stdout) as { target: string; unreachable?: string };
      expect(json.unreachable).toMatch(/host key verification failed: the host's key is not in known_hosts/);
      const change = await run('restart', '--target', 'api-2', '--yes');
      expect(change.code).not.toBe(0);
      expect(existsSync(marker)).toBe(false);
    } finally {
      writeBinding();
    }
  });

  it('runs a change on the one named host only, recorded with the host', async () => {
    for (const host of lab.hosts) rmSync(join(host.workdir, 'restart.marker'), { force: true });
    const refused = await run('restart', '--yes');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/exactly one target/);
    const refusedTwo = await run('restart', '--target', 'api-1', '--target', 'api-2', '--yes');
    expect(refusedTwo.code).toBe(2);
    for (const host of lab.hosts) expect(existsSync(join(host.workdir, 'restart.marker'))).toBe(false);

    const result = await run('restart', '--target', 'api-2', '--yes', '--json');
    expect(result.stderr).not.toMatch(/Error/);
    const markers = lab.hosts.map((host) => existsSync(join(host.workdir, 'restart.marker')));
    expect(markers).toEqual([false, true, false]);
    expect(readFileSync(join(lab.hosts[1]!.workdir, 'restart.marker'), 'utf8')).toBe('restarted\n');

    const store = openStore({
      file: join(dataDir, storeFileName),
      clock: { now: () => Date.now() } as never,
    });
    try {
      const approvals = store.listExpiredPending(Number.MAX_SAFE_INTEGER);
      expect(approvals.every((approval) => approval.service !== 'fleet')).toBe(true);
      const incident = store.listIncidents({ limit: 10 }).find((entry) => entry.runbook === 'fleet');
      const timeline = incident ? store.listTimeline(incident.id) : [];
      expect(timeline.some((entry) => /on api-2/.test(entry.summary))).toBe(true);
    } finally {
      store.close();
    }
  });

  it('carries a parameter value to the remote shell as data, never as code', async () => {
    const marker = join(dir, 'pwned.marker');
    const evil = `x'; touch ${marker}; echo '$(touch ${marker}) \`touch ${marker}\` "$HOME" \\ end`;
    const result = await run('show-a-note', '--target', 'api-1', '--param', `note=${evil}`, '--json');
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as { steps: { output: string }[] };
    expect(json.steps[0]?.output).toBe(`note: ${evil}\n`);
    expect(existsSync(marker)).toBe(false);
  });

  it('kills the remote process tree on timeout: nothing is left running there', async () => {
    const result = await run('hang', '--target', 'api-3', '--json');
    const json = JSON.parse(result.stdout) as { steps: { status: string; timedOut: boolean }[] };
    expect(json.steps[0]?.status).toBe('timeout');
    let left: string[] = [];
    for (let attempt = 0; attempt < 100; attempt++) {
      left = (await processTable()).filter((row) => /sleep 739[12]/.test(row.args)).map((row) => row.args);
      if (left.length === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(left).toEqual([]);
  });

  it('never shows a secret of the remote .env, in the matrix, the progress or --json', async () => {
    const text = await run('diagnose', '--target', 'api-1', '--target', 'api-2', '--target', 'api-3');
    const json = await run(
      'diagnose',
      '--json',
      '--target',
      'api-1',
      '--target',
      'api-2',
      '--target',
      'api-3',
    );
    const parsed = JSON.parse(json.stdout) as FleetJson;
    const config = parsed.runs[0]!.steps.find((step) => step.id.includes('config'));
    expect(config?.output).toContain('name=api-1');
    expect(config?.output).toContain('[redacted]');
    const everything = [text.stdout, text.stderr, json.stdout, json.stderr].join('\n');
    for (const n of [1, 2, 3]) expect(everything).not.toContain(secretOf(n));
  });

  it('runs a local target with its extra environment', async () => {
    writeFileSync(
      join(runbooks, 'envcheck.md'),
      '# Env check\n\n## Diagnose\n\n### Show the mode\n```bash\necho "mode=$FLEET_MODE"\n```\n',
    );
    writeFileSync(
      join(runbooks, 'envcheck.yml'),
      stringify({
        command: '/envcheck',
        locale: 'en',
        targets: { here: { env: { FLEET_MODE: 'local-env' } } },
      }),
    );
    const result = await runInProcess(['run', 'envcheck', 'diagnose', '--json'], { env: env() });
    const json = JSON.parse(result.stdout) as { target: string; steps: { output: string }[] };
    expect(json.target).toBe('here');
    expect(json.steps[0]?.output).toContain('mode=local-env');
  });

  it('doctor checks each target: reachable, host key known, workdir and programs present', async () => {
    const [one, two, three] = lab.hosts;
    const specs = {
      'api-1': lab.targetSpec(one!),
      'api-2': lab.targetSpec(two!, { workdir: join(two!.workdir, 'missing') }),
      'api-3': lab.targetSpec(three!, { env: { PATH: '/nonexistent' } }),
      down: deadSpec,
    };
    const targets = Object.entries(specs).map(([name, spec]) => sshTargetOf(name, spec as never)!);
    const result = await checkTargets({
      runbooks: [
        { id: 'fleet', targets, commands: ['curl -fsS http://localhost:8080/health', 'cat health.txt'] },
      ],
      probe: (target, programs) => probeSshTarget(target, programs, systemClock),
    });
    expect(result.ok).toBe(false);
    expect(result.message).not.toMatch(/fleet\/api-1/);
    expect(result.message).toMatch(/fleet\/api-2 .*workdir .*missing does not exist there/);
    expect(result.message).toMatch(/fleet\/api-3 .*not on its PATH: (cat, curl|curl, cat)/);
    expect(result.message).toMatch(/fleet\/down .*(refused|timed out)/i);

    const healthy = await checkTargets({
      runbooks: [{ id: 'fleet', targets: targets.slice(0, 1), commands: ['cat health.txt'] }],
      probe: (target, programs) => probeSshTarget(target, programs, systemClock),
    });
    expect(healthy).toMatchObject({ ok: true });
    expect(healthy.message).toMatch(/api-1: reachable, host key known/);
  });
});
