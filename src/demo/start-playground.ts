import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type Sandbox, SCENARIOS, type ScenarioName, startSandbox } from '../../sandbox/host.ts';
import { startBot } from '../cli/serve/start-bot.ts';
import { loadConfig } from '../config/load-config.ts';
import type { Clock } from '../core/ports.ts';
import { ChannelBook } from './channel-view.ts';
import { DEMO_CHANNEL, DEMO_GROUP, DEMO_TEAM, DEMO_USERS } from './demo-workspace.ts';
import { type SlackEmulator, startSlackEmulator } from './emulator/slack-emulator.ts';
import { pageRoutes } from './page-routes.ts';
import { PersonActions } from './person-actions.ts';
import { prepareDemoRunbooks } from './prepare-demo-runbooks.ts';

export interface PlaygroundOptions {
  /** Port of the page and the emulated Slack Web API (0 = a free one). */
  port: number;
  scenario: ScenarioName;
  /** The caller's environment (passed to runbook steps as the bot would; never read here directly). */
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  clock: Clock;
  /** Folder of runbooks to try; default `<cwd>/runbooks`. */
  runbooksDir?: string;
  /** How long `ps` says `(health: starting)` after a restart; default 3000 ms. */
  healthStartPeriodMs?: number;
  /** Bot log level; default warn. */
  logLevel?: string;
  pretty?: boolean;
  tickMs?: number;
}

export interface Playground {
  /** The page: `http://127.0.0.1:PORT/`. */
  url: string;
  /** Where the bot receives signed requests. */
  eventsUrl: string;
  emulator: SlackEmulator;
  sandbox: Sandbox;
  book: ChannelBook;
  /** Slash commands of the loaded runbooks. */
  commands: string[];
  runbooksDir: string;
  /** Stops the bot, the emulator and the simulated host (its api process); removes the temp dirs. */
  stop(): Promise<void>;
}

/**
 * The whole flow without Slack: a simulated host, a Slack emulator (Web API + the page) and the
 * real bot in HTTP mode pointed at the emulator with a signing secret made at start.
 */
export async function startPlayground(options: PlaygroundOptions): Promise<Playground> {
  const cleanups: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      await cleanup().catch(() => undefined);
    }
  };
  try {
    const root = await mkdtemp(path.join(os.tmpdir(), 'runbook-bot-demo-'));
    cleanups.push(() => rm(root, { recursive: true, force: true }));
    const sandbox = await startSandbox({
      scenario: options.scenario,
      healthStartPeriodMs: options.healthStartPeriodMs ?? 3000,
    });
    cleanups.push(() => sandbox.stop());

    const runbooksDir = path.join(root, 'runbooks');
    await prepareDemoRunbooks({
      sourceDir: path.resolve(options.cwd, options.runbooksDir ?? 'runbooks'),
      targetDir: runbooksDir,
      sandboxDir: sandbox.dir,
    });

    const token = `xoxb-demo-${randomBytes(12).toString('hex')}`;
    const signingSecret = randomBytes(32).toString('hex');
    let actions: PersonActions | null = null;
    let commands: string[] = [];
    const users = Object.fromEntries(
      DEMO_USERS.map((user) => [user.id, { name: user.name.toLowerCase(), real_name: user.name }]),
    );
    let book: ChannelBook | null = null;
    const emulator = await startSlackEmulator({
      clock: options.clock,
      port: options.port,
      token,
      teamId: DEMO_TEAM,
      users,
      userGroups: { [DEMO_GROUP.id]: [...DEMO_GROUP.members] },
      channelNames: { [DEMO_CHANNEL.id]: DEMO_CHANNEL.name },
      firstTs: Math.floor(options.clock.now() / 1000),
      routes: (route, request, response) =>
        book ? handler(route, request, response) : Promise.resolve(false),
    });
    cleanups.push(() => emulator.stop());
    book = new ChannelBook(emulator, { ...DEMO_CHANNEL });
    const handler = pageRoutes({
      emulator,
      book,
      actions: () => actions,
      commands: () => commands,
      timeZone: options.env.TZ?.trim() || 'America/Sao_Paulo',
      scenarios: {
        list: SCENARIOS,
        current: () => sandbox.scenario(),
        set: (name) => sandbox.setScenario(name as ScenarioName),
      },
    });

    const env: Record<string, string | undefined> = {
      ...options.env,
      ...sandbox.env,
      SLACK_BOT_TOKEN: token,
      SLACK_SIGNING_SECRET: signingSecret,
      SLACK_APP_TOKEN: '',
      SLACK_API_URL: emulator.url,
      PORT: '0',
      HOST: '127.0.0.1',
      RUNBOOKS_DIR: runbooksDir,
      DATA_DIR: path.join(root, 'data'),
      LOG_LEVEL: options.logLevel ?? 'warn',
      TZ: options.env.TZ?.trim() || 'America/Sao_Paulo',
      RUNBOOK_PASS_ENV: 'SANDBOX_STATE',
    };
    const bot = await startBot({
      config: loadConfig(env, root),
      env,
      clock: options.clock,
      pretty: options.pretty ?? false,
      ...(options.tickMs ? { tickMs: options.tickMs } : {}),
    });
    cleanups.push(() => bot.close());
    commands = bot.bot.deps.catalog.runbooks.map((bound) => bound.binding.command);
    const eventsUrl = `http://127.0.0.1:${bot.port}/slack/events`;
    actions = new PersonActions(emulator, book, { eventsUrl, signingSecret }, options.clock, DEMO_TEAM);
    return {
      url: `${emulator.origin}/`,
      eventsUrl,
      emulator,
      sandbox,
      book,
      commands,
      runbooksDir,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
