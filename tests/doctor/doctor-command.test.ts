import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createDoctorCommand,
  type DoctorDeps,
  type DoctorRunbooks,
} from '../../src/cli/doctor/doctor-command.ts';
import { FakeClock } from '../support/fake-clock.ts';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack.ts';

const goodToken = 'xoxb-good-token';
let slack: FakeSlack;
let work: string;

beforeAll(async () => {
  slack = await startFakeSlack({ token: goodToken });
});
afterAll(async () => {
  await slack.stop();
});
afterEach(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

const healthyRunbooks: DoctorRunbooks = {
  runbooks: [
    {
      id: 'api-down',
      commands: ['docker compose -f compose.prod.yml ps api', 'curl -f http://localhost:8080/api/v1/health'],
      workdirs: ['/opt/atendechat'],
      rolesUsed: ['DevOps Lead', 'Tech Lead', 'CTO'],
      rolesMapped: ['DevOps Lead', 'Tech Lead', 'CTO'],
    },
  ],
  problems: [],
};

/** A healthy host: everything on PATH, the workdir there, the port free. Slack is the fake (real WebClient). */
function fakeHost(overrides: Partial<DoctorDeps> = {}): Partial<DoctorDeps> {
  return {
    loadRunbooks: async () => healthyRunbooks,
    which: async () => true,
    dockerCompose: async () => true,
    dirExists: async (dir) => dir === '/opt/atendechat',
    portFree: async () => true,
    ...overrides,
  };
}

async function runDoctorCli(deps: Partial<DoctorDeps>, env: Record<string, string>) {
  work = mkdtempSync(join(tmpdir(), 'doctor-cli-'));
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  const code = await createDoctorCommand(deps)(['--no-color'], {
    stdout,
    stderr,
    stdin: new PassThrough(),
    env: {
      SLACK_BOT_TOKEN: goodToken,
      SLACK_SIGNING_SECRET: '8f14e45fceea167a5a36dedd4bea2543',
      SLACK_API_URL: slack.url,
      DATA_DIR: join(work, 'data'),
      PATH: '/usr/bin:/bin',
      ...env,
    },
    cwd: work,
    clock: new FakeClock(),
  });
  return { code, out };
}

describe('runbook-bot doctor', () => {
  it('exits 0 with a ✔ line per check on a good set-up', async () => {
    const { code, out } = await runDoctorCli(fakeHost(), {});
    expect(code).toBe(0);
    expect(out).not.toContain('✖');
    expect(out).toContain('✔ Slack bot token: auth.test passed');
    expect(out).toContain('✔ Connection mode: HTTP mode');
    expect(out).toContain('✔ Runbooks and bindings: lint clean (1 runbook)');
    expect(out).toContain('✔ Programs the runbooks call: all 2 found: curl, docker');
    expect(out).toContain('✔ Data folder:');
    expect(out).toContain('✔ Escalation roles (api-down): all mapped');
    expect(out).toContain('0 errors, 0 warnings: ready to handle incidents.');
    expect(slack.callsTo('auth.test').at(-1)?.token).toBe(goodToken);
  });

  it('exits 1 and names invalid_auth when the fake Slack rejects the token', async () => {
    const { code, out } = await runDoctorCli(fakeHost(), { SLACK_BOT_TOKEN: 'xoxb-revoked-token' });
    expect(code).toBe(1);
    expect(out).toContain('✖ Slack bot token: Slack rejected the bot token: invalid_auth');
    expect(out).toContain('    check SLACK_BOT_TOKEN (xoxb-…) — reinstall the app to get a new one');
  });

  it('exits 1 and names the missing program', async () => {
    const { code, out } = await runDoctorCli(fakeHost({ which: async (program) => program !== 'curl' }), {});
    expect(code).toBe(1);
    expect(out).toContain('✖ Programs the runbooks call: missing: curl (1 step)');
    expect(out).toContain('    curl: apt-get install curl');
  });

  it('exits 1 when DATA_DIR cannot be written', async () => {
    work = mkdtempSync(join(tmpdir(), 'doctor-cli-'));
    const file = join(work, 'file');
    writeFileSync(file, 'x');
    const { code, out } = await runDoctorCli(fakeHost(), { DATA_DIR: join(file, 'data') });
    expect(code).toBe(1);
    expect(out).toMatch(/✖ Data folder: .*\/file\/data is not writable \(ENOTDIR\)/);
  });

  it('exits 1 and names an unmapped role', async () => {
    const [runbook] = healthyRunbooks.runbooks;
    const loadRunbooks = async (): Promise<DoctorRunbooks> => ({
      problems: [],
      runbooks: [{ ...runbook!, rolesMapped: ['DevOps Lead', 'Tech Lead'] }],
    });
    const { code, out } = await runDoctorCli(fakeHost({ loadRunbooks }), {});
    expect(code).toBe(1);
    expect(out).toContain('✖ Escalation roles (api-down): not mapped to anyone in Slack: CTO');
  });

  it('exits 0 with only warnings, 1 with lint errors', async () => {
    const warn = await runDoctorCli(fakeHost({ portFree: async () => false }), {});
    expect(warn.code).toBe(0);
    expect(warn.out).toContain('! Connection mode:');
    expect(warn.out).toContain('0 errors, 1 warning');
    const lint = await runDoctorCli(
      fakeHost({
        loadRunbooks: async () => ({
          ...healthyRunbooks,
          problems: [
            { file: 'runbooks/api-down.yml', line: 3, level: 'error', message: 'unknown section id "x"' },
          ],
        }),
      }),
      {},
    );
    expect(lint.code).toBe(1);
    expect(lint.out).toContain('    runbooks/api-down.yml:3: error: unknown section id "x"');
  });

  it('reports missing configuration and a runbook loader that fails, without crashing', async () => {
    const { code, out } = await runDoctorCli(
      fakeHost({
        loadRunbooks: async () => {
          throw new Error('ENOENT: no such file or directory, scandir runbooks');
        },
      }),
      { SLACK_BOT_TOKEN: '', SLACK_SIGNING_SECRET: '' },
    );
    expect(code).toBe(1);
    expect(out).toContain('✖ Configuration: the bot cannot start');
    expect(out).toContain('✖ Slack bot token: SLACK_BOT_TOKEN is not set');
    expect(out).toContain('✖ Runbooks and bindings: the check itself failed: ENOENT');
  });
});

describe('runbook-bot doctor with the real runbook loader', () => {
  it('lints the repository runbooks and checks the programs the API DOWN runbook calls', async () => {
    const asked: string[] = [];
    const repoRunbooks = new URL('../../runbooks', import.meta.url).pathname;
    const { out } = await runDoctorCli(
      {
        which: async (program) => {
          asked.push(program);
          return true;
        },
        dockerCompose: async () => true,
        dirExists: async () => true,
        portFree: async () => true,
      },
      { RUNBOOKS_DIR: repoRunbooks },
    );
    expect(out).toMatch(/Runbooks and bindings: (lint clean|lint found)/);
    expect(asked).toEqual(expect.arrayContaining(['docker', 'curl', 'journalctl', 'df']));
    expect(asked).not.toContain('redis-cli');
  });

  it('reports a missing runbook folder with the loader’s own message and exits 1', async () => {
    const { code, out } = await runDoctorCli(fakeHost({ loadRunbooks: undefined }), {
      RUNBOOKS_DIR: '/nonexistent/runbooks',
    });
    expect(code).toBe(1);
    expect(out).toContain('✖ Runbooks and bindings: cannot read the runbook folder /nonexistent/runbooks');
  });
});
