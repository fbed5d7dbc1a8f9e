import { posix } from 'node:path';
import type { CommandStep, Section, Step } from '../model.ts';
import { analyseParams } from '../params/find-params.ts';
import { classifyRisk } from '../risk/classify-risk.ts';
import { cleanTitle } from './clean-title.ts';
import type { RawStep } from './extract-steps.ts';
import { slugifyTitle } from './slugify-title.ts';

/** State carried through the whole runbook in document order. */
export interface StepContext {
  allocate: (base: string) => string;
  /** Set by `cd` lines; applies to every later step of the runbook. */
  cwd: string | null;
}

/** A raw command line -> a model step (id, title, risk, cwd); `cd` only updates the context. */
export function buildStep(raw: RawStep, section: Section, context: StepContext): Step | null {
  if (raw.kind === 'cd') {
    const dir = raw.dir;
    context.cwd = posix.isAbsolute(dir) || context.cwd === null ? dir : posix.resolve(context.cwd, dir);
    return null;
  }
  const title = (raw.title ? cleanTitle(raw.title) : '') || section.title || 'Step';
  const id = context.allocate(slugifyTitle(raw.idBase ?? title, 'step'));
  if (raw.kind === 'wait') {
    return { kind: 'wait', id, title, seconds: raw.seconds, sectionId: section.id, line: raw.line };
  }
  return withParams(
    {
      kind: 'command',
      id,
      title,
      command: raw.command,
      cwd: context.cwd,
      expect: null,
      risk: 'change',
      riskReason: '',
      riskRecognised: false,
      sectionId: section.id,
      line: raw.line,
    },
    [],
  );
}

/**
 * Finds the step's parameters (variables in `passedEnv` are not) and decides its risk on the
 * command that will run: the rewritten one when it has parameters.
 */
export function withParams(step: CommandStep, passedEnv: readonly string[]): CommandStep {
  const { params: _p, runs: _r, paramsRefused: _f, paramsReread: _e, ...rest } = step;
  const analysis = analyseParams(step.command, passedEnv);
  const verdict = classifyRisk(analysis.runs ?? step.command);
  const next: CommandStep = {
    ...rest,
    risk: verdict.risk,
    riskReason: verdict.reason,
    riskRecognised: verdict.recognised,
  };
  if (analysis.params.length === 0) return next;
  next.params = analysis.params;
  if (analysis.runs !== null) next.runs = analysis.runs;
  if (analysis.refused !== null) next.paramsRefused = analysis.refused;
  if (analysis.reread.length > 0) next.paramsReread = analysis.reread;
  return next;
}
