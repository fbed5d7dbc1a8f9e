import { DRIFT_LABELS, driftHeadline } from '../../core/drift/drift-labels.ts';
import type { DriftReport } from '../../core/drift/drift-report.ts';
import { shortenLine } from '../../render/common/output-lines.ts';
import { painter, stripControl } from '../../render/terminal/ansi.ts';

const WIDTHS = { kind: 18, subject: 44, expected: 36, got: 60 } as const;

/** `runbook-bot drift`: the headline, then one row per finding (kind, step, expected, got). */
export function renderDriftTable(report: DriftReport, options: { color: boolean }): string {
  const paint = painter(options.color);
  const lines = [paint('bold', driftHeadline(report))];
  if (report.findings.length > 0) {
    lines.push('');
    const header = row('KIND', 'STEP / SUBJECT', 'EXPECTED', 'GOT');
    lines.push(paint('dim', header));
    for (const finding of report.findings) {
      const subject = finding.line !== undefined ? `${finding.subject}:${finding.line}` : finding.subject;
      lines.push(
        row(
          paint('red', pad(DRIFT_LABELS[finding.kind], WIDTHS.kind)),
          subject,
          finding.expected,
          finding.got,
          true,
        ),
      );
    }
  }
  if (report.unchecked.length > 0) {
    lines.push('', paint('bold', 'Not checked:'));
    for (const step of report.unchecked)
      lines.push(`  ${clean(step.stepId, 60)} — ${clean(step.reason, 120)}`);
  }
  return lines.join('\n');
}

function row(kind: string, subject: string, expected: string, got: string, kindPadded = false): string {
  return [
    kindPadded ? kind : pad(kind, WIDTHS.kind),
    pad(clean(subject, WIDTHS.subject), WIDTHS.subject),
    pad(clean(expected, WIDTHS.expected), WIDTHS.expected),
    clean(got, WIDTHS.got),
  ].join('  ');
}

function clean(text: string, max: number): string {
  return shortenLine(stripControl(text).replace(/\s+/g, ' ').trim(), max);
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}
