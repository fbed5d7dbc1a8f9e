import type { Clock } from '../core/ports.ts';
import type { Binding } from '../runbook/binding/binding-schema.ts';
import type { CommandStep, Runbook, Section, Step, WaitStep } from '../runbook/model.ts';
import { mapConcurrent } from './map-concurrent.ts';
import { resultWithoutRun } from './result-without-run.ts';
import type { RunContext, StepRunner } from './run-step.ts';
import { runWaitStep, waitResult } from './run-wait-step.ts';
import type { SectionRun, StepResult, VerdictDetail } from './step-result.ts';
import { suggestSections } from './suggest/suggest-sections.ts';

export interface RunSectionOptions {
  runbook: Runbook;
  section: Section;
  runner: StepRunner;
  clock: Clock;
  context?: RunContext;
  /** Change steps run only when true (an approval was recorded); otherwise they are skipped. */
  approved?: boolean;
  /**
   * `sensitive` steps (they may print secrets) run only when true: the caller decided the person is
   * an operator or approver. Otherwise they are skipped with the reason. Default false.
   */
  allowSensitive?: boolean;
  /** Read/sensitive steps in flight at once. Default 4. */
  concurrency?: number;
  /** What a wait step polls (see selectWaitChecks). */
  waitChecks?: readonly CommandStep[];
  pollIntervalMs?: number;
  /** For suggestion keywords. */
  binding?: Pick<Binding, 'suggestions'>;
  /** Called as each step finishes, in completion order. */
  onStepDone?: (result: StepResult) => void;
  /**
   * Applied to each result's command text and title before anyone sees the result (messages,
   * timeline, report, terminal): a secret written in the runbook's command is shown redacted. The
   * command that runs is the step's own, never this text.
   */
  redact?: (text: string) => string;
}

type Group =
  | { kind: 'parallel'; steps: CommandStep[] }
  | { kind: 'change'; step: CommandStep }
  | { kind: 'wait'; step: WaitStep };

/**
 * Runs a section in document order: consecutive read/sensitive steps in parallel (bounded),
 * each change step alone, each wait step alone. Unapproved change steps (and the waits after
 * them) are skipped; after a failed change step later change steps are skipped too.
 */
export async function runSection(options: RunSectionOptions): Promise<SectionRun> {
  const { clock, section } = options;
  const startedAt = clock.now();
  const approved = options.approved === true;
  const results: StepResult[] = [];
  let refused = false;
  let failedChange: string | null = null;
  const redact = options.redact;
  const done = (raw: StepResult): StepResult => {
    const result = redact ? { ...raw, command: redact(raw.command), title: redact(raw.title) } : raw;
    options.onStepDone?.(result);
    return result;
  };
  const runCommand = async (step: CommandStep): Promise<StepResult> => {
    if (step.risk === 'sensitive' && options.allowSensitive !== true && !step.skip) {
      return resultWithoutRun(step, 'skipped', { kind: 'needs_operator' });
    }
    try {
      return await options.runner.run(step, options.context);
    } catch {
      return resultWithoutRun(step, 'error', {
        kind: 'spawn_error',
        message: 'internal error while running the step',
      });
    }
  };

  for (const group of groupSteps(section.steps)) {
    if (group.kind === 'parallel') {
      const concurrency = options.concurrency ?? 4;
      results.push(
        ...(await mapConcurrent(group.steps, concurrency, async (step) => done(await runCommand(step)))),
      );
    } else if (group.kind === 'change') {
      if (group.step.skip) {
        // the binding skips it: nothing to approve, nothing failed
        results.push(
          done(resultWithoutRun(group.step, 'skipped', { kind: 'skipped', reason: group.step.skip })),
        );
        continue;
      }
      const blocked = !approved ? ({ kind: 'needs_approval' } as const) : afterFailure(failedChange);
      if (blocked) {
        refused ||= !approved;
        results.push(done(resultWithoutRun(group.step, 'skipped', blocked)));
        continue;
      }
      const result = done(await runCommand(group.step));
      // a step the binding skips is skipped, not failed: later changes still run
      if (result.status !== 'pass' && result.status !== 'skipped') failedChange = group.step.id;
      results.push(result);
    } else {
      const blocked = refused ? ({ kind: 'needs_approval' } as const) : afterFailure(failedChange);
      if (blocked) {
        results.push(done(waitResult(group.step, 'skipped', blocked, 0, '')));
        continue;
      }
      const waitOptions = {
        step: group.step,
        checks: options.waitChecks ?? [],
        runner: { run: runCommand },
        clock,
        ...(options.context ? { context: options.context } : {}),
        ...(options.pollIntervalMs !== undefined ? { pollIntervalMs: options.pollIntervalMs } : {}),
      };
      results.push(done(await runWaitStep(waitOptions)));
    }
  }

  const suggestions = suggestSections({
    runbook: options.runbook,
    results,
    ...(options.binding ? { binding: options.binding } : {}),
    exclude: section.id,
  });
  return {
    runbook: options.runbook.id,
    section: section.id,
    sectionTitle: section.title,
    startedAt: new Date(startedAt).toISOString(),
    durationMs: clock.now() - startedAt,
    steps: results,
    suggestions,
  };
}

function afterFailure(failedChange: string | null): VerdictDetail | null {
  return failedChange === null ? null : { kind: 'after_failure', stepId: failedChange };
}

/** Consecutive non-change command steps form one parallel group; change and wait steps stand alone. */
export function groupSteps(steps: readonly Step[]): Group[] {
  const groups: Group[] = [];
  for (const step of steps) {
    if (step.kind === 'wait') groups.push({ kind: 'wait', step });
    else if (step.risk === 'change') groups.push({ kind: 'change', step });
    else {
      const last = groups.at(-1);
      if (last?.kind === 'parallel') last.steps.push(step);
      else groups.push({ kind: 'parallel', steps: [step] });
    }
  }
  return groups;
}
