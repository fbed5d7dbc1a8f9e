import type { BoundRunbook } from '../../core/catalog.ts';
import type { PreparedRunner } from '../../core/prepare-runner.ts';
import { prepareTargetRunner } from '../../core/targets/prepare-target-runner.ts';
import { runOnTargets } from '../../core/targets/run-on-targets.ts';
import type { SectionRun } from '../../exec/step-result.ts';
import type { SshPool } from '../../exec/targets/ssh-connection.ts';
import type { TargetRun } from '../../exec/targets/target-run.ts';
import { createMetrics } from '../../observability/metrics.ts';
import { renderSectionReport } from '../../render/terminal/render-section-report.ts';
import { renderStepLine } from '../../render/terminal/render-step-line.ts';
import { renderTargetMatrix } from '../../render/terminal/render-target-matrix.ts';
import type { Section } from '../../runbook/model.ts';
import type { CliDeps } from '../cli-deps.ts';
import { passEnvOf } from '../resolve-target.ts';
import { cliActor } from './run-change.ts';

const FAILED = new Set(['fail', 'error', 'timeout']);

/** Prepares a runbook's runner on one of its targets for the terminal (SSH connections in `pool`). */
export function targetPreparer(deps: CliDeps, pool: SshPool) {
  return (bound: BoundRunbook, target: string): Promise<PreparedRunner> =>
    prepareTargetRunner({ bound, target, env: deps.env, clock: deps.clock, pool, passEnv: passEnvOf(deps) });
}

/**
 * `runbook-bot run api-down diagnose [--target api-2]…`: a section that only reads, on each target
 * in parallel. One target prints what a run here prints (its `--json` gains `target`); several
 * print a host × check matrix, or with `--json` `{ runbook, section, runs: [{ target, … }] }`
 * (README "Targets: several hosts over SSH"). Exit 1 when a check failed or a host was unreachable.
 */
export async function runReadOnTargets(options: {
  deps: CliDeps;
  bound: BoundRunbook;
  section: Section;
  targets: readonly string[];
  pool: SshPool;
  params: Record<string, string>;
  json: boolean;
  color: boolean;
  showProgress: boolean;
  subcommand: string;
  /** The one-target `--json` shape (run-command.ts). */
  toJson: (run: SectionRun, subcommand: string) => Record<string, unknown>;
}): Promise<number> {
  const { deps, bound, section, targets } = options;
  const locale = bound.binding.locale;
  const prepare = targetPreparer(deps, options.pool);
  const prepared = new Map<string, Promise<PreparedRunner>>();
  const several = targets.length > 1;
  const runs = await runOnTargets(
    {
      runnerFor: (target, name) => {
        const key = name ?? '';
        let runner = prepared.get(key);
        if (!runner) {
          runner = prepare(target, key);
          prepared.set(key, runner);
        }
        return runner;
      },
      clock: deps.clock,
      metrics: createMetrics(),
    },
    bound,
    section,
    targets,
    {
      approved: false,
      actor: cliActor(deps.env),
      params: options.params,
      onStepDone: (target, result) => {
        if (!options.showProgress) return;
        const line = renderStepLine(result, locale, { color: options.color });
        deps.stderr.write(several ? `[${target}] ${line}\n` : `${line}\n`);
      },
      onTargetDone: (result) => {
        if (options.showProgress && result.run === null)
          deps.stderr.write(`[${result.target}] ⚠️ unreachable: ${result.reason}\n`);
      },
    },
  );

  const runJson = (result: TargetRun) =>
    result.run === null
      ? {
          target: result.target,
          runbook: bound.runbook.id,
          section: section.id,
          subcommand: options.subcommand,
          unreachable: result.reason,
          steps: [],
          suggestions: [],
        }
      : { target: result.target, ...options.toJson(result.run, options.subcommand) };

  if (options.json) {
    const out = several
      ? { runbook: bound.runbook.id, section: section.id, runs: runs.map(runJson) }
      : runJson(runs[0] as TargetRun);
    deps.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  } else if (several) {
    deps.stdout.write(`${renderTargetMatrix(runs, locale, { color: options.color })}\n`);
  } else {
    const only = runs[0] as TargetRun;
    deps.stdout.write(
      only.run === null
        ? `⚠️ ${only.target} unreachable: ${only.reason}\n`
        : `${only.target}:\n${renderSectionReport(only.run, locale, { color: options.color })}\n`,
    );
  }
  const failed = runs.some(
    (run) => run.run === null || run.run.steps.some((step) => FAILED.has(step.status)),
  );
  return failed ? 1 : 0;
}
