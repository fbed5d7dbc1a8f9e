import type { BotConfig } from '../../config/load-config.ts';
import type { BoundRunbook } from '../../core/catalog.ts';
import type { ChartDeps } from '../../core/charts/incident-charts.ts';
import { UserError } from '../../core/errors.ts';
import { loadCatalog } from '../../core/load-catalog.ts';
import type { CatalogAhead } from '../../core/load-catalog-in-child.ts';
import type { Clock } from '../../core/ports.ts';
import { secretsDirOf } from '../../core/prepare-runner.ts';
import { createEnvRedactor } from '../../exec/redact/create-redactor.ts';
import { createStepHost } from '../../exec/step-host/step-host.ts';
import { createLogger } from '../../observability/logger.ts';
import { createMetrics } from '../../observability/metrics.ts';
import { hasErrors } from '../../runbook/problem.ts';
import { botFeatures } from '../../slack/bot-features.ts';
import { type Bot, createBot } from '../../slack/create-bot.ts';
import { openConfiguredStore } from '../../store/open-configured-store.ts';

/** Builds everything the bot needs from its settings and starts it (used by `serve`, the demo and tests). */
export async function startBot(options: {
  config: BotConfig;
  env: Readonly<Record<string, string | undefined>>;
  clock: Clock;
  pretty?: boolean;
  destination?: NodeJS.WritableStream;
  tickMs?: number;
  /** A runbook's own step environment, when it differs from `env` (the playground's simulated host). */
  envFor?: (bound: BoundRunbook) => Readonly<Record<string, string | undefined>>;
  /** Where a diagnose's charts come from (the playground: its simulated host); default PROMETHEUS_URL. */
  charts?: ChartDeps;
  /** The catalog, already being loaded by a process of its own (`serve`). */
  catalogAhead?: CatalogAhead;
}): Promise<{ bot: Bot; port: number; close(): Promise<void> }> {
  const { config, env, clock } = options;
  const { catalog, problems, parsedAhead } = await loadCatalog(
    config.runbooksDir,
    config.passEnv,
    options.catalogAhead,
  );
  if (hasErrors(problems) || catalog.runbooks.length === 0) {
    const first = problems.find((problem) => problem.level === 'error');
    throw new UserError(
      'invalid_runbook',
      first ? `${first.file}:${first.line}: ${first.message}` : `no runbook found in ${config.runbooksDir}`,
      'run `runbook-bot lint` to see every problem',
    );
  }
  // One redactor for the process (step output, logs, Slack, database), reloaded when a .env* changes.
  const redactText = await createEnvRedactor({
    env,
    dirs: catalog.runbooks.map((bound) => secretsDirOf(bound)),
  });
  const logger = createLogger({
    level: config.logLevel,
    pretty: options.pretty ?? false,
    redactText,
    ...(options.destination ? { destination: options.destination } : {}),
  });
  if (options.catalogAhead)
    logger.info(
      { runbooks: catalog.runbooks.length, ...parsedAhead },
      parsedAhead.used ? 'runbooks parsed ahead by a child process' : 'runbooks parsed in the bot process',
    );

  const store = openConfiguredStore(
    {
      databaseUrl: config.databaseUrl ?? null,
      dataDir: config.dataDir,
      ...(config.databaseTimeoutMs ? { databaseTimeoutMs: config.databaseTimeoutMs } : {}),
      longRunning: true,
    },
    clock,
  );
  const metrics = createMetrics();
  // Local steps start from a process of their own, not from the bot (exec/step-host).
  const stepHost = createStepHost({ logger, env: process.env });
  const bot = createBot(
    {
      config,
      catalog,
      store,
      clock,
      logger,
      metrics,
      env,
      redactor: redactText,
      ...(options.tickMs ? { tickMs: options.tickMs } : {}),
      ...(options.envFor ? { envFor: options.envFor } : {}),
      ...(options.charts ? { charts: options.charts } : {}),
      localExecutor: stepHost.executor,
    },
    botFeatures(),
  );
  const { port } = await bot.start();
  // Ready before the first diagnose, started once the bot answers (not part of its start-up).
  stepHost.start();
  return {
    bot,
    port,
    close: async () => {
      await bot.stop();
      await stepHost.close();
      store.close();
    },
  };
}
