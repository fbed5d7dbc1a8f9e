// Targets without any process: the binding's rules for them, the words of the slash command, which
// targets a run or a change goes to, the quoting that carries values to a remote shell, the ssh
// options, the fingerprint per host, and the remote scripts' shapes.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeChange } from '../../src/core/approvals/change-fingerprint.ts';
import { serviceOf, targetOfApproval } from '../../src/core/approvals/change-lock.ts';
import { parseCommandText } from '../../src/core/parse-command-text.ts';
import { changeTarget, readTargets } from '../../src/core/targets/resolve-targets.ts';
import { fleetNotices } from '../../src/core/targets/run-fleet-for-incident.ts';
import { killScript, REMOTE_ENTRY, stepLauncher } from '../../src/exec/targets/remote-scripts.ts';
import { exportLine, quoteShell } from '../../src/exec/targets/shell-quote.ts';
import { describeConnectFailure } from '../../src/exec/targets/ssh-connection.ts';
import { sshArgs } from '../../src/exec/targets/ssh-target.ts';
import { describeTimelineEntry } from '../../src/render/common/describe-timeline-entry.ts';
import { bindingSchema } from '../../src/runbook/binding/binding-schema.ts';
import { loadRunbookFile } from '../../src/runbook/load-runbooks.ts';
import { smallBoundRunbook } from '../core/bound-runbook-fixture.ts';

const targets = {
  'api-1': {
    ssh: 'ops@10.0.0.11',
    port: 22,
    knownHosts: '/etc/runbook-bot/known_hosts',
    workdir: '/opt/app',
  },
  'api-2': { ssh: 'ops@10.0.0.12' },
  staging: { env: { DOCKER_HOST: 'ssh://ops@staging-1' } },
};

function boundWithTargets(extra: Record<string, unknown> = {}) {
  const bound = smallBoundRunbook();
  const binding = bindingSchema.parse({
    command: bound.binding.command,
    subcommands: bound.binding.subcommands,
    targets,
    ...extra,
  });
  return { ...bound, binding };
}

describe('binding targets', () => {
  it('accepts the DESIGN §10 example', () => {
    const binding = bindingSchema.parse({ command: '/apidown', targets, defaultTargets: ['api-1', 'api-2'] });
    expect(Object.keys(binding.targets)).toEqual(['api-1', 'api-2', 'staging']);
    expect(binding.defaultTargets).toEqual(['api-1', 'api-2']);
  });

  it.each([
    ['an option as destination', { ssh: '-oProxyCommand=touch /tmp/x' }],
    ['blanks in the destination', { ssh: 'ops@host -v' }],
    ['a relative key file', { ssh: 'ops@h', identityFile: 'id_ed25519' }],
    ['a key path with blanks', { ssh: 'ops@h', knownHosts: '/etc/known hosts' }],
    ['ssh keys on a local target', { env: { A: 'b' }, port: 22 }],
    ['a target with nothing', {}],
    ['a lowercase env name', { env: { docker_host: 'x' } }],
  ])('refuses %s', (_label, spec) => {
    expect(bindingSchema.safeParse({ command: '/apidown', targets: { t: spec } }).success).toBe(false);
  });

  it('refuses a target name that could be mistaken for a parameter or an option', () => {
    for (const name of ['pod=x', '--x', 'API 1', '']) {
      expect(
        bindingSchema.safeParse({ command: '/apidown', targets: { [name]: { ssh: 'h' } } }).success,
      ).toBe(false);
    }
  });
});

describe('which targets', () => {
  it('reads run on the named targets, else on the default ones, else on every target', () => {
    expect(readTargets(boundWithTargets(), ['api-2', 'api-2'])).toEqual(['api-2']);
    expect(readTargets(boundWithTargets({ defaultTargets: ['api-1'] }), [])).toEqual(['api-1']);
    expect(readTargets(boundWithTargets(), [])).toEqual(['api-1', 'api-2', 'staging']);
    expect(readTargets(smallBoundRunbook(), [])).toBeNull();
  });

  it('refuses an unknown target with the valid names and the likely one', () => {
    expect(() => readTargets(boundWithTargets(), ['api-3'])).toThrow(
      /unknown target "api-3".*api-1, api-2, staging/,
    );
    expect(() => readTargets(smallBoundRunbook(), ['api-1'])).toThrow(/has no targets/);
  });

  it('a change names exactly one target', () => {
    expect(changeTarget(boundWithTargets(), ['api-2'])).toBe('api-2');
    expect(() => changeTarget(boundWithTargets(), [])).toThrow(/exactly one target; name one/);
    expect(() => changeTarget(boundWithTargets(), ['api-1', 'api-2'])).toThrow(/exactly one target, not 2/);
    expect(changeTarget(smallBoundRunbook(), [])).toBeNull();
  });
});

describe('slash command words', () => {
  it('reads target names after the subcommand, before the values', () => {
    const intent = parseCommandText('restart api-2 pod=x', boundWithTargets());
    expect(intent).toMatchObject({
      kind: 'section',
      subcommand: 'restart',
      targets: ['api-2'],
      params: { pod: 'x' },
    });
    expect(parseCommandText('diagnose api-1 api-2', boundWithTargets())).toMatchObject({
      targets: ['api-1', 'api-2'],
    });
    expect(parseCommandText('diagnose', boundWithTargets())).not.toHaveProperty('targets');
  });

  it('says which targets exist when a host name is mistyped', () => {
    const intent = parseCommandText('diagnose api-3', boundWithTargets());
    expect(intent).toMatchObject({ kind: 'invalid', suggestion: 'api-1' });
    expect(intent.kind === 'invalid' && intent.message).toMatch(/unknown target `api-3`/);
  });
});

describe('quoting for the remote shell', () => {
  it.each(['plain', "it's", '$(touch /tmp/pwned)', '`id`', 'a\nb', "' ; rm -rf / ; '", '"$HOME"', '\\', ''])(
    'quotes %j as one single-quoted word',
    (value) => {
      const quoted = quoteShell(value);
      expect(quoted.startsWith("'") && quoted.endsWith("'")).toBe(true);
      // Outside the '\'' sequences nothing but the value's own characters stands between quotes.
      expect(quoted.slice(1, -1).split(`'\\''`).join("'")).toBe(value);
    },
  );

  it('refuses NUL and names that are not variable names', () => {
    expect(() => quoteShell('a\0b')).toThrow();
    expect(() => exportLine({ 'A;touch x': 'v' })).toThrow();
    expect(exportLine({ RB_POD: "x'y" })).toBe(`export RB_POD='x'\\''y'`);
  });

  it('puts no value into the command line ssh runs: the script goes on stdin', () => {
    const launcher = stepLauncher({
      command: 'echo "$RB_POD"',
      workdir: '/opt/app',
      env: { RB_POD: 'v4lue' },
      nonce: 'n',
      backstopSeconds: 5,
    });
    expect(REMOTE_ENTRY).not.toContain('v4lue');
    expect(launcher).toContain(`export RB_POD='v4lue'`);
    expect(launcher).toContain(`bash --norc --noprofile -o pipefail -o nounset -c 'echo "$RB_POD"'`);
    expect(() => killScript(1, 'KILL')).toThrow();
  });
});

describe('ssh options', () => {
  it('batch mode, strict host keys from the given file, no forwarding, reuse, connect timeout', () => {
    const args = sshArgs(
      {
        name: 'api-1',
        destination: 'ops@10.0.0.11',
        port: 2222,
        knownHosts: '/k',
        identityFile: '/id',
        connectTimeout: 3,
      },
      '/tmp/rb-ssh-x/c1',
      60,
    ).join(' ');
    for (const option of [
      'BatchMode=yes',
      'StrictHostKeyChecking=yes',
      'UserKnownHostsFile=/k',
      'ForwardAgent=no',
      'IdentitiesOnly=yes',
      'ControlMaster=auto',
      'ControlPath=/tmp/rb-ssh-x/c1',
      'ControlPersist=60s',
      'ConnectTimeout=3',
    ]) {
      expect(args).toContain(option);
    }
    expect(args).toContain('-p 2222');
  });

  it('says why a connection failed in a few words', () => {
    expect(describeConnectFailure('Host key verification failed.\n', 255)).toMatch(/not in known_hosts/);
    expect(describeConnectFailure('ssh: connect to host 127.0.0.1 port 1: Connection refused\n', 255)).toBe(
      'connect to host 127.0.0.1 port 1: Connection refused',
    );
  });
});

describe('one approval per host', () => {
  it('the lock and breaker key and the fingerprint name the host', () => {
    const bound = boundWithTargets();
    expect(serviceOf(bound, 'api-2')).toBe(`${serviceOf(bound)}@api-2`);
    expect(targetOfApproval(bound, { service: serviceOf(bound, 'api-2') })).toBe('api-2');
    expect(targetOfApproval(bound, { service: serviceOf(bound) })).toBeNull();
    const section = bound.runbook.sections.find((candidate) =>
      candidate.steps.some((step) => step.kind === 'command' && step.risk === 'change'),
    )!;
    const on = (name: string) =>
      JSON.stringify(
        describeChange(bound, section, {
          workdir: null,
          target: { kind: 'ssh', name, ...targets[name as 'api-1'] },
        }),
      );
    expect(on('api-1')).not.toBe(on('api-2'));
    // Without targets, the description is what it was before targets existed.
    expect(describeChange(smallBoundRunbook(), section, { workdir: '/w' }).target).toEqual({
      kind: 'local',
      workdir: '/w',
    });
  });
});

describe('the incident record names the host', () => {
  const sections = [{ id: 'restart', title: 'Restart the API' }];
  const entry = (kind: string, data: Record<string, unknown>, summary = 'x') =>
    ({ id: 1, incidentId: 1, at: 0, actor: 'U1', kind, summary, data }) as never;

  it('a run on a target, a change for a target, an unreachable host', () => {
    expect(
      describeTimelineEntry(
        entry('section_run', { sectionId: 'restart', target: 'api-2', steps: [{ status: 'pass' }] }),
        'en',
        sections,
      ),
    ).toContain('Restart the API [api-2]');
    expect(
      describeTimelineEntry(
        entry('approval_requested', { sectionId: 'restart', service: 'atendechat@api-2' }),
        'en',
        sections,
      ),
    ).toContain('[api-2]');
    expect(
      describeTimelineEntry(
        entry(
          'section_run',
          { sectionId: 'restart', target: 'api-3', unreachable: 'Connection refused', steps: [] },
          'Restart the API on api-3: unreachable (Connection refused)',
        ),
        'en',
        sections,
      ),
    ).toBe('Restart the API on api-3: unreachable (Connection refused)');
  });

  it("the card's hosts line, from the latest fleet run", () => {
    const notices = fleetNotices([
      entry('section_run', { fleet: 'a', target: 'api-1', steps: [{ status: 'fail' }] }),
      entry('section_run', { fleet: 'b', target: 'api-2', steps: [{ status: 'fail' }] }),
      entry('section_run', { fleet: 'b', target: 'api-1', steps: [{ status: 'pass' }] }),
      entry('section_run', { fleet: 'b', target: 'api-3', unreachable: 'refused', steps: [] }),
    ]);
    expect(notices).toEqual([{ icon: 'hosts', text: '✅ api-1 · ❌ api-2 unhealthy · ⚠️ api-3 unreachable' }]);
    expect(fleetNotices([])).toEqual([]);
  });
});

describe('lint', () => {
  /** Loads a one-step runbook `fleet.md` beside the binding `fleet.yml` given, as lint does. */
  const loadFleet = async (binding: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'rb-targets-lint-'));
    try {
      writeFileSync(
        join(dir, 'fleet.md'),
        '# Fleet\n\n## Diagnose\n\n### Health\n```bash\ncat health.txt\n```\n',
      );
      writeFileSync(join(dir, 'fleet.yml'), binding);
      return await loadRunbookFile(join(dir, 'fleet.md'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  it('names a default target the binding does not define', async () => {
    const result = await loadFleet(
      'command: /fleet\ntargets:\n  api-1: { ssh: ops@10.0.0.11 }\ndefaultTargets: [api-1, api-11]\n',
    );
    const messages = result.problems.map((problem) => problem.message);
    expect(messages).toContain('defaultTargets: "api-11" is not one of the binding\'s targets');
  });

  it('names a schedule target the binding does not define, on the line of that target', async () => {
    const result = await loadFleet(
      [
        'command: /fleet',
        'targets:',
        '  api-1: { ssh: ops@10.0.0.11 }',
        'schedules:',
        '  - id: weekly-drift',
        '    drift: true',
        '    every: 7d',
        '    channel: C0123ABCD',
        '    target: api-7',
        '',
      ].join('\n'),
    );
    const problem = result.problems.find((entry) => entry.message.includes('api-7'));
    expect(problem?.message).toBe('schedule "weekly-drift": "api-7" is not one of the binding\'s targets');
    expect(problem?.level).toBe('error');
    expect(problem?.line).toBe(9);
  });
});
