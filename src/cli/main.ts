import { randomUUID } from 'node:crypto';
import { isUserError } from '../core/errors.ts';
import { systemClock } from '../core/ports.ts';
import { isStoreUnavailable } from '../store/store-unavailable.ts';
import type { CliCommand, CliDeps } from './cli-deps.ts';
import { asksForHelp, COMMAND_HELP } from './command-help.ts';
import { startLoadingCatalog } from './serve/catalog-ahead.ts';

/** Each command lives in its own module, loaded only when used (keeps start-up fast). */
const commands: Record<string, { summary: string; load: (deps: CliDeps) => Promise<CliCommand> }> = {
  inspect: {
    summary: 'inspect FILE.md [--json] [--no-binding]   show the runbook model',
    load: async () => (await import('./inspect/inspect-command.ts')).inspectCommand,
  },
  run: {
    summary: 'run RUNBOOK SUBCOMMAND|SECTION [--json] [--workdir DIR] [--yes]   run a section on this host',
    load: async () => (await import('./run/run-command.ts')).runCommand,
  },
  drift: {
    summary: 'drift RUNBOOK [--target NAME] [--json|--markdown]   what no longer matches a healthy host',
    load: async () => (await import('./drift/drift-command.ts')).driftCommand,
  },
  doctor: {
    summary: 'doctor [--no-color]                      check tokens, runbooks, programs, DATA_DIR',
    load: async () => (await import('./doctor/doctor-command.ts')).doctorCommand,
  },
  serve: {
    summary: 'serve                                    start the Slack bot (npm start)',
    // The runbooks are parsed by a child process while this one loads the bot (serve/catalog-ahead.ts).
    load: async (deps) => {
      const catalog = startLoadingCatalog(deps);
      const { serveCommand } = await import('./serve/serve-command.ts');
      return (argv, commandDeps) => serveCommand(argv, commandDeps, catalog);
    },
  },
  manifest: {
    summary:
      'manifest [--http URL]                    print the Slack app manifest (Socket Mode; HTTP with --http)',
    load: async () => (await import('./manifest/manifest-command.ts')).manifestCommand,
  },
  incidents: {
    summary: 'incidents list [--all] [--json] | show ID | export ID [--out FILE]   incident records',
    load: async () => (await import('./incidents/incidents-command.ts')).incidentsCommand,
  },
  lint: {
    summary: 'lint [DIR]                               check every runbook and binding',
    load: async () => (await import('./lint/lint-command.ts')).lintCommand,
  },
  demo: {
    summary: 'demo [--port 3100]  local playground: the whole flow in a browser, no Slack',
    load: async () => (await import('./demo/demo-command.ts')).demoCommand,
  },
};

function usage(): string {
  const lines = Object.values(commands).map((command) => `  runbook-bot ${command.summary}`);
  return `Usage:\n${lines.join('\n')}\n\nrunbook-bot COMMAND --help shows what a command takes.\n`;
}

function commandHelp(name: string): string {
  return COMMAND_HELP[name] ?? `usage: runbook-bot ${commands[name]?.summary ?? name}\n`;
}

/** The CLI's one error boundary: user errors print a paragraph, anything else a reference id. */
export async function runCli(argv: string[], deps: CliDeps): Promise<number> {
  const [name, ...rest] = argv;
  if (name === 'help' && rest[0] !== undefined && commands[rest[0]]) {
    deps.stdout.write(commandHelp(rest[0]));
    return 0;
  }
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    deps.stdout.write(usage());
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    deps.stderr.write(`runbook-bot: unknown command "${name}".\n${usage()}`);
    return 2;
  }
  if (asksForHelp(rest)) {
    deps.stdout.write(commandHelp(name));
    return 0;
  }
  try {
    return await (await command.load(deps))(rest, deps);
  } catch (error) {
    if (isUserError(error)) {
      deps.stderr.write(`runbook-bot ${name}: ${error.message}\n${error.hint ? `${error.hint}\n` : ''}`);
      return error.code === 'usage' ? 2 : 1;
    }
    if (isStoreUnavailable(error)) {
      deps.stderr.write(
        `runbook-bot ${name}: ${error.message}\ncheck that PostgreSQL runs and DATABASE_URL points at it (\`runbook-bot doctor\`)\n`,
      );
      return 1;
    }
    const ref = randomUUID().slice(0, 8);
    deps.stderr.write(`runbook-bot ${name}: internal error, ref ${ref}\n`);
    if (deps.env.RUNBOOK_BOT_DEBUG) deps.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
    return 1;
  }
}

export async function main(argv: string[]): Promise<void> {
  const code = await runCli(argv, {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
    clock: systemClock,
  });
  // Long-running commands (serve, demo) never return here; the others exit with their code.
  process.exitCode = code;
}
