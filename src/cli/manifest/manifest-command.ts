import { UserError } from '../../core/errors.ts';
import { loadCatalog } from '../../core/load-catalog.ts';
import { buildManifest, parseHttpBaseUrl } from '../../slack/build-manifest.ts';
import type { CliCommand } from '../cli-deps.ts';
import { runbooksDir } from '../resolve-target.ts';

const usage = 'usage: runbook-bot manifest [DIR] [--http https://bot.example.com]';

/** `[DIR] [--http URL]` (also `--http=URL`), in any order. */
export function parseManifestArgs(argv: string[]): { dir?: string; httpBaseUrl?: string } {
  const parsed: { dir?: string; httpBaseUrl?: string } = {};
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index] ?? '';
    if (arg === '--http' || arg.startsWith('--http=')) {
      const value = arg === '--http' ? argv[++index] : arg.slice('--http='.length);
      if (!value || value.startsWith('--')) throw new UserError('usage', '--http needs a URL', usage);
      if (parsed.httpBaseUrl !== undefined) throw new UserError('usage', '--http given twice', usage);
      parsed.httpBaseUrl = value;
    } else if (arg.startsWith('-')) {
      throw new UserError('usage', `unknown option ${arg.slice(0, 40)}`, usage);
    } else if (parsed.dir === undefined) {
      parsed.dir = arg;
    } else {
      throw new UserError('usage', `unexpected argument ${arg.slice(0, 60)}`, usage);
    }
  }
  return parsed;
}

/**
 * `runbook-bot manifest [DIR] [--http URL]`: the Slack app manifest with one slash command per
 * binding. Socket Mode by default; with `--http`, request URLs at `<URL>/slack/events`.
 */
export const manifestCommand: CliCommand = async (argv, deps) => {
  const args = parseManifestArgs(argv);
  // A bad URL is refused before anything is read.
  if (args.httpBaseUrl !== undefined) parseHttpBaseUrl(args.httpBaseUrl);
  const { catalog } = await loadCatalog(runbooksDir(deps, args.dir));
  const manifest = buildManifest(
    catalog.runbooks.map((bound) => ({
      command: bound.binding.command,
      description: bound.binding.description ?? `Runbook: ${bound.runbook.title}`,
      usageWords: ['help', ...Object.keys(bound.binding.subcommands), 'run <section>', 'status', 'resolve'],
    })),
    args.httpBaseUrl === undefined ? {} : { httpBaseUrl: args.httpBaseUrl },
  );
  deps.stdout.write(manifest);
  return 0;
};
