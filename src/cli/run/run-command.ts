import { statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fingerprintOf } from '../../core/approvals/change-fingerprint.ts';
import { isStagedProcedure } from '../../core/approvals/change-groups.ts';
import { type BoundRunbook, commandSteps } from '../../core/catalog.ts';
import { UserError } from '../../core/errors.ts';
import { type PreparedRunner, prepareRunner } from '../../core/prepare-runner.ts';
import { runBoundSection } from '../../core/run-bound-section.ts';
import { changeTarget, readTargets, targetNamesOf } from '../../core/targets/resolve-targets.ts';
import { paramsLine } from '../../exec/recorded-params.ts';
import type { SectionRun } from '../../exec/step-result.ts';
import { createSshPool, type SshPool } from '../../exec/targets/ssh-connection.ts';
import { createMetrics } from '../../observability/metrics.ts';
import { englishVerdict } from '../../render/common/describe-verdict.ts';
import { renderSectionReport } from '../../render/terminal/render-section-report.ts';
import { renderStepLine } from '../../render/terminal/render-step-line.ts';
import type { Section } from '../../runbook/model.ts';
import { redactingStore } from '../../store/redacting-store.ts';
import type { CliCommand, CliDeps } from '../cli-deps.ts';
import { passEnvOf, resolveRunbook, resolveSection } from '../resolve-target.ts';
import { confirmChange } from './confirm-change.ts';
import { paramsForRun } from './params-args.ts';
import { cliActor, openCliStore, runConfirmedChange } from './run-change.ts';
import { runProcedure } from './run-procedure.ts';
import { runReadOnTargets, targetPreparer } from './run-targets.ts';

const FAILED = new Set(['fail', 'error', 'timeout']);

function parse(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        yes: { type: 'boolean', short: 'y', default: false },
        workdir: { type: 'string' },
        runbooks: { type: 'string' },
        'no-color': { type: 'boolean', default: false },
        param: { type: 'string', multiple: true },
        target: { type: 'string', multiple: true },
      },
    });
  } catch (error) {
    throw new UserError(
      'usage',
      (error as Error).message,
      'usage: runbook-bot run RUNBOOK SUBCOMMAND|SECTION [--target NAME]… [--param NAME=VALUE]… [--json] [--workdir DIR] [--yes]',
    );
  }
}

function checkWorkdir(dir: string | undefined, deps: CliDeps): string | null {
  if (dir === undefined) return null;
  const full = path.resolve(deps.cwd, dir);
  let isDir = false;
  try {
    isDir = statSync(full).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir)
    throw new UserError('usage', `--workdir ${dir} does not exist or is not a directory; nothing was run.`);
  return full;
}

/**
 * `runbook-bot run api-down diagnose [--target api-2]…`: runs a section here, or on the binding's
 * targets, with progress, then the report. SSH connections opened for it are closed at the end.
 */
export const runCommand: CliCommand = async (argv, deps) => {
  const pool = createSshPool({ clock: deps.clock });
  try {
    return await runWith(argv, deps, pool);
  } finally {
    await pool.closeAll();
  }
};

async function runWith(argv: string[], deps: CliDeps, pool: SshPool): Promise<number> {
  const { values, positionals } = parse(argv);
  const [runbookName, target, ...extra] = positionals;
  if (!runbookName || !target || extra.length > 0) {
    throw new UserError(
      'usage',
      'expected a runbook and a subcommand or section id.',
      'e.g. runbook-bot run api-down diagnose',
    );
  }
  const workdir = checkWorkdir(values.workdir, deps);
  const bound = await resolveRunbook(runbookName, deps, values.runbooks);
  const { section, subcommand } = resolveSection(bound, target);
  const locale = bound.binding.locale;
  const params = await paramsForRun(deps, section, bound.binding.params, values.param);
  const changes = commandSteps(section.steps).filter((step) => step.risk === 'change' && !step.skip);
  const requestedTargets = values.target ?? [];
  if (workdir !== null && (requestedTargets.length > 0 || targetNamesOf(bound).length > 0)) {
    throw new UserError(
      'usage',
      `runbook ${bound.runbook.id} runs on targets, each with its own workdir; --workdir applies to this host only. Nothing was run.`,
    );
  }
  if (changes.length === 0) {
    const targets = readTargets(bound, requestedTargets);
    if (targets !== null) {
      return runReadOnTargets({
        deps,
        bound,
        section,
        targets,
        pool,
        params,
        json: values.json,
        color: Boolean(deps.stdout.isTTY) && !values['no-color'] && deps.env.NO_COLOR === undefined,
        showProgress: !values.json || Boolean((deps.stderr as { isTTY?: boolean }).isTTY),
        subcommand,
        toJson,
      });
    }
  }
  // A change runs on exactly one target (when the binding has targets): its lock, breaker, fingerprint.
  const onTarget = changes.length > 0 ? changeTarget(bound, requestedTargets, `"${target}"`) : null;
  const prepareOn = targetPreparer(deps, pool);
  const prepare = (loaded: BoundRunbook) =>
    onTarget !== null
      ? prepareOn(loaded, onTarget)
      : prepareRunner({
          bound: loaded,
          env: deps.env,
          clock: deps.clock,
          workdir,
          passEnv: passEnvOf(deps),
        });
  const prepared = await prepare(bound);
  // What the operator confirms: the approval is bound to exactly this (see change-fingerprint.ts).
  // With the values: a change confirmed for these values runs with exactly these values.
  const fingerprint = changes.length > 0 ? fingerprintOf(bound, section, prepared, params) : '';
  // What the terminal shows of a command is redacted like its output (the step runs unredacted).
  const shown = changes.map((step) => ({ ...step, command: prepared.redactor(step.command) }));
  const shownValues = paramsLine(params, prepared.redactor);

  // Changes split by reads: each change group confirmed and run by itself, in order, reads between.
  if (changes.length > 0 && isStagedProcedure(section)) {
    if (!values.yes && !deps.stdin.isTTY) {
      throw new UserError(
        'usage',
        `"${target}" changes the host (${shown.map((step) => step.command).join('; ')}${shownValues ? `; with ${shownValues}` : ''}); refused without a terminal to confirm.`,
        'add --yes to run it anyway, or run it from a terminal',
      );
    }
    const color = Boolean(deps.stdout.isTTY) && !values['no-color'] && deps.env.NO_COLOR === undefined;
    const load = () => resolveRunbook(runbookName, deps, values.runbooks);
    return runProcedure({ deps, bound, section, prepared, prepare, load, params, yes: values.yes, color });
  }

  let approved = false;
  if (changes.length > 0) {
    if (values.yes) approved = true;
    else if (deps.stdin.isTTY)
      approved = await confirmChange({
        deps,
        runbookId: bound.runbook.id,
        steps: shown,
        fingerprint,
        ...(shownValues ? { values: shownValues } : {}),
      });
    else {
      throw new UserError(
        'usage',
        `"${target}" changes the host (${shown.map((step) => step.command).join('; ')}${shownValues ? `; with ${shownValues}` : ''}); refused without a terminal to confirm.`,
        'add --yes to run it anyway, or run it from a terminal',
      );
    }
    if (!approved) {
      deps.stderr.write('Cancelled: nothing that changes the host was run.\n');
      return 1;
    }
  }

  const color = Boolean(deps.stdout.isTTY) && !values['no-color'] && deps.env.NO_COLOR === undefined;
  const showProgress = !values.json || Boolean((deps.stderr as { isTTY?: boolean }).isTTY);
  if (approved) {
    const load = () => resolveRunbook(runbookName, deps, values.runbooks);
    return runChange({
      deps,
      bound,
      section,
      prepared,
      prepare,
      load,
      fingerprint,
      params,
      json: values.json,
      color,
      subcommand,
    });
  }
  const run: SectionRun = await runBoundSection(
    { runnerFor: async () => prepared, clock: deps.clock, metrics: createMetrics() },
    bound,
    section,
    {
      approved: false,
      // The terminal is the operator on the machine: trusted, sensitive steps included.
      actor: cliActor(deps.env),
      params,
      onStepDone: (result) => {
        if (showProgress) deps.stderr.write(`${renderStepLine(result, locale, { color })}\n`);
      },
    },
  );

  if (values.json) {
    deps.stdout.write(`${JSON.stringify(toJson(run, subcommand), null, 2)}\n`);
  } else {
    deps.stdout.write(`${renderSectionReport(run, locale, { color })}\n`);
  }
  return run.steps.some((step) => FAILED.has(step.status)) ? 1 : 0;
}

/**
 * A confirmed change goes through the bot's store (DATA_DIR): the OS user in the timeline, the
 * per-service lock and the circuit breaker shared with Slack, the wait and the verification.
 */
async function runChange(options: {
  deps: CliDeps;
  bound: BoundRunbook;
  section: Section;
  prepared: PreparedRunner;
  prepare: (bound: BoundRunbook) => Promise<PreparedRunner>;
  load: () => Promise<BoundRunbook>;
  fingerprint: string;
  /** The values the operator confirmed (checked against the binding's rules). */
  params: Record<string, string>;
  json: boolean;
  color: boolean;
  subcommand: string;
}): Promise<number> {
  const { deps, bound, section, json, color } = options;
  const locale = bound.binding.locale;
  const actor = cliActor(deps.env);
  const store = redactingStore(openCliStore(deps), options.prepared.redactor);
  try {
    deps.stderr.write(`Running "${section.title}" as ${actor}…\n`);
    const result = await runConfirmedChange({
      deps,
      store,
      load: options.load,
      sectionId: section.id,
      fingerprint: options.fingerprint,
      params: options.params,
      prepare: options.prepare,
      actor,
      target: options.prepared.targetName ?? null,
    });
    if (json) {
      const verification = result.verifyRun ? toJson(result.verifyRun, 'verify') : null;
      const out = {
        ...toJson(result.changeRun, options.subcommand),
        approval: { id: result.approval.id, state: result.approval.state, by: actor },
        incidentId: result.approval.incidentId,
        healthy: result.healthy,
        verification,
      };
      deps.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    } else {
      const reports = [result.changeRun, result.verifyRun].flatMap((run) =>
        run ? [renderSectionReport(run, locale, { color })] : [],
      );
      deps.stdout.write(`${reports.join('\n\n')}\n`);
      const where = `incident #${result.approval.incidentId}, recorded as ${actor}`;
      deps.stdout.write(
        result.healthy
          ? `\n✅ Healthy again (${where}).\n`
          : `\n❌ ${result.failure ?? 'not healthy'} (${where}).\n`,
      );
    }
    return result.healthy ? 0 : 1;
  } finally {
    store.close();
  }
}

/** The documented `--json` shape (issue 3). */
function toJson(run: SectionRun, subcommand: string) {
  return {
    runbook: run.runbook,
    section: run.section,
    subcommand,
    startedAt: run.startedAt,
    durationMs: run.durationMs,
    steps: run.steps.map((step) => ({
      id: step.stepId,
      title: step.title,
      command: step.command,
      risk: step.risk,
      status: step.status,
      exitCode: step.exitCode,
      timedOut: step.timedOut,
      durationMs: step.durationMs,
      expect: step.expect,
      verdict: englishVerdict(step.detail),
      detail: step.detail,
      output: step.output,
      outputTruncated: step.outputTruncated,
      droppedBytes: step.droppedBytes,
    })),
    suggestions: run.suggestions,
  };
}
