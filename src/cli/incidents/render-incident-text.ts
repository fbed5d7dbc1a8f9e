import { fillTemplate } from '../../render/common/fill-template.ts';
import { formatDuration, formatRelative } from '../../render/i18n/format-duration.ts';
import { formatClock, formatClockSeconds, formatDateTime } from '../../render/i18n/format-time.ts';
import type { Locale } from '../../render/i18n/locale.ts';
import { t } from '../../render/i18n/messages.ts';
import type { Escalation, Incident, TimelineEntry } from '../../store/records.ts';

const STATUS_ICON: Record<Incident['status'], string> = {
  investigating: '🔴',
  awaiting_approval: '🟠',
  mitigating: '🟡',
  monitoring: '🔵',
  resolved: '✅',
};

function actorText(actor: string): string {
  if (actor === 'bot') return 'runbook-bot';
  if (actor.startsWith('cli:')) return `${actor.slice(4)} (CLI)`;
  return `@${actor}`;
}

/** `_(não preenchido)_` (Markdown italics from the shared messages) -> `(não preenchido)`. */
function plain(text: string): string {
  return text.replace(/^_(.*)_$/s, '$1');
}

function statusText(incident: Incident, locale: Locale): string {
  if (incident.status === 'resolved' && incident.resolvedAt !== null) {
    return t(locale, 'status.resolvedIn', {
      duration: formatDuration(incident.resolvedAt - incident.openedAt, locale),
    });
  }
  return t(locale, `status.${incident.status}`);
}

/** One line per incident: `#7  api-down  🔴 investigating  opened 2026-11-29 14:02:10 by @U0ANA in C0123`. */
export function renderIncidentList(incidents: readonly Incident[], timeZone: string): string {
  if (incidents.length === 0) return 'No incidents.\n';
  const rows = incidents.map((incident) => [
    `#${incident.id}`,
    incident.runbook,
    `${STATUS_ICON[incident.status]} ${statusText(incident, 'en')}`,
    `opened ${formatDateTime(incident.openedAt, timeZone)} by ${actorText(incident.openedBy)} in ${incident.channel}`,
  ]);
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => [...(row[column] ?? '')].length)));
  return `${rows
    .map((row) =>
      row.map((cell, column) => (column < 3 ? cell.padEnd(widths[column] ?? 0) : cell)).join('  '),
    )
    .join('\n')}\n`;
}

export interface IncidentShowInput {
  incident: Incident;
  runbookTitle: string | null;
  fields: Parameters<typeof fillTemplate>[0]['fields'];
  timeline: readonly TimelineEntry[];
  escalations: readonly Escalation[];
  locale: Locale;
  timeZone: string;
  now: number;
}

function escalationLine(escalation: Escalation, input: IncidentShowInput): string {
  const roles = escalation.roles.join(', ');
  const due = `${formatClock(escalation.dueAt, input.timeZone)}`;
  if (escalation.firedAt !== null) {
    return `  ⏰ ${roles} — ${escalation.trigger}, sent at ${formatClockSeconds(escalation.firedAt, input.timeZone)}`;
  }
  if (escalation.cancelledAt !== null) return `  ✖ ${roles} — due ${due}, cancelled (resolved)`;
  return `  ⏳ ${roles} — due ${due} (${formatRelative(escalation.dueAt, input.now, 'en')})`;
}

/** `incidents show <id>`: the card as text, the filled template, escalations and the timeline. */
export function renderIncidentShow(input: IncidentShowInput): string {
  const { incident, timeZone, locale } = input;
  const title = (input.runbookTitle ?? incident.runbook).replace(/^\s*runbook\s*:\s*/i, '');
  const lines = [
    `🚨 ${title} · incident #${incident.id} · ${STATUS_ICON[incident.status]} ${statusText(incident, 'en')}`,
    `Opened by ${actorText(incident.openedBy)} at ${formatDateTime(incident.openedAt, timeZone)} · runbook ${incident.runbook} · channel ${incident.channel}`,
  ];
  if (incident.resolvedAt !== null) {
    lines.push(
      `Resolved by ${actorText(incident.resolvedBy ?? 'bot')} at ${formatDateTime(incident.resolvedAt, timeZone)}`,
    );
  }
  if (incident.manyUsers) lines.push('👥 Many users affected');
  lines.push('', 'Symptoms:');
  if (incident.symptoms.length === 0) lines.push('  (none recorded)');
  for (const symptom of incident.symptoms) lines.push(`  ❌ ${symptom.title} — ${symptom.verdict}`);

  if (input.escalations.length > 0) {
    lines.push(
      '',
      'Escalations:',
      ...input.escalations.map((escalation) => escalationLine(escalation, input)),
    );
  }

  if (input.fields.length > 0) {
    const filled = fillTemplate({
      fields: input.fields.filter((field) => field.fill !== 'actions'),
      incident,
      timeline: input.timeline,
      locale,
      timeZone,
      now: input.now,
      formatActor: actorText,
      formatText: (text) => text,
    });
    lines.push('', 'Record:');
    for (const field of filled) {
      if (field.items.length > 0)
        lines.push(`  ${field.label}:`, ...field.items.map((item) => `    ${item}`));
      else lines.push(`  ${field.label}: ${plain(field.value ?? '').replace(/\n/g, '\n    ')}`);
    }
  }

  lines.push('', 'Timeline:');
  if (input.timeline.length === 0) lines.push('  (empty)');
  for (const entry of [...input.timeline].sort((a, b) => a.at - b.at || a.id - b.id)) {
    lines.push(
      `  ${formatClockSeconds(entry.at, timeZone)} · ${actorText(entry.actor)} · ${entry.kind} · ${entry.summary}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
