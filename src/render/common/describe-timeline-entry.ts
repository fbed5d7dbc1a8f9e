import type { TimelineEntry } from '../../store/records.ts';
import type { Locale } from '../i18n/locale.ts';
import type { MessageKey } from '../i18n/messages.ts';
import { interpolate, t, template } from '../i18n/messages.ts';

const FAILED = new Set(['fail', 'error', 'timeout']);

type ActionKey = Extract<MessageKey, `action.${string}`>;

export interface SectionTitle {
  id: string;
  title: string;
}

/**
 * A timeline entry as one action line in the reader's language ("restart da API pedido,
 * aguardando aprovação"), built from the entry's data; the actor is written beside it by the
 * caller. Entries whose data does not say enough (older rows, free notes) and entries already
 * written in the runbook's language (escalation, impact, resolved) keep their summary.
 */
export function describeTimelineEntry(
  entry: TimelineEntry,
  locale: Locale,
  sections: readonly SectionTitle[] = [],
): string {
  const data = entry.data ?? {};
  const title = sections.find((candidate) => candidate.id === data.sectionId)?.title;
  // The values it ran with, as recorded (secret-looking ones already hidden): "Restart (service=api)".
  // The host it ran on, for a binding with targets: a run's `target`, a change's `service@target`.
  const host =
    typeof data.target === 'string'
      ? data.target
      : typeof data.service === 'string' && data.service.includes('@')
        ? data.service.slice(data.service.lastIndexOf('@') + 1)
        : null;
  const section =
    title === undefined ? undefined : `${title}${host ? ` [${host}]` : ''}${valuesSuffix(data.params)}`;
  const withSection = (key: ActionKey, extra: Record<string, string> = {}): string =>
    section === undefined
      ? entry.summary
      : interpolate(template(locale, key), { section, ...extra }, (value: string) => value);
  switch (entry.kind) {
    case 'opened':
      return t(locale, entry.actor.startsWith('cli:') ? 'action.openedTerminal' : 'action.opened');
    case 'section_run': {
      if (!Array.isArray(data.steps)) return entry.summary;
      if (typeof data.unreachable === 'string') return entry.summary;
      const steps = data.steps as { status?: unknown }[];
      const failed = steps.filter((step) => FAILED.has(String(step.status))).length;
      return withSection('action.sectionRun', {
        passed: String(steps.length - failed),
        total: String(steps.length),
      });
    }
    case 'approval_requested':
      if (data.breakGlass === true) {
        return withSection('action.breakGlass', {
          reason: typeof data.reason === 'string' ? data.reason : '—',
        });
      }
      return withSection(data.via === 'cli' ? 'action.requestedTerminal' : 'action.requested');
    case 'approval_decided':
      return decided(entry, locale, withSection);
    case 'approval_refused':
      return typeof data.code === 'string' ? t(locale, 'action.refused', { code: data.code }) : entry.summary;
    case 'change_run':
      if (data.reason === 'interrupted') return withSection('action.interrupted');
      if (typeof data.reason === 'string') {
        return withSection('action.changeNotStarted', { reason: data.reason.replace(/_/g, ' ') });
      }
      if (data.healthy === true) return withSection('action.changeSucceeded');
      if (data.healthy === false) return withSection('action.changeFailed');
      return entry.summary;
    case 'note':
      return Array.isArray(data.checks) && typeof data.approvalId === 'string'
        ? t(locale, 'action.checksPassNow')
        : entry.summary;
    default:
      return entry.summary;
  }
}

function decided(entry: TimelineEntry, locale: Locale, withSection: (key: ActionKey) => string): string {
  const data = entry.data ?? {};
  switch (data.decision) {
    case 'approved':
      if (data.via === 'cli') return t(locale, 'action.approvedTerminal');
      return t(locale, data.confirmRecovered === true ? 'action.approvedRecovered' : 'action.approved');
    case 'denied':
      return typeof data.reason === 'string' && data.reason.trim()
        ? t(locale, 'action.deniedReason', { reason: data.reason })
        : t(locale, 'action.denied');
    case 'expired':
      return t(locale, 'action.expired');
    case 'superseded':
      return withSection('action.superseded');
    default:
      return entry.summary;
  }
}

/** " (service=api, pod=x)" from a timeline entry's recorded `params`; empty without values. */
function valuesSuffix(params: unknown): string {
  if (params === null || typeof params !== 'object' || Array.isArray(params)) return '';
  const pairs = Object.entries(params as Record<string, unknown>)
    .filter(([, value]) => typeof value === 'string')
    .map(([name, value]) => `${name}=${value as string}`);
  return pairs.length > 0 ? ` (${pairs.join(', ')})` : '';
}
