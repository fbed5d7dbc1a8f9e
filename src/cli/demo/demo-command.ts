import { parseArgs } from 'node:util';
import { isScenarioName, SCENARIO_NAMES, type ScenarioName } from '../../../sandbox/lib/scenarios.mjs';
import { UserError } from '../../core/errors.ts';
import { DEMO_USERS } from '../../demo/demo-workspace.ts';
import { startPlayground } from '../../demo/start-playground.ts';
import type { CliCommand } from '../cli-deps.ts';

function parseDemoArgs(argv: string[]): { port: number; scenario: ScenarioName; realHost: boolean } {
  let values: { port?: string; scenario?: string; 'real-host'?: boolean };
  try {
    values = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        scenario: { type: 'string' },
        'real-host': { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    throw new UserError(
      'usage',
      (error as Error).message,
      'usage: runbook-bot demo [--port 3100] [--scenario redis-down] [--real-host]',
    );
  }
  const port = Number(values.port ?? '3100');
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UserError('usage', `--port must be a TCP port, got "${values.port}"`, 'e.g. --port 3100');
  const scenario = values.scenario ?? 'redis-down';
  if (!isScenarioName(scenario))
    throw new UserError('usage', `unknown scenario "${scenario}"`, `one of: ${SCENARIO_NAMES.join(', ')}`);
  return { port, scenario, realHost: values['real-host'] === true };
}

/** RUNBOOK_BOT_DEMO_REAL_HOST=1 (or true/yes) does what --real-host does. */
function realHostFromEnv(env: NodeJS.ProcessEnv): boolean {
  return /^(1|true|yes)$/i.test(env.RUNBOOK_BOT_DEMO_REAL_HOST?.trim() ?? '');
}

const REAL_HOST_WARNING = [
  '',
  '  ⚠️  --real-host: the runbooks run ON THIS MACHINE, with your user and its rights.',
  '     Anyone who drives the page (you, in this browser) runs their commands here, approvals included.',
  '     Without --real-host the playground runs only against its simulated host.',
  '',
].join('\n');

/** `runbook-bot demo` (`npm run demo`): the local playground until Ctrl-C. */
export const demoCommand: CliCommand = async (argv, deps) => {
  const { port, scenario, ...flags } = parseDemoArgs(argv);
  const realHost = flags.realHost || realHostFromEnv(deps.env);
  const runbooksDir = deps.env.RUNBOOKS_DIR?.trim() || undefined;
  if (realHost) deps.stderr.write(`${REAL_HOST_WARNING}\n`);
  let playground: Awaited<ReturnType<typeof startPlayground>>;
  try {
    playground = await startPlayground({
      port,
      scenario,
      env: deps.env,
      cwd: deps.cwd,
      clock: deps.clock,
      ...(runbooksDir ? { runbooksDir } : {}),
      realHost,
      logLevel: deps.env.LOG_LEVEL?.trim() || 'warn',
      pretty: Boolean(deps.stdout.isTTY),
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE')
      throw new UserError('conflict', `port ${port} is already in use`, 'try: npm run demo -- --port 3200');
    throw error;
  }
  const people = DEMO_USERS.map((user) => `${user.name} (${user.role})`).join(', ');
  const command = playground.commands[0] ?? '/apidown';
  deps.stdout.write(
    [
      '',
      `runbook-bot playground: ${playground.url}`,
      '',
      playground.realHost
        ? `  Runbooks: ${runbooksDir ?? 'runbooks/'} -> ${playground.commands.join(', ')} · REAL HOST: steps run on this machine`
        : `  Runbooks: ${runbooksDir ?? 'runbooks/'} -> ${playground.commands.join(', ')} · simulated host: ${scenario}`,
      ...(playground.skipped.length > 0
        ? [
            `  Not loaded (the simulated host does not model them; --real-host runs them here): ${playground.skipped.join(', ')}`,
          ]
        : []),
      `  People: ${people}`,
      '',
      '  Try, in the page:',
      `   1. as Ana, type  ${command} diagnose  -> an incident card; open its thread for the verdicts`,
      '   2. click "Pedir restart" (request restart) -> an approval card',
      '   3. switch to Bruno, click "Aprovar" -> restart, health check, post-resolution checks',
      '   4. click "Resolver" -> fill the root cause in the modal -> the final report in the thread',
      '   Leave an incident open ~1 minute: the escalation ping for the DevOps Lead (Carla) shows up.',
      '   Switch the simulated host (healthy, redis-down, restart-fixes-it, …) at the top left.',
      '',
      '  Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  deps.stdout.write('\nstopping the playground…\n');
  await playground.stop();
  return 0;
};
