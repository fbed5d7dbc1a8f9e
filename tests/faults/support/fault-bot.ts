import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { parse, stringify } from 'yaml';
import { type Sandbox, type ScenarioName, startSandbox } from '../../../sandbox/host.ts';
import { startBot } from '../../../src/cli/serve/start-bot.ts';
import { loadConfig } from '../../../src/config/load-config.ts';
import { systemClock } from '../../../src/core/ports.ts';
import { type FakeSlack, startFakeSlack } from '../../support/fake-slack.ts';
import { postInteraction, postSlashCommand } from '../../support/signed-request.ts';
import { type BlockActionInput, blockAction, slashCommand } from '../../support/slack-payloads.ts';

export const SIGNING_SECRET = 'fault-signing-secret-0123456789abcdef';
export const BOT_TOKEN = 'xoxb-fault-4242424242-abcdefabcdef';
export const APPROVER = 'U01BRUNO0';
const FIXTURES = path.join(import.meta.dirname, '..', 'fixtures');

export interface FaultWorld {
  fake: FakeSlack;
  sandbox: Sandbox;
  root: string;
  runbooksDir: string;
  dataDir: string;
  storeFile: string;
  /** The bot's environment (for a child process, or for startBot). */
  env(port: number, extra?: Record<string, string>): Record<string, string>;
  close(): Promise<void>;
}

/**
 * Fake Slack + simulated host + a RUNBOOKS_DIR with the repo's api-down runbook (workdir = the
 * sandbox, `binding` merged on top) and the hazards fixture.
 */
export async function startFaultWorld(options: {
  scenario: ScenarioName;
  binding?: Record<string, unknown>;
  /** Put DATA_DIR under this directory (e.g. /dev/shm, so 10,000 fsyncs stay cheap). */
  dataBase?: string;
}): Promise<FaultWorld> {
  const sandbox = await startSandbox({ scenario: options.scenario, healthStartPeriodMs: 0 });
  const fake = await startFakeSlack({ token: BOT_TOKEN });
  const root = mkdtempSync(path.join(tmpdir(), 'runbook-bot-faults-'));
  const runbooksDir = path.join(root, 'runbooks');
  const dataRoot = options.dataBase ? mkdtempSync(path.join(options.dataBase, 'runbook-bot-faults-')) : root;
  const dataDir = path.join(dataRoot, 'data');
  mkdirSync(runbooksDir, { recursive: true });
  copyFileSync('runbooks/api-down.md', path.join(runbooksDir, 'api-down.md'));
  const binding = parse(readFileSync('runbooks/api-down.yml', 'utf8')) as Record<string, unknown>;
  writeFileSync(
    path.join(runbooksDir, 'api-down.yml'),
    stringify({ ...binding, workdir: sandbox.dir, ...options.binding }),
  );
  for (const file of ['hazards.md', 'hazards.yml'])
    copyFileSync(path.join(FIXTURES, file), path.join(runbooksDir, file));
  return {
    fake,
    sandbox,
    root,
    runbooksDir,
    dataDir,
    storeFile: path.join(dataDir, 'runbook-bot.sqlite'),
    env: (port, extra = {}) => ({
      PATH: sandbox.env.PATH,
      HOME: process.env.HOME ?? root,
      LANG: 'C.UTF-8',
      SANDBOX_STATE: sandbox.env.SANDBOX_STATE,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_APP_TOKEN: '',
      SLACK_API_URL: fake.url,
      PORT: String(port),
      HOST: '127.0.0.1',
      RUNBOOKS_DIR: runbooksDir,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      TZ: 'America/Sao_Paulo',
      RUNBOOK_PASS_ENV: 'SANDBOX_STATE',
      ...extra,
    }),
    close: async () => {
      await fake.stop();
      await sandbox.stop();
      rmSync(root, { recursive: true, force: true });
      rmSync(dataRoot, { recursive: true, force: true });
    },
  };
}

let triggers = 0;

/** Signed requests to a bot listening on `eventsUrl()`. */
export function slackClient(world: FaultWorld, eventsUrl: () => string) {
  return {
    slash: (text: string, opts: { user?: string; channel: string; command?: string }) =>
      postSlashCommand(
        eventsUrl(),
        SIGNING_SECRET,
        slashCommand({
          text,
          command: opts.command ?? '/apidown',
          user_id: opts.user ?? 'U111',
          channel_id: opts.channel,
          response_url: world.fake.responseUrl(),
          trigger_id: `fault-${process.pid}-${++triggers}`,
        }),
      ),
    click: (input: BlockActionInput) => postInteraction(eventsUrl(), SIGNING_SECRET, blockAction(input)),
  };
}

/**
 * For a describe block whose tests each start their own world: `start` makes it, `bot` starts an
 * in-process bot on it; after each test the bots and the world are closed.
 */
export function faultWorldEachTest() {
  let current: FaultWorld | undefined;
  const bots: { close(): Promise<void> }[] = [];
  afterEach(async () => {
    for (const bot of bots.splice(0)) await bot.close();
    await current?.close();
    current = undefined;
  });
  const world = (): FaultWorld => {
    if (!current) throw new Error('start() the world first');
    return current;
  };
  return {
    world,
    start: async (options: Parameters<typeof startFaultWorld>[0]) => {
      current = await startFaultWorld(options);
      return current;
    },
    /** An in-process bot closed after the test. */
    bot: async (options: Parameters<typeof startInProcessBot>[1] = {}) => {
      const bot = await startInProcessBot(world(), options);
      bots.push(bot);
      return bot;
    },
  };
}

/** The bot in this process (startBot), on the world's DATA_DIR. */
export async function startInProcessBot(
  world: FaultWorld,
  options: {
    destination?: NodeJS.WritableStream;
    logLevel?: string;
    tickMs?: number;
    /** More settings, e.g. SLACK_API_TIMEOUT_MS. */
    env?: Record<string, string>;
  } = {},
) {
  const env = world.env(0, { LOG_LEVEL: options.logLevel ?? 'silent', ...options.env });
  const running = await startBot({
    config: loadConfig(env, world.root),
    env,
    clock: systemClock,
    ...(options.destination ? { destination: options.destination } : {}),
    ...(options.tickMs ? { tickMs: options.tickMs } : {}),
  });
  return { ...running, eventsUrl: `http://127.0.0.1:${running.port}/slack/events` };
}

/** Values of the buttons with `actionId` anywhere in some blocks. */
export function buttonValues(blocks: unknown, actionId: string): string[] {
  const found: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) for (const item of node) walk(item);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (record.action_id === actionId && typeof record.value === 'string') found.push(record.value);
      for (const value of Object.values(record)) walk(value);
    }
  };
  walk(blocks);
  return found;
}

/** The approve button's value (the approval id) on the latest approval card of a channel. */
export function approvalIdIn(fake: FakeSlack, channel: string): { id: string; ts: string } | null {
  for (const message of [...fake.messages].reverse()) {
    if (message.channel !== channel) continue;
    const id = buttonValues(message.blocks, 'approve')[0];
    if (id) return { id, ts: message.ts };
  }
  return null;
}

export const textOf = (message: { text: string; blocks: unknown[] }): string =>
  `${message.text}\n${JSON.stringify(message.blocks)}`;
