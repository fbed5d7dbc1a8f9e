import type { StepResult, VerdictDetail } from '../../exec/step-result.ts';
import type { Symptom } from '../../store/records.ts';
import { formatDuration } from '../i18n/format-duration.ts';
import type { Locale } from '../i18n/locale.ts';
import { t, tPlural } from '../i18n/messages.ts';
import { lastLine } from './output-lines.ts';

/**
 * The one place that turns a step result into a verdict line in the reader's language:
 * "esperado Up (healthy), obtido Up 12 minutes (unhealthy)". Uses the structured `detail` when
 * exec/ provides it; otherwise re-phrases the English `verdict` text it recognises.
 */
export function describeVerdict(result: StepResult, locale: Locale): string {
  if (result.detail) return describeDetail(result.detail, locale);
  return describeVerdictText(result, locale);
}

export function describeDetail(detail: VerdictDetail, locale: Locale): string {
  switch (detail.kind) {
    case 'ok':
      return t(locale, 'verdict.ok');
    case 'matched':
      return detail.got ? t(locale, 'verdict.matched', { got: detail.got }) : t(locale, 'verdict.ok');
    case 'expected_got':
      return t(locale, 'verdict.expectedGot', {
        expected: detail.expected,
        got: detail.got ?? t(locale, 'verdict.noOutput'),
      });
    case 'exit_code':
      return detail.line === null
        ? t(locale, 'verdict.exitCode', { code: String(detail.code) })
        : t(locale, 'verdict.exitCodeLine', { code: String(detail.code), line: detail.line });
    case 'no_match':
      return t(locale, 'verdict.noMatches');
    case 'log_summary':
      return logSummary(detail.lines, detail.errorLines, locale);
    case 'not_found':
      return t(locale, 'verdict.commandNotFound', { program: detail.program });
    case 'bad_cwd':
      return t(locale, 'verdict.badCwd', { cwd: detail.cwd });
    case 'spawn_error':
      return t(locale, 'verdict.spawnError', { message: detail.message });
    case 'timeout':
      return t(locale, 'verdict.timedOut', { duration: formatDuration(detail.ms, locale) });
    case 'skipped':
      return t(locale, 'verdict.skipped', { reason: detail.reason });
    case 'needs_approval':
      return t(locale, 'verdict.needsApproval');
    case 'needs_operator':
      return t(locale, 'verdict.needsOperator');
    case 'after_failure':
      return t(locale, 'verdict.afterFailure', { step: detail.stepId });
    case 'healthy_after':
      return t(locale, 'verdict.healthyAfter', { duration: formatDuration(detail.seconds * 1000, locale) });
    case 'not_healthy_after': {
      const text = t(locale, 'verdict.notHealthyAfter', {
        duration: formatDuration(detail.seconds * 1000, locale),
      });
      if (detail.failing.length === 0) return text;
      const checks =
        detail.failingChecks?.length === detail.failing.length
          ? detail.failingChecks.map((check) => `${check.title}: ${describeDetail(check.detail, locale)}`)
          : detail.failing;
      return `${text} · ${t(locale, 'verdict.stillFailing', { checks: checks.join(', ') })}`;
    }
    case 'waited':
      return t(locale, 'verdict.waited', { duration: formatDuration(detail.seconds * 1000, locale) });
  }
}

/** "62 linhas, 2 com erro" / "62 lines, 2 with errors". */
export function logSummary(lines: number, errorLines: number, locale: Locale): string {
  if (errorLines === 0) return tPlural(locale, 'run.lines', lines);
  return t(locale, 'verdict.logSummary', {
    lines: tPlural(locale, 'run.lines', lines),
    errors: tPlural(locale, 'run.errorLines', errorLines),
  });
}

/** Results without `detail` (older rows, other producers): the English text, re-phrased when known. */
function describeVerdictText(result: StepResult, locale: Locale): string {
  const verdict = result.verdict.trim();
  if (result.status === 'timeout') {
    return t(locale, 'verdict.timedOut', { duration: formatDuration(result.durationMs, locale) });
  }
  if (result.status === 'skipped') {
    return t(locale, 'verdict.skipped', { reason: verdict.replace(/^(skipped|pulado):\s*/i, '') || '—' });
  }
  const expectedGot = /^(?:expected|esperado)\s+(.+?),\s*(?:got|obtido)\s+(.+)$/is.exec(verdict);
  if (expectedGot) {
    return t(locale, 'verdict.expectedGot', {
      expected: expectedGot[1] as string,
      got: expectedGot[2] as string,
    });
  }
  const notFound = /^(?:command not found|comando não encontrado):\s*(.+)$/i.exec(verdict);
  if (notFound) return t(locale, 'verdict.commandNotFound', { program: notFound[1] as string });
  if (/^(no matching lines|nenhuma linha encontrada)$/i.test(verdict)) return t(locale, 'verdict.noMatches');
  const exitCode = /^(?:exit code|código de saída)\s+(-?\d+)$/i.exec(verdict);
  if (exitCode) return t(locale, 'verdict.exitCode', { code: exitCode[1] as string });
  if (verdict) return verdict;
  if (result.status === 'pass') return t(locale, 'verdict.ok');
  if (result.expect) {
    const got = lastLine(result.output) ?? t(locale, 'verdict.noOutput');
    return t(locale, 'verdict.expectedGot', { expected: result.expect, got });
  }
  if (result.exitCode !== null) return t(locale, 'verdict.exitCode', { code: String(result.exitCode) });
  return t(locale, 'verdict.ok');
}

/** A symptom's verdict in the reader's language (the English line when no detail was kept). */
export function describeSymptom(symptom: Symptom, locale: Locale): string {
  return symptom.detail ? describeDetail(symptom.detail, locale) : symptom.verdict;
}
