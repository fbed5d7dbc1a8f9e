import { DRIFT_LABELS, driftHeadline } from '../../core/drift/drift-labels.ts';
import type { DriftReport } from '../../core/drift/drift-report.ts';

/** `runbook-bot drift --markdown`: a report to paste in a ticket or keep next to the runbook. */
export function renderDriftMarkdown(report: DriftReport): string {
  const lines = [
    `# Drift report: ${cell(report.runbook)}`,
    '',
    `${driftHeadline(report)}.`,
    '',
    `- Target: ${cell(report.target)}`,
    `- Started: ${report.startedAt}`,
    `- Duration: ${(report.durationMs / 1000).toFixed(1)} s`,
    '',
  ];
  if (report.findings.length === 0)
    lines.push('Nothing drifted: every read-only step matched the runbook.', '');
  else {
    lines.push('| Kind | Step / subject | Line | Expected | Got |', '| --- | --- | --- | --- | --- |');
    for (const finding of report.findings)
      lines.push(
        `| ${DRIFT_LABELS[finding.kind]} | ${code(finding.subject)}${finding.command ? `<br>${code(finding.command)}` : ''} | ${finding.line ?? ''} | ${cell(finding.expected)} | ${cell(finding.got)} |`,
      );
    lines.push('');
  }
  if (report.unchecked.length > 0) {
    lines.push('## Not checked', '');
    for (const step of report.unchecked) lines.push(`- ${code(step.stepId)}: ${cell(step.reason)}`);
    lines.push('');
  }
  return lines.join('\n');
}

/** Table-safe text: one line, pipes and HTML escaped. */
function cell(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|');
}

function code(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim().replace(/\|/g, '\\|');
  return one.includes('`') ? `<code>${cell(text)}</code>` : `\`${one}\``;
}
