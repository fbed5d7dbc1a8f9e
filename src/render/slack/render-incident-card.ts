import type { Incident } from '../../store/records.ts';
import { describeSymptom } from '../common/describe-verdict.ts';
import type { FieldStatus } from '../common/fill-template.ts';
import { CARD_BUTTONS, type CardButton, type IncidentCardInput } from '../common/incident-card-input.ts';
import { INCIDENT_STATUS_ICONS } from '../common/step-icons.ts';
import { formatDuration, formatRelative } from '../i18n/format-duration.ts';
import { formatClock } from '../i18n/format-time.ts';
import type { Locale } from '../i18n/locale.ts';
import { t } from '../i18n/messages.ts';
import type { KnownBlock, SlackMessage } from './block-types.ts';
import { actions, button, context, fallbackText, header, section } from './blocks.ts';
import { escapeMrkdwn } from './escape-mrkdwn.ts';
import { mentionUser } from './mentions.ts';
import { noticeLine } from './render-notice.ts';
import { raw, st } from './slack-text.ts';

export { CARD_BUTTONS, type CardButton, type IncidentCardInput } from '../common/incident-card-input.ts';

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
  if (input.notices && input.notices.length > 0)
    blocks.push(context(input.notices.map(noticeLine).join('\n')));
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

function recordText(fields: readonly FieldStatus[], locale: Locale): string {
  const filled = fields.filter((field) => field.filled).length;
  const list = fields.map((field) => `${field.label} ${field.filled ? '✓' : '—'}`).join(' · ');
  return st(locale, 'card.record', { filled, total: fields.length, fields: list });
}
