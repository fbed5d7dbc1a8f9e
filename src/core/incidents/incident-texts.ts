import type { Locale } from '../../render/i18n/locale.ts';

/** The few sentences the incident use cases write into the timeline and the report suggestions. */
const texts = {
  'pt-BR': {
    escalationTimed: (roles: string, delay: string) => `escalonamento: ${roles} (${delay} sem resolução)`,
    escalationManual: (roles: string, condition: string) => `escalonamento: ${roles} (${condition})`,
    impact: (roles: string) => `impacto: vários usuários afetados — ${roles} acionados`,
    impactNoRule: 'impacto: vários usuários afetados',
    resolved: (duration: string) => `incidente resolvido em ${duration}`,
    unreachable: (service: string, evidence: string) => `${service} inacessível (${evidence})`,
    toConfirm: (symptoms: string) => `A confirmar — sintomas: ${symptoms}`,
    manyUsers: 'Vários usuários afetados',
    prevention: (problem: string, checks: string) =>
      `Alerta e checagem automática para "${problem}" (checagens do runbook: ${checks})`,
    preventionNoChecks: (problem: string) => `Alerta e checagem automática para "${problem}"`,
    required: 'Campo obrigatório.',
    tooLong: (max: number) => `No máximo ${max} caracteres.`,
  },
  en: {
    escalationTimed: (roles: string, delay: string) => `escalation: ${roles} (${delay} without resolution)`,
    escalationManual: (roles: string, condition: string) => `escalation: ${roles} (${condition})`,
    impact: (roles: string) => `impact: multiple users affected — ${roles} paged`,
    impactNoRule: 'impact: multiple users affected',
    resolved: (duration: string) => `incident resolved in ${duration}`,
    unreachable: (service: string, evidence: string) => `${service} unreachable (${evidence})`,
    toConfirm: (symptoms: string) => `To be confirmed — symptoms: ${symptoms}`,
    manyUsers: 'Multiple users affected',
    prevention: (problem: string, checks: string) =>
      `Alert and automatic check for "${problem}" (runbook checks: ${checks})`,
    preventionNoChecks: (problem: string) => `Alert and automatic check for "${problem}"`,
    required: 'Required.',
    tooLong: (max: number) => `At most ${max} characters.`,
  },
} satisfies Record<Locale, unknown>;

export type IncidentTexts = (typeof texts)['en'];

export function incidentTexts(locale: Locale): IncidentTexts {
  return texts[locale];
}
