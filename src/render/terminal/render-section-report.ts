import type { SectionRun, StepResult } from '../../exec/step-result.ts';
import { formatBytes, outputLines, shortenLine } from '../common/output-lines.ts';
import { formatDuration } from '../i18n/format-duration.ts';
import type { Locale } from '../i18n/locale.ts';
import { t, tPlural } from '../i18n/messages.ts';
import type { Paint } from './ansi.ts';
import { painter, stripControl } from './ansi.ts';
import type { TerminalOptions } from './render-step-line.ts';
import { stepHeadline } from './render-step-line.ts';

const OUTPUT_LINES = 5;
const WIDTH = 200;

/** The report after `runbook-bot run`: every step with its verdict and last output lines (max 5), then suggestions. */
export function renderSectionReport(
  run: SectionRun,
  locale: Locale,
  options: TerminalOptions = { color: false },
): string {
  const paint = painter(options.color);
  const checks = tPlural(locale, 'run.checks', run.steps.length);
  const duration = formatDuration(run.durationMs, locale);
  const lines = [
    paint('bold', t(locale, 'term.header', { section: stripControl(run.sectionTitle), checks, duration })),
    '',
  ];
  for (const step of run.steps) lines.push(...stepLines(step, locale, paint));

  const passed = run.steps.filter((step) => step.status === 'pass').length;
  lines.push('', t(locale, 'term.summary', { passed, total: run.steps.length, duration }));

  if (run.suggestions.length > 0) {
    lines.push('', paint('bold', t(locale, 'term.suggestions')));
    for (const suggestion of run.suggestions) {
      const command = `runbook-bot run ${run.runbook} ${suggestion.sectionId}`;
      lines.push(`  💡 ${stripControl(suggestion.title)} — ${paint('cyan', command)}`);
      if (suggestion.evidence.trim())
        lines.push(paint('dim', `     ${stripControl(shortenLine(suggestion.evidence.trim(), WIDTH))}`));
    }
  }
  return `${lines.join('\n')}\n`;
}

function stepLines(step: StepResult, locale: Locale, paint: Paint): string[] {
  const lines = [
    stepHeadline(step, locale, paint),
    paint('dim', `   $ ${stripControl(shortenLine(step.command, WIDTH))}`),
  ];
  if (step.status === 'pass' || step.status === 'skipped') return lines;
  // Log summaries show their error samples (the evidence); other steps their last lines.
  const samples = step.detail?.kind === 'log_summary' ? step.detail.samples.map(stripControl) : [];
  const output = outputLines(stripControl(step.output));
  const shown = samples.length > 0 ? samples.slice(-OUTPUT_LINES) : output.slice(-OUTPUT_LINES);
  if (samples.length === 0 && output.length > shown.length) {
    lines.push(paint('dim', `   │ ${t(locale, 'term.moreLines', { count: output.length - shown.length })}`));
  }
  for (const line of shown) lines.push(paint('dim', `   │ ${shortenLine(line, WIDTH)}`));
  if (step.outputTruncated) {
    lines.push(
      paint('dim', `   ${t(locale, 'term.outputCut', { size: formatBytes(step.droppedBytes, locale) })}`),
    );
  }
  return lines;
}
