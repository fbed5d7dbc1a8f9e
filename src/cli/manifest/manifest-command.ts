import { loadCatalog } from '../../core/load-catalog.ts';
import { buildManifest } from '../../slack/build-manifest.ts';
import type { CliCommand } from '../cli-deps.ts';
import { runbooksDir } from '../resolve-target.ts';

/** `runbook-bot manifest [DIR]`: the Slack app manifest with one slash command per binding. */
export const manifestCommand: CliCommand = async (argv, deps) => {
  const { catalog } = await loadCatalog(runbooksDir(deps, argv[0]));
  const manifest = buildManifest(
    catalog.runbooks.map((bound) => ({
      command: bound.binding.command,
      description: bound.binding.description ?? `Runbook: ${bound.runbook.title}`,
      usageHint: [
        'help',
        ...Object.keys(bound.binding.subcommands),
        'run <section>',
        'status',
        'resolve',
      ].join(' | '),
    })),
  );
  deps.stdout.write(manifest);
  return 0;
};
