import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type Sandbox, SCENARIOS, type ScenarioName, startSandbox } from '../../sandbox/host.ts';
import { startBot } from '../cli/serve/start-bot.ts';
import { loadConfig } from '../config/load-config.ts';
import type { BoundRunbook } from '../core/catalog.ts';
import { UserError } from '../core/errors.ts';
import type { Clock } from '../core/ports.ts';
import { renderChartPng } from '../render/common/chart/chart-png.ts';
import { ChannelBook } from './channel-view.ts';
import { DEMO_CHANNEL, DEMO_GROUP, DEMO_TEAM, DEMO_USERS } from './demo-workspace.ts';
import { type SlackEmulator, startSlackEmulator } from './emulator/slack-emulator.ts';
import { createPageGuard } from './page-guard.ts';
import { pageRoutes } from './page-routes.ts';
import { PersonActions } from './person-actions.ts';
import { describePlayground } from './playground-page-data.ts';
import { prepareDemoRunbooks, SIMULATED_RUNBOOKS } from './prepare-demo-runbooks.ts';
import { simulatedChartDeps } from './simulated-charts.ts';

export interface PlaygroundOptions {
  /** Port of the page and the emulated Slack Web API (0 = a free one). */
  port: number;
  scenario: ScenarioName;
  /** The caller's environment (passed to runbook steps as the bot would; never read here directly). */
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  clock: Clock;
  /**
   * Folder of runbooks to try (RUNBOOKS_DIR). Their commands would run on this machine, so it is
   * refused (PlaygroundRefusal) unless `realHost` is true.
   */
  runbooksDir?: string;
  /**
   * `--real-host`: run the runbooks' steps on this machine, with this user's rights. Default false:
   * only the runbooks the simulated host models (`SIMULATED_RUNBOOKS`) are loaded, bound to it.
   */
  realHost?: boolean;
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
  /** The per-page token the page's POSTs must carry (the served page embeds it). */
  pageToken: string;
  /** True when started with `realHost`: steps run on this machine. */
  realHost: boolean;
  /** Runbooks of the folder left out because the simulated host does not model them (no `realHost`). */
  skipped: string[];
  /** Stops the bot, the emulator and the simulated host (its api process); removes the temp dirs. */
  stop(): Promise<void>;
}

/**
 * The whole flow without Slack: a simulated host, a Slack emulator (Web API + the page) and the
 * real bot in HTTP mode pointed at the emulator with a signing secret made at start.
 */
export async function startPlayground(options: PlaygroundOptions): Promise<Playground> {
  const realHost = options.realHost === true;
  if (options.runbooksDir !== undefined && !realHost) throw refuseRealRunbooks(options.runbooksDir);
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
    const sourceDir = path.resolve(options.cwd, options.runbooksDir ?? 'runbooks');
    const loaded = await prepareDemoRunbooks({
      sourceDir,
      targetDir: runbooksDir,
      sandboxDir: sandbox.dir,
      ...(realHost ? {} : { only: SIMULATED_RUNBOOKS }),
    });
    const skipped = (await readdir(sourceDir))
      .filter((name) => name.endsWith('.md'))
      .map((name) => name.slice(0, -'.md'.length))
      .filter((id) => !loaded.includes(id));

    const token = `xoxb-demo-${randomBytes(12).toString('hex')}`;
    const signingSecret = randomBytes(32).toString('hex');
    let actions: PersonActions | null = null;
    let commands: string[] = [];
    let loadedRunbooks: BoundRunbook[] = [];
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
    const guard = createPageGuard({ origin: emulator.origin });
    const handler = pageRoutes({
      emulator,
      guard,
      book,
      actions: () => actions,
      commands: () => commands,
      page: () => describePlayground(loadedRunbooks, (id) => usesSimulatedHost(id, loaded)),
      timeZone: options.env.TZ?.trim() || 'America/Sao_Paulo',
      scenarios: {
        list: SCENARIOS,
        current: () => sandbox.scenario(),
        set: (name) => sandbox.setScenario(name as ScenarioName),
      },
    });

    // The simulated host's stand-ins (docker, curl, df…) go on PATH only for the runbooks bound to
    // it; every other runbook (--real-host) runs with this machine's own tools.
    const env: Record<string, string | undefined> = {
      ...options.env,
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
    const simulatedEnv = { ...env, ...sandbox.env };
    const bot = await startBot({
      config: loadConfig(env, root),
      env,
      envFor: (bound) => (usesSimulatedHost(bound.runbook.id, loaded) ? simulatedEnv : env),
      clock: options.clock,
      pretty: options.pretty ?? false,
      ...(options.tickMs ? { tickMs: options.tickMs } : {}),
      charts: simulatedChartDeps({
        apiUrl: () => sandbox.apiUrl,
        fetch: globalThis.fetch,
        renderPng: renderChartPng,
      }),
    });
    cleanups.push(() => bot.close());
    commands = bot.bot.deps.catalog.runbooks.map((bound) => bound.binding.command);
    loadedRunbooks = bot.bot.deps.catalog.runbooks;
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
      pageToken: guard.token,
      realHost,
      skipped,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** A runbook bound to the simulated host (its binding's workdir is the sandbox): gets its tools on PATH. */
export function usesSimulatedHost(runbookId: string, loaded: readonly string[]): boolean {
  return loaded.includes(runbookId) && SIMULATED_RUNBOOKS.includes(runbookId);
}

/**
 * RUNBOOKS_DIR without `--real-host`: refused, not bound to the simulated host. The simulated host
 * models only api-down's programs (docker, curl, df…); any other command of those runbooks, and every
 * shell redirection, would act on this machine, so pretending they are sandboxed would be a lie.
 */
function refuseRealRunbooks(dir: string): UserError {
  return new UserError(
    'usage',
    `RUNBOOKS_DIR=${dir}: the playground runs only against its simulated host, and these runbooks' commands would run on this machine; nothing was started.`,
    'to run them here, with your rights, start it with: runbook-bot demo --real-host (or RUNBOOK_BOT_DEMO_REAL_HOST=1)',
  );
}
