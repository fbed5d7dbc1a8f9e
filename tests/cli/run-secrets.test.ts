// No secret of the host's .env.production and no SLACK_* value of the bot's environment reaches
// any output of `runbook-bot run`: the report, the progress lines, --json.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../sandbox/host.ts';
import { type CliRun, cliEnv, type RunJson, runInProcess, spawnBin } from './run-cli-harness.ts';

const SLACK = {
  SLACK_BOT_TOKEN: 'xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOpQrStUvWx',
  SLACK_SIGNING_SECRET: '8f2b1c9d4e7a6b5c3d2e1f0a9b8c7d6e',
  SLACK_APP_TOKEN: 'xapp-1-A0123456789-1234567890123-0f1e2d3c4b5a69788796a5b4c3d2e1f0',
};
const SECTIONS = [
  'problema-erro-de-jwt-secrets',
  'problema-container-nao-inicia',
  'problema-erro-de-conexao-com-banco',
  'problema-erro-de-conexao-com-redis',
];

const sandboxes: Record<'redis-down' | 'jwt-missing' | 'healthy', Sandbox> = {} as never;
let tempDir = '';

beforeAll(async () => {
  const [redisDown, jwtMissing, healthy] = await Promise.all([
    startSandbox({ scenario: 'redis-down', healthStartPeriodMs: 0 }),
    startSandbox({ scenario: 'jwt-missing', healthStartPeriodMs: 0 }),
    startSandbox({ scenario: 'healthy', healthStartPeriodMs: 0 }),
  ]);
  Object.assign(sandboxes, { 'redis-down': redisDown, 'jwt-missing': jwtMissing, healthy });
  tempDir = mkdtempSync(path.join(tmpdir(), 'rb-secrets-'));
});

afterAll(async () => {
  await Promise.all(Object.values(sandboxes).map((sandbox) => sandbox.stop()));
  rmSync(tempDir, { recursive: true, force: true });
});

function everything(run: CliRun): string {
  return `${run.stdout}\n${run.stderr}`;
}

function expectNoSecret(text: string, secrets: readonly string[]): void {
  for (const secret of [...secrets, ...Object.values(SLACK)]) expect(text).not.toContain(secret);
}

describe.each(['redis-down', 'jwt-missing'] as const)('sandbox %s', (scenario) => {
  it.each(SECTIONS)('%s: no secret in the text report, progress or --json', async (section) => {
    const sandbox = sandboxes[scenario];
    const env = cliEnv({ ...sandbox.env, ...SLACK });
    const argv = ['run', 'api-down', section, '--workdir', sandbox.dir];
    const [text, json] = await Promise.all([
      runInProcess(argv, { env }),
      runInProcess([...argv, '--json'], { env }),
    ]);
    expect(text.stdout.length).toBeGreaterThan(0);
    const parsed = JSON.parse(json.stdout) as RunJson;
    expect(parsed.steps.length).toBeGreaterThan(0);
    expectNoSecret(everything(text), sandbox.secrets);
    expectNoSecret(everything(json), sandbox.secrets);
  });
});

describe('what the sensitive steps still tell', () => {
  it('healthy: JWT_SECRET is set, with its length, not its value', async () => {
    const sandbox = sandboxes.healthy;
    const run = await runInProcess(
      ['run', 'api-down', 'problema-erro-de-jwt-secrets', '--workdir', sandbox.dir, '--json'],
      { env: cliEnv({ ...sandbox.env, ...SLACK }) },
    );
    const jwt = (JSON.parse(run.stdout) as RunJson).steps.find((step) => step.command.includes('grep JWT'));
    expect(jwt?.status).toBe('pass');
    expect(jwt?.output).toContain('JWT_SECRET=[set, 64 chars]');
    expect(jwt?.output).toContain('JWT_EXPIRES_IN=15m');
    expectNoSecret(everything(run), sandbox.secrets);
  });

  it('jwt-missing: the grep shows that JWT_SECRET is absent', async () => {
    const sandbox = sandboxes['jwt-missing'];
    const run = await runInProcess(
      ['run', 'api-down', 'problema-erro-de-jwt-secrets', '--workdir', sandbox.dir, '--json'],
      { env: cliEnv(sandbox.env) },
    );
    const jwt = (JSON.parse(run.stdout) as RunJson).steps.find((step) => step.command.includes('grep JWT'));
    expect(jwt?.output).not.toContain('JWT_SECRET');
    expect(jwt?.output).toContain('JWT_EXPIRES_IN=15m');
  });

  it('RUNBOOK_PASS_ENV: a SLACK_* name never reaches a step; another secret does, and is redacted', async () => {
    const runbook = path.join(tempDir, 'echo-token.md');
    writeFileSync(
      runbook,
      '# Echo\n\n## Slack\n\n```bash\necho "slack is <$SLACK_BOT_TOKEN>"\n```\n\n## Deploy\n\n```bash\necho "deploy is <$DEPLOY_API_TOKEN>"\n```\n',
    );
    const deployToken = 'dpl_7hQ2vX9kLm4Nz8Rt3Wy6Ua1Sb5Ec0Fd';
    const env = cliEnv({
      ...SLACK,
      DEPLOY_API_TOKEN: deployToken,
      RUNBOOK_PASS_ENV: 'SLACK_BOT_TOKEN,DEPLOY_API_TOKEN',
    });
    // Listed or not, SLACK_BOT_TOKEN is never passed: the step has no value for it, so it asks
    // for one (a parameter) and runs nothing, instead of expanding it.
    const slack = await runInProcess(['run', runbook, 'slack', '--json'], { env });
    expect(slack.code).toBe(2);
    expect(slack.stderr).toContain('needs values for: slack-bot-token');
    expectNoSecret(everything(slack), [deployToken]);
    // DEPLOY_API_TOKEN is passed by the operator: no parameter, and its value is redacted.
    const run = await runInProcess(['run', runbook, 'deploy', '--json'], { env });
    const [deploy] = (JSON.parse(run.stdout) as RunJson).steps;
    expect(deploy?.output).toMatch(/^deploy is <.+>\n$/);
    expectNoSecret(everything(run), [deployToken]);
  });

  it('the real binary, redis-down, Redis section: nothing on stdout or stderr', async () => {
    const sandbox = sandboxes['redis-down'];
    const run = await spawnBin(
      ['run', 'api-down', 'problema-erro-de-conexao-com-redis', '--workdir', sandbox.dir],
      cliEnv({ ...sandbox.env, ...SLACK }),
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('Could not connect to Redis at redis:6379: Connection refused');
    expectNoSecret(everything(run), sandbox.secrets);
  });
});
