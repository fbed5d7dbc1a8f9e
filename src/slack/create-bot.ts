import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, LogLevel, SocketModeReceiver } from '@slack/bolt';
import { alertRoutes } from '../alerts/alerts-endpoint.ts';
import type { BotConfig } from '../config/load-config.ts';
import type { BoundRunbook, Catalog } from '../core/catalog.ts';
import { type ChartDeps, prometheusChartDeps } from '../core/charts/incident-charts.ts';
import { createCoreDeps } from '../core/create-core-deps.ts';
import { type Clock, type Logger, systemClock } from '../core/ports.ts';
import { prepareRunner } from '../core/prepare-runner.ts';
import { prepareTargetRunner } from '../core/targets/prepare-target-runner.ts';
import type { CommandExecutor } from '../exec/process/execute-command.ts';
import type { Redactor } from '../exec/redact/create-redactor.ts';
import { createSshPool } from '../exec/targets/ssh-connection.ts';
import { createHealth } from '../observability/health.ts';
import { buildCustomRoutes } from '../observability/http-routes.ts';
import type { Metrics } from '../observability/metrics.ts';
import { serveOpsRoutesFirst } from '../observability/ops-route-dispatch.ts';
import { type OpsServer, startOpsServer } from '../observability/ops-server.ts';
import { createPageSender } from '../pages/create-page-sender.ts';
import { renderChartPng } from '../render/common/chart/chart-png.ts';
import { warmFormatters } from '../render/i18n/warm-formatters.ts';
import { redactingStore } from '../store/redacting-store.ts';
import type { Store } from '../store/store.ts';
import { boltLogger } from './bolt-logger.ts';
import type { BotDeps } from './bot-deps.ts';
import type { BotFeatures } from './bot-features.ts';
import { describeSlackFailure } from './describe-slack-failure.ts';
import { registerBlockActions } from './listeners/on-block-action.ts';
import { registerSlashCommands } from './listeners/on-slash-command.ts';
import { registerViews } from './listeners/on-view-submission.ts';
import { redactingGateway } from './redacting-gateway.ts';
import { refuseFutureRequests } from './refuse-future-requests.ts';
import { type BackoffPolicy, defaultBackoff, type Retrying, retryWithBackoff } from './retry-with-backoff.ts';
import { createSlackChat } from './slack-chat.ts';
import { createSlackConnection, type SlackConnection } from './slack-connection.ts';
import { createSlackGateway, webClientOptions } from './slack-gateway.ts';
import { trackSocket } from './track-socket.ts';

export interface CreateBotOptions {
  config: BotConfig;
  catalog: Catalog;
  store: Store;
  clock: Clock;
  /** The clock request timestamps are checked against (default: the wall clock, as Bolt does). */
  requestClock?: Clock;
  logger: Logger;
  metrics: Metrics;
  /** The bot's environment: steps get only PATH, HOME, LANG and allowed names from it. */
  env: Readonly<Record<string, string | undefined>>;
  /** A runbook's own environment, when it differs from `env` (the playground's simulated host). */
  envFor?: (bound: BoundRunbook) => Readonly<Record<string, string | undefined>>;
  /** How often due work (escalations, expiries) is checked. Default 5 s. */
  tickMs?: number;
  /** Web API retries; bounded so a Slack outage cannot queue work for half an hour. */
  retries?: number;
  /** Waits between token checks (auth.test) while Slack refuses the token or is unreachable: 1 s doubling to 5 min. */
  tokenRetry?: BackoffPolicy;
  /**
   * The process's redactor (startBot: env + every runbook's `.env*`, reloaded when they change):
   * applied to step output, and at the Slack and database boundaries (command text, timeline).
   */
  redactor?: Redactor;
  /** Where a diagnose's charts come from; default PROMETHEUS_URL (config.prometheus) through fetch. */
  charts?: ChartDeps;
  /** HTTP client of the pager clients (PagerDuty, Opsgenie, webhook); default Node's fetch. */
  fetch?: typeof globalThis.fetch;
  /** Where steps on this host run (startBot: the step host process); default a bash started by the bot. */
  localExecutor?: CommandExecutor;
}

export interface Bot {
  app: App;
  deps: BotDeps;
  /** Whether Slack is usable now and why not (what /healthz reports). */
  slack: SlackConnection;
  /**
   * Starts listening (HTTP) or the ops server (Socket Mode), then checks the token. Never rejects
   * because of Slack: a refused token leaves the bot up and not ready, retrying with backoff; it
   * becomes ready (and connects the socket, runs due work) once the token passes. Resolves with the HTTP port.
   */
  start(): Promise<{ port: number }>;
  stop(): Promise<void>;
  /** Runs due work once (tests drive it with a fake clock). */
  tick(): Promise<void>;
}

/** After start and its readiness probes; before a first alert or command, as a rule. */
const WARM_FORMATTERS_AFTER_MS = 250;

/** The composition root: the only place that builds Bolt, the gateway and the runners. */
export function createBot(options: CreateBotOptions, features: Partial<BotFeatures> = {}): Bot {
  const { config, clock, logger, metrics, store } = options;
  const slack = createSlackConnection();
  const health = createHealth({
    clock,
    checks: {
      slack: () => slack.status(),
      database: () => {
        const owner = `probe-${clock.now()}`;
        const ok = store.acquireLock('healthz', owner, 1000);
        if (ok) store.releaseLock('healthz', owner);
        return true;
      },
    },
  });
  // `deps` is built below; the alert route reads it only when a request arrives (after start()).
  const routes = [
    ...buildCustomRoutes({ health, metrics }),
    ...alertRoutes({ token: config.alertsToken, deps: () => deps, acceptStore: store }),
  ];
  const clientOptions = webClientOptions({
    slackApiUrl: config.slackApiUrl,
    timeoutMs: config.slackTimeoutMs,
    retries: options.retries ?? 4,
    onRetry: () => metrics.slackApiRetry('web_api'),
  });
  const socketReceiver = config.appToken
    ? new SocketModeReceiver({
        appToken: config.appToken,
        logger: boltLogger(logger),
        // apps.connections.open goes where every other Web API call goes (a fake Slack in tests).
        installerOptions: { clientOptions: config.slackApiUrl ? { slackApiUrl: config.slackApiUrl } : {} },
      })
    : undefined;
  const httpReceiver = socketReceiver
    ? undefined
    : new HTTPReceiver({
        signingSecret: config.signingSecret ?? '',
        customRoutes: routes,
        processBeforeResponse: false,
        logger: boltLogger(logger),
      });
  if (socketReceiver) trackSocket(socketReceiver.client, slack);
  // Bolt refuses requests signed more than 5 minutes ago, not those dated ahead: refuse them too.
  // Bolt judges "ago" against the wall clock, so "ahead" is judged against the same reference
  // (`requestClock`), not the bot's scheduling clock, which tests move to fixed dates.
  // The ops routes (health, metrics, alerts) are served before Bolt's routing (see serveOpsRoutesFirst).
  if (httpReceiver)
    httpReceiver.requestListener = refuseFutureRequests(
      serveOpsRoutesFirst(routes, httpReceiver.requestListener),
      options.requestClock ?? systemClock,
    );
  // deferInitialization: Bolt's constructor would start an auth.test nobody awaits, and a refused
  // token would reject unhandled and end the process. `app.init()` runs it in start(), retried.
  const app = new App({
    token: config.botToken,
    ...(socketReceiver ? { receiver: socketReceiver, socketMode: true } : { receiver: httpReceiver }),
    clientOptions,
    logger: boltLogger(logger),
    logLevel: LogLevel.INFO,
    deferInitialization: true,
  });

  const slackGateway = createSlackGateway({
    client: app.client,
    clock,
    timeoutMs: config.slackTimeoutMs,
    onError: (method, code) => metrics.slackApiError(method, code),
  });
  const { redactor } = options;
  // SSH targets' connections (one control master per host, reused across sections), closed in stop().
  const sshPool = createSshPool({ clock });
  const gateway = redactor ? redactingGateway(slackGateway, redactor) : slackGateway;
  const deps: BotDeps = {
    ...createCoreDeps({
      store: redactor ? redactingStore(store, redactor) : store,
      clock,
      logger,
      metrics,
      catalog: options.catalog,
      timeZone: config.timeZone,
      ...(config.changeHeartbeatMs ? { heartbeatMs: config.changeHeartbeatMs } : {}),
      membersOf: (group) => gateway.usergroupMembers(group),
      prepare: (bound, target) =>
        target
          ? prepareTargetRunner({
              bound,
              target,
              env: options.envFor?.(bound) ?? options.env,
              clock,
              pool: sshPool,
              passEnv: config.passEnv,
              ...(redactor ? { redactor } : {}),
              ...(options.localExecutor ? { localExecutor: options.localExecutor } : {}),
            })
          : prepareRunner({
              bound,
              env: options.envFor?.(bound) ?? options.env,
              clock,
              passEnv: config.passEnv,
              ...(redactor ? { redactor } : {}),
              ...(options.localExecutor ? { executor: options.localExecutor } : {}),
            }),
    }),
    config,
    gateway,
    chat: createSlackChat(gateway, { attemptTimeoutMs: config.slackTimeoutMs }),
    charts:
      options.charts ??
      prometheusChartDeps(config.prometheus ?? null, options.fetch ?? globalThis.fetch, renderChartPng),
    pages: createPageSender({ clock, env: options.env, ...(options.fetch ? { fetch: options.fetch } : {}) }),
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
  // The Intl formatters' first use loads ICU data (tens of ms): shortly after start, not in the first diagnosis.
  let stopWarming: (() => void) | null = null;
  let tokenCheck: Retrying | null = null;
  let socketStart: Retrying | null = null;
  let stopped = false;

  /** Connects the socket (Socket Mode), retrying when Slack refuses the app-level token. */
  const connectSocket = (receiver: SocketModeReceiver) => {
    socketStart = retryWithBackoff({
      attempt: async () => {
        await receiver.start();
      },
      clock,
      policy: options.tokenRetry ?? defaultBackoff,
      onFailure: (error, retryInMs) => {
        const reason = describeSlackFailure(error, 'app-level token');
        slack.transportDown(reason);
        logger.error({ reason, retryInMs }, 'Socket Mode could not connect; retrying');
      },
    });
  };

  const whenTokenVerified = async () => {
    if (stopped) return;
    slack.tokenVerified();
    if (socketReceiver) connectSocket(socketReceiver);
    await tick();
    if (!stopped) schedule();
    logger.info({ mode: socketReceiver ? 'socket' : 'http' }, 'Slack accepted the token');
  };

  return {
    app,
    deps,
    slack,
    tick,
    async start() {
      let port = config.port;
      if (httpReceiver) {
        const server = (await httpReceiver.start({ port: config.port, host: config.host })) as Server;
        port = (server.address() as AddressInfo).port;
        slack.transportUp();
      } else {
        ops = await startOpsServer({ port: config.port, host: config.host, routes });
        port = ops.port;
      }
      metrics.setOpenIncidents(store.listIncidents({ status: 'open', limit: 1000 }).length);
      stopWarming = clock.setTimer(WARM_FORMATTERS_AFTER_MS, () =>
        warmFormatters(
          deps.catalog.runbooks.map((bound) => bound.binding.locale),
          config.timeZone,
        ),
      );
      const check = retryWithBackoff({
        attempt: () => app.init(),
        clock,
        policy: options.tokenRetry ?? defaultBackoff,
        onFailure: (error, retryInMs) => {
          const reason = describeSlackFailure(error, 'token');
          slack.tokenRejected(reason);
          logger.error(
            { reason, retryInMs },
            'Slack token check (auth.test) failed: check SLACK_BOT_TOKEN; retrying',
          );
        },
      });
      tokenCheck = check;
      if (await check.first) {
        await whenTokenVerified();
      } else {
        void check.succeeded
          .then(whenTokenVerified)
          .catch((error: unknown) => logger.error({ err: error }, 'starting after the token check failed'));
      }
      logger.info(
        { port, mode: socketReceiver ? 'socket' : 'http', ready: slack.status().ok },
        slack.isTokenVerified() ? 'runbook-bot is up' : 'runbook-bot is up but not ready (see /healthz)',
      );
      return { port };
    },
    async stop() {
      stopped = true;
      tokenCheck?.stop();
      socketStart?.stop();
      stopTimer?.();
      stopTimer = null;
      stopWarming?.();
      if (httpReceiver) await httpReceiver.stop().catch(() => undefined);
      else await socketReceiver?.stop().catch(() => undefined);
      await ops?.close();
      await sshPool.closeAll();
    },
  };
}
