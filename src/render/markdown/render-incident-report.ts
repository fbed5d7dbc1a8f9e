import type { TemplateField } from '../../runbook/model.ts';
import type { Incident, TimelineEntry } from '../../store/records.ts';
import type { SectionTitle } from '../common/describe-timeline-entry.ts';
import type { FilledField } from '../common/fill-template.ts';
import { fillTemplate } from '../common/fill-template.ts';
import { formatDateTime } from '../i18n/format-time.ts';
import type { Locale } from '../i18n/locale.ts';
import { t } from '../i18n/messages.ts';

export interface IncidentReportInput {
  incident: Incident;
  /** "RUNBOOK: API DOWN". */
  runbookTitle: string;
  /** The runbook's template, in its order and with its labels. */
  fields: readonly TemplateField[];
  timeline: readonly TimelineEntry[];
  locale: Locale;
  timeZone: string;
  now: number;
  /** The runbook's sections: action lines name them in the reader's language. */
  sections?: readonly SectionTitle[];
  /** Slack user id -> display name, for readable actors in the file. */
  userNames?: Readonly<Record<string, string>>;
}

/** The incident record as Markdown, in the runbook's template format. */
export function renderIncidentReport(input: IncidentReportInput): string {
  const { incident, locale } = input;
  const formatActor = (actor: string): string => {
    if (actor === 'bot') return t(locale, 'report.actorBot');
    if (actor.startsWith('cli:')) return t(locale, 'report.actorCli', { user: actor.slice(4) });
    return `@${input.userNames?.[actor] ?? actor}`;
  };
  const filled = fillTemplate({ ...input, formatActor, formatText: oneLine });
  const lines = [
    `# ${t(locale, 'report.title', { id: incident.id, runbook: input.runbookTitle })}`,
    '',
    ...filled.flatMap(fieldLines),
    '',
    t(locale, 'report.generated', { time: formatDateTime(input.now, input.timeZone) }),
    '',
  ];
  return lines.join('\n');
}

function oneLine(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

function fieldLines(field: FilledField): string[] {
  const label = `- **${field.label}**:`;
  if (field.items.length > 0) return [label, ...field.items.map((item) => `  - ${item.replace(/\n/g, ' ')}`)];
  const [first = '', ...rest] = (field.value ?? '').split('\n');
  return [`${label} ${first}`.trimEnd(), ...rest.map((line) => (line.trim() ? `  ${line}` : ''))];
}
