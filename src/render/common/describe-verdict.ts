import type { StepResult, VerdictDetail } from '../../exec/step-result.ts';
import type { Symptom } from '../../store/records.ts';
import { formatDuration } from '../i18n/format-duration.ts';
import type { Locale } from '../i18n/locale.ts';
import { t, tPlural } from '../i18n/messages.ts';

/**
 * The one place that turns a verdict into text, in the reader's language (docs/ARCHITECTURE.md,
 * "Verdicts"): "esperado Up (healthy), obtido Up 12 minutes (unhealthy)". exec/ gives only data.
 */
export function describeVerdict(result: Pick<StepResult, 'detail'>, locale: Locale): string {
  return describeDetail(result.detail, locale);
}

/**
 * The English line kept where people read a record without a renderer: `run --json`, the
 * incident's symptoms, the timeline's step data.
 */
export function englishVerdict(detail: VerdictDetail): string {
  return describeDetail(detail, 'en');
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
    case 'interrupted':
      return t(locale, 'verdict.interrupted', { message: detail.message });
    case 'timeout':
      return t(locale, 'verdict.timedOut', { duration: durationText(detail.ms, locale) });
    case 'skipped':
      return t(locale, 'verdict.skipped', { reason: detail.reason });
    case 'needs_approval':
      return t(locale, 'verdict.needsApproval');
    case 'missing_params':
      return t(locale, 'verdict.missingParams', { names: detail.names.join(', ') });
    case 'needs_operator':
      return t(locale, 'verdict.needsOperator');
    case 'after_failure':
      return t(locale, 'verdict.afterFailure', { step: detail.stepId });
    case 'healthy_after':
      return t(locale, 'verdict.healthyAfter', { duration: durationText(detail.seconds * 1000, locale) });
    case 'not_healthy_after': {
      const text = t(locale, 'verdict.notHealthyAfter', {
        duration: durationText(detail.seconds * 1000, locale),
      });
      // `failing`: the English lines of records written before `failingChecks` existed
      const checks =
        detail.failingChecks?.map((check) => `${check.title}: ${describeDetail(check.detail, locale)}`) ??
        detail.failing ??
        [];
      if (checks.length === 0) return text;
      return `${text} · ${t(locale, 'verdict.stillFailing', { checks: checks.join(', ') })}`;
    }
    case 'waited':
      return t(locale, 'verdict.waited', { duration: durationText(detail.seconds * 1000, locale) });
  }
}

/** A limit or a wait in whole seconds reads as such ("1 s", not "1,0 s"); anything else as a measured duration. */
function durationText(ms: number, locale: Locale): string {
  return ms % 1000 === 0 && ms < 60_000 ? `${ms / 1000} s` : formatDuration(ms, locale);
}

/** "62 linhas, 2 com erro" / "62 lines, 2 with errors". */
export function logSummary(lines: number, errorLines: number, locale: Locale): string {
  if (errorLines === 0) return tPlural(locale, 'run.lines', lines);
  return t(locale, 'verdict.logSummary', {
    lines: tPlural(locale, 'run.lines', lines),
    errors: tPlural(locale, 'run.errorLines', errorLines),
  });
}

/** A symptom's verdict in the reader's language (the English line when no detail was kept). */
export function describeSymptom(symptom: Symptom, locale: Locale): string {
  return symptom.detail ? describeDetail(symptom.detail, locale) : symptom.verdict;
}
