import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { type Sandbox, type ScenarioName, startSandbox } from '../../sandbox/host.ts';
import { startBot } from '../../src/cli/serve/start-bot.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { type Clock, systemClock } from '../../src/core/ports.ts';
import { type FakeSlack, type FakeSlackOptions, startFakeSlack } from './fake-slack.ts';
import { postInteraction, postSlashCommand } from './signed-request.ts';
import { blockAction, slashCommand } from './slack-payloads.ts';

export const SIGNING_SECRET = 'test-signing-secret-0123456789';
export const BOT_TOKEN = 'xoxb-fake';
export const CHANNEL = 'C0123';

export interface BotHarness {
  fake: FakeSlack;
  sandbox: Sandbox;
  runbooksDir: string;
  dataDir: string;
  eventsUrl: string;
  /** Sends a signed slash command; resolves when the bot answered the HTTP request (the ack). */
  slash(
    text: string,
    options?: { user?: string; channel?: string; command?: string },
  ): ReturnType<typeof postSlashCommand>;
  /** Sends a signed button click. */
  click(input: Parameters<typeof blockAction>[0]): ReturnType<typeof postInteraction>;
  /** Waits until the bot has no request in flight (nothing new recorded for `quietMs`). */
  settle(quietMs?: number): Promise<void>;
  /** Stops the bot and starts a new one on the same DATA_DIR and fake Slack. */
  restart(): Promise<void>;
  close(): Promise<void>;
  bot(): Awaited<ReturnType<typeof startBot>>;
}

/**
 * The bot for real in HTTP mode on 127.0.0.1, against the fake Slack and a simulated host. The
 * runbook is the repo's api-down.md; its binding is the repo's, with the workdir pointed at the
 * sandbox and `binding` merged on top.
 */
export async function startBotHarness(
  options: {
    scenario?: ScenarioName;
    binding?: Record<string, unknown>;
    /** More runbooks next to api-down: file name (`x.md`, `x.yml`) -> content. */
    extraRunbooks?: Record<string, string>;
    fake?: FakeSlackOptions;
    clock?: Clock;
    tickMs?: number;
    /** More environment for the bot (ALERTS_TOKEN, pager keys, PAGERDUTY_EVENTS_URL…). */
    env?: Record<string, string>;
  } = {},
): Promise<BotHarness> {
  const sandbox = await startSandbox({ scenario: options.scenario ?? 'redis-down', healthStartPeriodMs: 0 });
  const fake = await startFakeSlack({ token: BOT_TOKEN, ...options.fake });
  const root = mkdtempSync(join(tmpdir(), 'runbook-bot-harness-'));
  const runbooksDir = join(root, 'runbooks');
  const dataDir = join(root, 'data');
  writeFileSync(join(root, '.keep'), '');
  rmSync(runbooksDir, { recursive: true, force: true });
  await import('node:fs/promises').then((fs) => fs.mkdir(runbooksDir, { recursive: true }));
  copyFileSync('runbooks/api-down.md', join(runbooksDir, 'api-down.md'));
  const binding = parse(readFileSync('runbooks/api-down.yml', 'utf8')) as Record<string, unknown>;
  writeFileSync(
    join(runbooksDir, 'api-down.yml'),
    stringify({ ...binding, workdir: sandbox.dir, ...options.binding }),
  );
  for (const [name, content] of Object.entries(options.extraRunbooks ?? {})) {
    writeFileSync(join(runbooksDir, name), content);
  }
  const env = {
    ...process.env,
    ...sandbox.env,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_APP_TOKEN: '',
    SLACK_API_URL: fake.url,
    PORT: '0',
    HOST: '127.0.0.1',
    RUNBOOKS_DIR: runbooksDir,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    TZ: 'America/Sao_Paulo',
    RUNBOOK_PASS_ENV: 'SANDBOX_STATE',
    ...options.env,
  };
  const clock = options.clock ?? systemClock;
  const start = () =>
    startBot({
      config: loadConfig(env, root),
      env,
      clock,
      ...(options.tickMs ? { tickMs: options.tickMs } : {}),
    });
  let running = await start();
  let eventsUrl = `http://127.0.0.1:${running.port}/slack/events`;
  let triggers = 0;

  const harness: BotHarness = {
    fake,
    sandbox,
    runbooksDir,
    dataDir,
    get eventsUrl() {
      return eventsUrl;
    },
    slash: (text, opts = {}) =>
      postSlashCommand(
        eventsUrl,
        SIGNING_SECRET,
        slashCommand({
          text,
          command: opts.command ?? '/apidown',
          user_id: opts.user ?? 'U111',
          channel_id: opts.channel ?? CHANNEL,
          response_url: fake.responseUrl(),
          trigger_id: `trigger-${++triggers}-${Math.random().toString(36).slice(2)}`,
        }),
      ),
    click: (input) => postInteraction(eventsUrl, SIGNING_SECRET, blockAction({ channel: CHANNEL, ...input })),
    settle: async (quietMs = 400) => {
      let count = -1;
      while (count !== fake.calls.length + fake.responses.length) {
        count = fake.calls.length + fake.responses.length;
        await new Promise((resolve) => setTimeout(resolve, quietMs));
      }
    },
    restart: async () => {
      await running.close();
      running = await start();
      eventsUrl = `http://127.0.0.1:${running.port}/slack/events`;
    },
    close: async () => {
      await running.close();
      await fake.stop();
      await sandbox.stop();
      rmSync(root, { recursive: true, force: true });
    },
    bot: () => running,
  };
  return harness;
}
