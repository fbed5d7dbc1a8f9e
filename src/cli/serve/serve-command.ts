import { loadConfig } from '../../config/load-config.ts';
import type { CatalogAhead } from '../../core/load-catalog-in-child.ts';
import type { CliDeps } from '../cli-deps.ts';
import { withDotenv } from './read-dotenv.ts';
import { startBot } from './start-bot.ts';

/**
 * `runbook-bot serve` (`npm start`): the Slack bot, until SIGINT/SIGTERM. `catalogAhead`: the
 * catalog main.ts started loading in a process of its own before this module was even loaded.
 */
export const serveCommand = async (
  _argv: string[],
  deps: CliDeps,
  catalogAhead?: CatalogAhead,
): Promise<number> => {
  const env = withDotenv(deps.env, deps.cwd);
  const config = loadConfig(env, deps.cwd);
  const running = await startBot({
    config,
    env,
    clock: deps.clock,
    pretty: Boolean(deps.stdout.isTTY),
    ...(catalogAhead ? { catalogAhead } : {}),
  });
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await running.close();
  return 0;
};
