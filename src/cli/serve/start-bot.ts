import path from 'node:path';
import type { BotConfig } from '../../config/load-config.ts';
import { UserError } from '../../core/errors.ts';
import { loadCatalog } from '../../core/load-catalog.ts';
import type { Clock } from '../../core/ports.ts';
import { collectSecrets } from '../../exec/collect-secrets.ts';
import { createRedactor } from '../../exec/create-redactor.ts';
import { createLogger } from '../../observability/logger.ts';
import { createMetrics } from '../../observability/metrics.ts';
import { hasErrors } from '../../runbook/problem.ts';
import { botFeatures } from '../../slack/bot-features.ts';
import { type Bot, createBot } from '../../slack/create-bot.ts';
import { openStore, storeFileName } from '../../store/sqlite-store.ts';

/** Builds everything the bot needs from its settings and starts it (used by `serve`, the demo and tests). */
export async function startBot(options: {
  config: BotConfig;
  env: Readonly<Record<string, string | undefined>>;
  clock: Clock;
  pretty?: boolean;
  destination?: NodeJS.WritableStream;
  tickMs?: number;
}): Promise<{ bot: Bot; port: number; close(): Promise<void> }> {
  const { config, env, clock } = options;
  const { catalog, problems } = await loadCatalog(config.runbooksDir);
  if (hasErrors(problems) || catalog.runbooks.length === 0) {
    const first = problems.find((problem) => problem.level === 'error');
    throw new UserError(
      'invalid_runbook',
      first ? `${first.file}:${first.line}: ${first.message}` : `no runbook found in ${config.runbooksDir}`,
      'run `runbook-bot lint` to see every problem',
    );
  }
  const workdirs = catalog.runbooks.map((bound) => bound.binding.workdir ?? null);
  const secrets = new Set<string>();
  for (const workdir of [null, ...workdirs])
    for (const secret of await collectSecrets({ env, workdir })) secrets.add(secret);
  const redactText = createRedactor({ secrets: [...secrets] });
  const logger = createLogger({
    level: config.logLevel,
    pretty: options.pretty ?? false,
    redactText,
    ...(options.destination ? { destination: options.destination } : {}),
  });
  const store = openStore({ file: path.join(config.dataDir, storeFileName), clock });
  const metrics = createMetrics();
  const bot = createBot(
    {
      config,
      catalog,
      store,
      clock,
      logger,
      metrics,
      env,
      ...(options.tickMs ? { tickMs: options.tickMs } : {}),
    },
    botFeatures(),
  );
  const { port } = await bot.start();
  return {
    bot,
    port,
    close: async () => {
      await bot.stop();
      store.close();
    },
  };
}
