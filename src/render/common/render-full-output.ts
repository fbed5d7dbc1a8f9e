import type { SectionRun } from '../../exec/step-result.ts';
import { formatBytes } from '../common/output-lines.ts';
import { englishVerdict } from './describe-verdict.ts';

/** The whole (redacted, capped) output of a run as a text file: uploaded when a message had to cut it. */
export function renderFullOutput(run: SectionRun): string {
  const parts = [`# ${run.runbook} · ${run.sectionTitle} · ${run.startedAt}`, ''];
  for (const step of run.steps) {
    parts.push(`## ${step.title} — ${step.status} (${step.durationMs} ms, exit ${step.exitCode ?? '-'})`);
    parts.push(`$ ${step.command}`, `# ${englishVerdict(step.detail)}`);
    if (step.outputTruncated)
      parts.push(`# [${formatBytes(step.droppedBytes, 'en')} dropped from the middle]`);
    parts.push(step.output.trimEnd(), '');
  }
  return `${parts.join('\n')}\n`;
}
