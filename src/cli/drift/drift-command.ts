import { access } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { DriftReport } from '../../core/drift/drift-report.ts';
import { drifted } from '../../core/drift/drift-report.ts';
import { runDrift } from '../../core/drift/run-drift.ts';
import { UserError } from '../../core/errors.ts';
import { type PreparedRunner, prepareRunner } from '../../core/prepare-runner.ts';
import { prepareTargetRunner } from '../../core/targets/prepare-target-runner.ts';
import { readTargets } from '../../core/targets/resolve-targets.ts';
import { createSshPool } from '../../exec/targets/ssh-connection.ts';
import { renderStepLine } from '../../render/terminal/render-step-line.ts';
import type { CliCommand, CliDeps } from '../cli-deps.ts';
import { passEnvOf, resolveRunbook } from '../resolve-target.ts';
import { renderDriftMarkdown } from './render-drift-markdown.ts';
import { renderDriftTable } from './render-drift-table.ts';

const USAGE =
  'usage: runbook-bot drift RUNBOOK [--target NAME]… [--json | --markdown] [--links] [--no-sensitive] [--workdir DIR]';

function parse(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        markdown: { type: 'boolean', default: false },
        links: { type: 'boolean', default: false },
        'no-sensitive': { type: 'boolean', default: false },
        target: { type: 'string', multiple: true },
        workdir: { type: 'string' },
        runbooks: { type: 'string' },
        'no-color': { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    throw new UserError('usage', (error as Error).message, USAGE);
  }
}

/**
 * `runbook-bot drift api-down`: every read-only step against a host that should be healthy, then
 * what no longer matches the runbook. Exit 0 nothing drifted, 1 something did, 2 usage.
 */
export const driftCommand: CliCommand = async (argv, deps) => {
  const { values, positionals } = parse(argv);
  const [runbookName, ...extra] = positionals;
  if (!runbookName || extra.length > 0)
    throw new UserError('usage', 'expected exactly one runbook.', 'e.g. runbook-bot drift api-down');
  if (values.json && values.markdown)
    throw new UserError('usage', '--json and --markdown exclude each other.', USAGE);
  const workdir = await checkWorkdir(values.workdir, deps);
  const bound = await resolveRunbook(runbookName, deps, values.runbooks);
  // the same resolution as `run`: named targets, else the binding's default targets, else this host
  const targets = readTargets(bound, values.target ?? []) ?? [null];
  const color = Boolean(deps.stdout.isTTY) && !values['no-color'] && deps.env.NO_COLOR === undefined;
  const quiet = values.json || values.markdown;
  const showProgress = !quiet || Boolean((deps.stderr as { isTTY?: boolean }).isTTY);
  const several = targets.length > 1;

  const pool = createSshPool({ clock: deps.clock });
  const reports: DriftReport[] = [];
  try {
    for (const target of targets) {
      const name = target ?? 'local';
      const prepared: PreparedRunner =
        target === null
          ? await prepareRunner({
              bound,
              env: deps.env,
              clock: deps.clock,
              workdir,
              passEnv: passEnvOf(deps),
            })
          : await prepareTargetRunner({
              bound,
              target,
              env: deps.env,
              clock: deps.clock,
              pool,
              passEnv: passEnvOf(deps),
            });
      const connected = prepared.connect ? await prepared.connect() : { ok: true as const };
      if (!connected.ok) {
        reports.push(
          unreachable(bound.runbook.id, name, prepared.redactor(connected.reason), deps.clock.now()),
        );
        continue;
      }
      reports.push(
        await runDrift(bound, {
          prepared,
          clock: deps.clock,
          target: name,
          // the terminal is the operator on the machine, as for `run`; output is redacted either way
          allowSensitive: !values['no-sensitive'],
          ...(values.links ? { links: { fetch: (url, init) => fetch(url, init), exists: fileExists } } : {}),
          onStepDone: (result) => {
            if (!showProgress) return;
            const line = renderStepLine(result, bound.binding.locale, { color: false });
            deps.stderr.write(several ? `[${name}] ${line}\n` : `${line}\n`);
          },
        }),
      );
    }
  } finally {
    await pool.closeAll();
  }

  if (values.json) {
    const out = reports.length === 1 ? reports[0] : { runbook: bound.runbook.id, runs: reports };
    deps.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  } else if (values.markdown) {
    deps.stdout.write(`${reports.map(renderDriftMarkdown).join('\n')}`);
  } else {
    if (showProgress) deps.stderr.write('\n');
    deps.stdout.write(`${reports.map((report) => renderDriftTable(report, { color })).join('\n\n')}\n`);
  }
  return reports.some(drifted) ? 1 : 0;
};

async function checkWorkdir(dir: string | undefined, deps: CliDeps): Promise<string | null> {
  if (dir === undefined) return null;
  const full = path.resolve(deps.cwd, dir);
  try {
    await access(full);
  } catch {
    throw new UserError('usage', `--workdir ${dir} does not exist; nothing was run.`);
  }
  return full;
}

async function fileExists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

/** A target that could not be reached: one finding, nothing run there. */
function unreachable(runbook: string, target: string, reason: string, now: number): DriftReport {
  return {
    runbook,
    target,
    startedAt: new Date(now).toISOString(),
    durationMs: 0,
    checked: 0,
    leftOut: { changes: 0, waits: 0 },
    unchecked: [],
    findings: [
      { kind: 'host-unreachable', subject: target, title: target, expected: 'reachable', got: reason },
    ],
  };
}
