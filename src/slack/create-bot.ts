import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import type { BotConfig } from '../config/load-config.ts';
import type { BoundRunbook, Catalog } from '../core/catalog.ts';
import type { Clock, Logger } from '../core/ports.ts';
import { type PreparedRunner, prepareRunner } from '../core/prepare-runner.ts';
import { createHealth } from '../observability/health.ts';
import { buildCustomRoutes } from '../observability/http-routes.ts';
import type { Metrics } from '../observability/metrics.ts';
import { type OpsServer, startOpsServer } from '../observability/ops-server.ts';
import type { Store } from '../store/store.ts';
import { boltLogger } from './bolt-logger.ts';
import type { BotDeps } from './bot-deps.ts';
import type { BotFeatures } from './bot-features.ts';
import { registerBlockActions } from './listeners/on-block-action.ts';
import { registerSlashCommands } from './listeners/on-slash-command.ts';
import { registerViews } from './listeners/on-view-submission.ts';
import { createSlackGateway } from './slack-gateway.ts';

export interface CreateBotOptions {
  config: BotConfig;
  catalog: Catalog;
  store: Store;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  /** The bot's environment: steps get only PATH, HOME, LANG and allowed names from it. */
  env: Readonly<Record<string, string | undefined>>;
  /** How often due work (escalations, expiries) is checked. Default 5 s. */
  tickMs?: number;
  /** Web API retries; bounded so a Slack outage cannot queue work for half an hour. */
  retries?: number;
}

export interface Bot {
  app: App;
  deps: BotDeps;
  /** Starts listening (HTTP) or connecting (Socket Mode); resolves with the HTTP port. */
  start(): Promise<{ port: number }>;
  stop(): Promise<void>;
  /** Runs due work once (tests drive it with a fake clock). */
  tick(): Promise<void>;
}

/** The composition root: the only place that builds Bolt, the gateway and the runners. */
export function createBot(options: CreateBotOptions, features: Partial<BotFeatures> = {}): Bot {
  const { config, clock, logger, metrics, store } = options;
  let slackReady = false;
  const health = createHealth({
    clock,
    checks: {
      slack: () => slackReady,
      database: () => {
        const owner = `probe-${clock.now()}`;
        const ok = store.acquireLock('healthz', owner, 1000);
        if (ok) store.releaseLock('healthz', owner);
        return true;
      },
    },
  });
  const routes = buildCustomRoutes({ health, metrics });
  const clientOptions = {
    ...(config.slackApiUrl ? { slackApiUrl: config.slackApiUrl } : {}),
    retryConfig: {
      retries: options.retries ?? 4,
      factor: 2,
      minTimeout: 500,
      maxTimeout: 8000,
      onFailedAttempt: () => metrics.slackApiRetry('web_api'),
    },
  };
  const receiver = config.appToken
    ? undefined
    : new HTTPReceiver({
        signingSecret: config.signingSecret ?? '',
        customRoutes: routes,
        processBeforeResponse: false,
        logger: boltLogger(logger),
      });
  const app = new App({
    token: config.botToken,
    ...(config.appToken ? { appToken: config.appToken, socketMode: true } : { receiver }),
    clientOptions,
    logger: boltLogger(logger),
    logLevel: LogLevel.INFO,
  });

  const runners = new Map<string, Promise<PreparedRunner>>();
  const gateway = createSlackGateway({
    client: app.client,
    clock,
    onError: (method, code) => metrics.slackApiError(method, code),
  });
  const deps: BotDeps = {
    config,
    gateway,
    store,
    clock,
    logger,
    metrics,
    catalog: options.catalog,
    timeZone: config.timeZone,
    membersOf: (group) => gateway.usergroupMembers(group),
    runnerFor: (bound: BoundRunbook) => {
      let runner = runners.get(bound.runbook.id);
      if (!runner) {
        runner = prepareRunner({ bound, env: options.env, clock, passEnv: config.passEnv });
        runners.set(bound.runbook.id, runner);
      }
      return runner;
    },
  };

  const onOpened = features.onIncidentOpened;
  if (onOpened) deps.onIncidentOpened = (incident, bound) => onOpened(deps, incident, bound);
  registerSlashCommands(app, deps, features.handlers ?? {});
  registerBlockActions(app, deps, features.actions ?? {});
  registerViews(app, deps, features.views ?? {});
  app.error(async (error) => {
    logger.error({ err: error }, 'unhandled error in a Slack listener');
  });

  const ticks = features.ticks ?? [];
  let stopTimer: (() => void) | null = null;
  // One tick at a time: a caller arriving while one runs waits for that one instead of starting another.
  let running: Promise<void> | null = null;
  const tick = (): Promise<void> => {
    running ??= (async () => {
      try {
        for (const task of ticks) {
          await task(deps).catch((error: unknown) => logger.error({ err: error }, 'scheduled task failed'));
        }
      } finally {
        running = null;
      }
    })();
    return running;
  };
  const schedule = () => {
    stopTimer = clock.setTimer(options.tickMs ?? 5000, () => {
      void tick().finally(() => {
        if (stopTimer) schedule();
      });
    });
  };

  let ops: OpsServer | null = null;
  return {
    app,
    deps,
    tick,
    async start() {
      let port = config.port;
      if (receiver) {
        const server = (await app.start({ port: config.port, host: config.host })) as Server;
        port = (server.address() as AddressInfo).port;
      } else {
        await app.start();
        ops = await startOpsServer({ port: config.port, host: config.host, routes });
        port = ops.port;
      }
      try {
        await app.client.auth.test();
        slackReady = true;
      } catch (error) {
        logger.error({ err: error }, 'auth.test failed: check SLACK_BOT_TOKEN');
      }
      metrics.setOpenIncidents(store.listIncidents({ status: 'open', limit: 1000 }).length);
      await tick();
      schedule();
      logger.info({ port, mode: config.appToken ? 'socket' : 'http' }, 'runbook-bot is ready');
      return { port };
    },
    async stop() {
      stopTimer?.();
      stopTimer = null;
      if (receiver) await receiver.stop().catch(() => undefined);
      else await app.stop().catch(() => undefined);
      await ops?.close();
    },
  };
}
