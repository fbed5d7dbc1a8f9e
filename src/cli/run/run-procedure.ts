import { fingerprintOf } from '../../core/approvals/change-fingerprint.ts';
import { procedureStages } from '../../core/approvals/change-groups.ts';
import { type BoundRunbook, commandSteps } from '../../core/catalog.ts';
import type { PreparedRunner } from '../../core/prepare-runner.ts';
import { runBoundSection } from '../../core/run-bound-section.ts';
import { paramsLine } from '../../exec/recorded-params.ts';
import type { SectionRun } from '../../exec/step-result.ts';
import { createMetrics } from '../../observability/metrics.ts';
import { renderSectionReport } from '../../render/terminal/render-section-report.ts';
import { renderStepLine } from '../../render/terminal/render-step-line.ts';
import type { Section, Step } from '../../runbook/model.ts';
import { sectionParams } from '../../runbook/params/resolve-params.ts';
import { redactingStore } from '../../store/redacting-store.ts';
import type { CliDeps } from '../cli-deps.ts';
import { confirmChange } from './confirm-change.ts';
import { cliActor, openCliStore, runConfirmedChange } from './run-change.ts';

const FAILED = new Set(['fail', 'error', 'timeout']);

/**
 * `runbook-bot run <runbook> <procedure>` where the changes are split by reads: the reads run at
 * once; each change group is confirmed by itself (typed, or all by `--yes`) and runs through the
 * same approval use cases as a Slack request, in order. A group not confirmed, or not healthy,
 * stops the procedure: the terminal says which steps did not run.
 */
export async function runProcedure(options: {
  deps: CliDeps;
  bound: BoundRunbook;
  section: Section;
  prepared: PreparedRunner;
  prepare: (bound: BoundRunbook) => Promise<PreparedRunner>;
  load: () => Promise<BoundRunbook>;
  params: Record<string, string>;
  yes: boolean;
  color: boolean;
}): Promise<number> {
  const { deps, bound, section, prepared, yes, color } = options;
  const locale = bound.binding.locale;
  const actor = cliActor(deps.env);
  const stages = procedureStages(section);
  const groups = stages.filter((stage) => stage.group !== null).length;
  let failed = false;
  for (const [index, stage] of stages.entries()) {
    if (stage.reads) {
      const run = await runReads(options, stage.reads, actor);
      deps.stdout.write(`${renderSectionReport(run, locale, { color })}\n\n`);
      failed ||= run.steps.some((step) => FAILED.has(step.status));
    }
    const group = stage.group;
    if (!group) break;
    const params = valuesFor(group, options.params);
    const fingerprint = fingerprintOf(bound, group, prepared, params);
    deps.stderr.write(`Step group ${index + 1} of ${groups}: ${group.title}\n`);
    if (!yes) {
      const steps = commandSteps(group.steps).map((step) => ({
        ...step,
        command: prepared.redactor(step.command),
      }));
      const shownValues = paramsLine(params, prepared.redactor);
      const confirmed = await confirmChange({
        deps,
        runbookId: bound.runbook.id,
        steps,
        fingerprint,
        ...(shownValues ? { values: shownValues } : {}),
      });
      if (!confirmed) return stopped(deps, section, group, 'not confirmed', true);
    }
    const store = redactingStore(openCliStore(deps), prepared.redactor);
    try {
      deps.stderr.write(`Running "${group.title}" as ${actor}…\n`);
      const result = await runConfirmedChange({
        deps,
        store,
        load: options.load,
        sectionId: group.id,
        fingerprint,
        params,
        prepare: options.prepare,
        actor,
        target: prepared.targetName ?? null,
      });
      const reports = [result.changeRun, result.verifyRun].flatMap((run) =>
        run ? [renderSectionReport(run, locale, { color })] : [],
      );
      deps.stdout.write(`${reports.join('\n\n')}\n\n`);
      if (!result.healthy) {
        deps.stdout.write(
          `❌ ${result.failure ?? 'not healthy'} (incident #${result.approval.incidentId}).\n`,
        );
        return stopped(deps, section, group, 'failed', false);
      }
    } finally {
      store.close();
    }
  }
  deps.stdout.write(`${failed ? '❌' : '✅'} ${section.title}: every step group ran, in order.\n`);
  return failed ? 1 : 0;
}

async function runReads(
  options: {
    deps: CliDeps;
    bound: BoundRunbook;
    prepared: PreparedRunner;
    params: Record<string, string>;
    color: boolean;
  },
  reads: Section,
  actor: string,
): Promise<SectionRun> {
  const { deps, bound, prepared } = options;
  return runBoundSection(
    { runnerFor: async () => prepared, clock: deps.clock, metrics: createMetrics() },
    bound,
    reads,
    {
      approved: false,
      actor,
      params: valuesFor(reads, options.params),
      onStepDone: (result) =>
        deps.stderr.write(`${renderStepLine(result, bound.binding.locale, { color: options.color })}\n`),
    },
  );
}

/** Says which steps did not run (the group's own ones too when it never started); exit code 1. */
function stopped(
  deps: CliDeps,
  section: Section,
  group: Section,
  why: string,
  includeGroup: boolean,
): number {
  const first = includeGroup ? group.steps[0] : group.steps[group.steps.length - 1];
  const from = section.steps.indexOf(first as Step) + (includeGroup ? 0 : 1);
  const notRun = section.steps.slice(from).map((step) => step.title);
  deps.stderr.write(
    `${section.title} stopped (${why}). These steps did not run: ${notRun.join(', ') || 'none'}\n`,
  );
  return 1;
}

function valuesFor(part: Section, values: Record<string, string>): Record<string, string> {
  const names = sectionParams(part);
  return Object.fromEntries(Object.entries(values).filter(([name]) => names.includes(name)));
}
