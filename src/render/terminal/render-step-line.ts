import type { StepResult, StepStatus } from '../../exec/step-result.ts';
import { describeVerdict } from '../common/describe-verdict.ts';
import { shortenLine } from '../common/output-lines.ts';
import { STEP_ICONS } from '../common/step-icons.ts';
import { formatDuration } from '../i18n/format-duration.ts';
import type { Locale } from '../i18n/locale.ts';
import type { Paint, Style } from './ansi.ts';
import { painter, stripControl } from './ansi.ts';

export interface TerminalOptions {
  /** ANSI colours; the caller decides (TTY, NO_COLOR). */
  color: boolean;
}

export const STATUS_STYLE: Readonly<Record<StepStatus, Style>> = {
  pass: 'green',
  fail: 'red',
  error: 'red',
  timeout: 'yellow',
  info: 'cyan',
  skipped: 'dim',
};

/** "❌ Verificar Health Check · 1,0 s — esperado 200 OK, obtido HTTP 503" (progress, one per step). */
export function renderStepLine(
  result: StepResult,
  locale: Locale,
  options: TerminalOptions = { color: false },
): string {
  return stepHeadline(result, locale, painter(options.color));
}

export function stepHeadline(result: StepResult, locale: Locale, paint: Paint): string {
  const title = paint('bold', stripControl(result.title));
  const duration = paint('dim', formatDuration(result.durationMs, locale));
  const verdict = stripControl(shortenLine(describeVerdict(result, locale), 300));
  const tail = verdict ? ` — ${paint(STATUS_STYLE[result.status], verdict)}` : '';
  return `${STEP_ICONS[result.status]} ${title} · ${duration}${tail}`;
}
