import { posix } from 'node:path';
import { cleanTitle } from './clean-title.ts';
import type { RawStep } from './extract-steps.ts';
import type { Section, Step } from './model.ts';
import { classifyRisk } from './risk/classify-risk.ts';
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
  const verdict = classifyRisk(raw.command);
  return {
    kind: 'command',
    id,
    title,
    command: raw.command,
    cwd: context.cwd,
    expect: null,
    risk: verdict.risk,
    riskReason: verdict.reason,
    riskRecognised: verdict.recognised,
    sectionId: section.id,
    line: raw.line,
  };
}
