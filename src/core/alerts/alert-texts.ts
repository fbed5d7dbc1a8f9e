import type { Locale } from '../../render/i18n/locale.ts';

export interface AlertTexts {
  firing(name: string): string;
  opened(name: string): string;
  resolved(name: string): string;
  refused(name: string, section: string): string;
  missing(name: string, run: string): string;
  openedBy: string;
  alertsCount(firing: number, resolved: number): string;
  resolvedThread: string;
  stillOpen: string;
  source: string;
  paged(role: string, pager: string): string;
  pageAccepted: string;
  pageRefused: string;
  pageResolved(role: string, pager: string): string;
  pageNotSent: string;
}

/** The few sentences about alerts and pages, per language (timeline, card, thread). */
const TEXTS: Record<Locale, AlertTexts> = {
  en: {
    firing: (name: string) => `alert ${name} firing`,
    opened: (name: string) => `alert ${name} firing: opened the incident`,
    resolved: (name: string) => `alert ${name} resolved`,
    refused: (name: string, section: string) =>
      `alert ${name}: "${section}" changes the host, and an alert never starts a change`,
    missing: (name: string, run: string) => `alert ${name}: "${run}" is neither a subcommand nor a section`,
    openedBy: 'Opened by alert',
    alertsCount: (firing: number, resolved: number) => `Alerts: ${firing} firing, ${resolved} resolved`,
    resolvedThread: 'Alert resolved',
    stillOpen: 'the incident stays open until someone resolves it',
    source: 'source',
    paged: (role: string, pager: string) => `paged ${role} via ${pager}`,
    pageAccepted: 'accepted',
    pageRefused: 'refused',
    pageResolved: (role: string, pager: string) => `page to ${role} via ${pager} resolved`,
    pageNotSent: 'not sent',
  },
  'pt-BR': {
    firing: (name: string) => `alerta ${name} disparado`,
    opened: (name: string) => `alerta ${name} disparado: abriu o incidente`,
    resolved: (name: string) => `alerta ${name} resolvido`,
    refused: (name: string, section: string) =>
      `alerta ${name}: "${section}" altera o host, e um alerta nunca inicia uma alteração`,
    missing: (name: string, run: string) => `alerta ${name}: "${run}" não é subcomando nem seção`,
    openedBy: 'Aberto pelo alerta',
    alertsCount: (firing: number, resolved: number) =>
      `Alertas: ${firing} disparados, ${resolved} resolvidos`,
    resolvedThread: 'Alerta resolvido',
    stillOpen: 'o incidente continua aberto até alguém resolvê-lo',
    source: 'origem',
    paged: (role: string, pager: string) => `${role} acionado via ${pager}`,
    pageAccepted: 'aceito',
    pageRefused: 'recusado',
    pageResolved: (role: string, pager: string) => `acionamento de ${role} via ${pager} resolvido`,
    pageNotSent: 'não enviado',
  },
  es: {
    firing: (name: string) => `alerta ${name} activa`,
    opened: (name: string) => `alerta ${name} activa: abrió el incidente`,
    resolved: (name: string) => `alerta ${name} resuelta`,
    refused: (name: string, section: string) =>
      `alerta ${name}: "${section}" cambia el host, y una alerta nunca inicia un cambio`,
    missing: (name: string, run: string) => `alerta ${name}: "${run}" no es subcomando ni sección`,
    openedBy: 'Abierto por la alerta',
    alertsCount: (firing: number, resolved: number) => `Alertas: ${firing} activas, ${resolved} resueltas`,
    resolvedThread: 'Alerta resuelta',
    stillOpen: 'el incidente sigue abierto hasta que alguien lo resuelva',
    source: 'origen',
    paged: (role: string, pager: string) => `${role} avisado por ${pager}`,
    pageAccepted: 'aceptado',
    pageRefused: 'rechazado',
    pageResolved: (role: string, pager: string) => `aviso a ${role} por ${pager} resuelto`,
    pageNotSent: 'no enviado',
  },
};

export function alertTexts(locale: Locale): AlertTexts {
  return TEXTS[locale] ?? TEXTS.en;
}
