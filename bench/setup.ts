import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { freePort } from '../sandbox/free-port.ts';
import { type Sandbox, startSandbox } from '../sandbox/host.ts';
import { type FakeSlack, startFakeSlack } from '../tests/support/fake-slack.ts';

export const REPO = fileURLToPath(new URL('..', import.meta.url));
export const BOT_TOKEN = 'xoxb-bench-0123456789';
export const SIGNING_SECRET = 'bench-signing-secret-0123456789';

export interface BenchWorld {
  fake: FakeSlack;
  sandbox: Sandbox;
  root: string;
  runbooksDir: string;
  dataDir: string;
  /** Environment of the bot's child process (nothing of the bench process leaks in). */
  botEnv(port: number): Record<string, string>;
  freePort(): Promise<number>;
  close(): Promise<void>;
}

/**
 * The fake Slack (in this process), the simulated host (redis-down) and a temp RUNBOOKS_DIR with the
 * repo's api-down runbook (workdir = the sandbox) and the light bench runbook.
 */
/** What deploy/runbook-bot.service and deploy/Dockerfile pass to node (docs/DEPLOY.md, "Memory"). */
export const SERVICE_NODE_OPTIONS = '--max-old-space-size=96 --max-semi-space-size=4';

export async function setUpWorld(): Promise<BenchWorld> {
  const fake = await startFakeSlack({ token: BOT_TOKEN });
  const sandbox = await startSandbox({ scenario: 'redis-down', healthStartPeriodMs: 0 });
  const root = mkdtempSync(path.join(tmpdir(), 'runbook-bot-bench-'));
  const runbooksDir = path.join(root, 'runbooks');
  const dataDir = path.join(root, 'data');
  mkdirSync(runbooksDir, { recursive: true });
  copyFileSync(path.join(REPO, 'runbooks/api-down.md'), path.join(runbooksDir, 'api-down.md'));
  const binding = parse(readFileSync(path.join(REPO, 'runbooks/api-down.yml'), 'utf8')) as Record<
    string,
    unknown
  >;
  writeFileSync(path.join(runbooksDir, 'api-down.yml'), stringify({ ...binding, workdir: sandbox.dir }));
  for (const file of ['bench.md', 'bench.yml'])
    copyFileSync(path.join(REPO, 'bench/fixtures', file), path.join(runbooksDir, file));
  return {
    fake,
    sandbox,
    root,
    runbooksDir,
    dataDir,
    freePort,
    botEnv: (port) => ({
      // The service's Node options (deploy/ caps the heap); BENCH_NODE_OPTIONS overrides them.
      NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS ?? SERVICE_NODE_OPTIONS,
      PATH: sandbox.env.PATH,
      HOME: process.env.HOME ?? root,
      LANG: 'C.UTF-8',
      SANDBOX_STATE: sandbox.env.SANDBOX_STATE,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: fake.url,
      PORT: String(port),
      HOST: '127.0.0.1',
      RUNBOOKS_DIR: runbooksDir,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      TZ: 'UTC',
      RUNBOOK_PASS_ENV: 'SANDBOX_STATE',
      NODE_ENV: 'production',
    }),
    close: async () => {
      await fake.stop();
      await sandbox.stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
