import type { Locale } from '../../render/i18n/locale.ts';
import { t } from '../../render/i18n/messages.ts';

/**
 * The few sentences the incident use cases write into the timeline and the report suggestions,
 * from the locale's dictionary (src/render/i18n/messages-*.ts: one file per language).
 */
export function incidentTexts(locale: Locale) {
  return {
    escalationTimed: (roles: string, delay: string) =>
      t(locale, 'timeline.escalationTimed', { roles, delay }),
    escalationManual: (roles: string, condition: string) =>
      t(locale, 'timeline.escalationManual', { roles, condition }),
    impact: (roles: string) => t(locale, 'timeline.impact', { roles }),
    impactNoRule: t(locale, 'timeline.impactNoRule'),
    resolved: (duration: string) => t(locale, 'timeline.resolved', { duration }),
    unreachable: (service: string, evidence: string) =>
      t(locale, 'suggest.unreachable', { service, evidence }),
    toConfirm: (symptoms: string) => t(locale, 'suggest.toConfirm', { symptoms }),
    manyUsers: t(locale, 'suggest.manyUsers'),
    prevention: (problem: string, checks: string) => t(locale, 'suggest.prevention', { problem, checks }),
    preventionNoChecks: (problem: string) => t(locale, 'suggest.preventionNoChecks', { problem }),
    required: t(locale, 'report.required'),
    tooLong: (max: number) => t(locale, 'report.tooLong', { max: String(max) }),
  };
}

export type IncidentTexts = ReturnType<typeof incidentTexts>;
