import { loadConfig } from '../../config/load-config.ts';
import type { CliCommand } from '../cli-deps.ts';
import { withDotenv } from './read-dotenv.ts';
import { startBot } from './start-bot.ts';

/** `runbook-bot serve` (`npm start`): the Slack bot, until SIGINT/SIGTERM. */
export const serveCommand: CliCommand = async (_argv, deps) => {
  const env = withDotenv(deps.env, deps.cwd);
  const config = loadConfig(env, deps.cwd);
  const running = await startBot({ config, env, clock: deps.clock, pretty: Boolean(deps.stdout.isTTY) });
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await running.close();
  return 0;
};
