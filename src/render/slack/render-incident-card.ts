import type { Incident } from '../../store/records.ts';
import { describeSymptom } from '../common/describe-verdict.ts';
import type { FilledField } from '../common/fill-template.ts';
import { INCIDENT_STATUS_ICONS } from '../common/step-icons.ts';
import { formatDuration, formatRelative } from '../i18n/format-duration.ts';
import { formatClock } from '../i18n/format-time.ts';
import type { Locale } from '../i18n/locale.ts';
import { t } from '../i18n/messages.ts';
import type { KnownBlock, SlackMessage } from './block-types.ts';
import { actions, button, context, fallbackText, header, section } from './blocks.ts';
import { escapeMrkdwn } from './escape-mrkdwn.ts';
import { mentionUser } from './mentions.ts';
import { raw, st } from './slack-text.ts';

export const CARD_BUTTONS = ['diagnose', 'request_restart', 'many_users', 'fill_report', 'resolve'] as const;
/** Action ids of the card's buttons; every button's value is the incident id as a string. */
export type CardButton = (typeof CARD_BUTTONS)[number];

export interface IncidentCardInput {
  incident: Incident;
  /** The runbook's title ("RUNBOOK: API DOWN"); a leading "RUNBOOK:" is dropped in the header. */
  runbookTitle: string;
  /** Shown in the context line, e.g. "api-down.md @3f2a1c". */
  runbookFile?: string;
  /** The slash command, for the "run diagnose" hint when there are no symptoms yet. */
  commandName?: string;
  locale: Locale;
  now: number;
  timeZone: string;
  nextEscalation?: { roles: readonly string[]; dueAt: number } | null;
  /** The filled incident template (see fillTemplate), shown compactly. */
  template?: readonly FilledField[];
  /** Buttons to show; default: all that make sense for the status. */
  buttons?: readonly CardButton[];
  /** The word the binding maps to the diagnosis (`diagnostico`…), for the "run it" hint; default `diagnose`. */
  diagnoseWord?: string;
  /** False when the runbook's binding maps no `restart`: no "Request restart" button. Default true. */
  canRestart?: boolean;
}

export function shortRunbookTitle(title: string): string {
  return title.replace(/^\s*runbook\s*:\s*/i, '').trim() || title;
}

function statusText(incident: Incident, locale: Locale): string {
  const icon = INCIDENT_STATUS_ICONS[incident.status];
  if (incident.status === 'resolved' && incident.resolvedAt !== null) {
    const duration = formatDuration(incident.resolvedAt - incident.openedAt, locale);
    return `${icon} ${t(locale, 'status.resolvedIn', { duration })}`;
  }
  return `${icon} ${t(locale, `status.${incident.status}`)}`;
}

function defaultButtons(incident: Incident, canRestart: boolean): CardButton[] {
  if (incident.status === 'resolved') return [];
  return CARD_BUTTONS.filter(
    (name) => !(name === 'many_users' && incident.manyUsers) && !(name === 'request_restart' && !canRestart),
  );
}

export function renderIncidentCard(input: IncidentCardInput): SlackMessage {
  const { incident, locale, now, timeZone } = input;
  const runbook = shortRunbookTitle(input.runbookTitle);
  const status = statusText(incident, locale);
  const blocks: KnownBlock[] = [header(t(locale, 'card.header', { runbook, id: incident.id, status }))];

  const opened = st(locale, 'card.opened', {
    user: raw(mentionUser(incident.openedBy)),
    time: formatClock(incident.openedAt, timeZone),
    relative: formatRelative(incident.openedAt, now, locale),
  });
  const file = input.runbookFile ? st(locale, 'card.runbookFile', { file: input.runbookFile }) : '';
  blocks.push(context([opened, file].filter(Boolean).join(' · ')));
  if (incident.status === 'resolved' && incident.resolvedAt !== null) {
    const resolved = st(locale, 'card.resolved', {
      user: raw(mentionUser(incident.resolvedBy ?? 'bot')),
      time: formatClock(incident.resolvedAt, timeZone),
      duration: formatDuration(incident.resolvedAt - incident.openedAt, locale),
    });
    blocks.push(context(resolved));
  }

  blocks.push(section(symptomsText(input)));
  if (incident.manyUsers) blocks.push(context(st(locale, 'card.manyUsers')));

  if (input.nextEscalation && incident.status !== 'resolved') {
    const { roles, dueAt } = input.nextEscalation;
    const text = st(locale, 'card.nextEscalation', {
      roles: roles.join(', '),
      time: formatClock(dueAt, timeZone),
      relative: formatRelative(dueAt, now, locale),
    });
    blocks.push(section(text));
  }

  if (input.template && input.template.length > 0) blocks.push(context(recordText(input.template, locale)));

  const names = input.buttons ?? defaultButtons(incident, input.canRestart !== false);
  if (names.length > 0) {
    const value = String(incident.id);
    const buttons = names.map((name) =>
      button({
        text: t(locale, `button.${name}`),
        actionId: name,
        value,
        ...(name === 'resolve' ? { style: 'primary' as const } : {}),
      }),
    );
    blocks.push(actions(buttons, 'incident_card'));
  }

  return { text: fallbackText(st(locale, 'card.fallback', { id: incident.id, runbook, status })), blocks };
}

function symptomsText(input: IncidentCardInput): string {
  const { incident, locale } = input;
  if (incident.symptoms.length === 0) {
    return st(locale, 'card.noSymptoms', {
      command: input.commandName ?? '/runbook',
      subcommand: input.diagnoseWord ?? 'diagnose',
    });
  }
  const lines = incident.symptoms.map(
    (s) => `❌ ${escapeMrkdwn(s.title)} — ${escapeMrkdwn(describeSymptom(s, locale))}`,
  );
  return `${st(locale, 'card.symptoms')}\n${lines.join('\n')}`;
}

function recordText(fields: readonly FilledField[], locale: Locale): string {
  const filled = fields.filter((field) => field.filled).length;
  const list = fields.map((field) => `${field.label} ${field.filled ? '✓' : '—'}`).join(' · ');
  return st(locale, 'card.record', { filled, total: fields.length, fields: list });
}
