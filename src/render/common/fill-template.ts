import type { TemplateField, TemplateFill } from '../../runbook/model.ts';
import type { Incident, TimelineEntry } from '../../store/records.ts';
import { formatDuration } from '../i18n/format-duration.ts';
import { formatClockSeconds, formatDateTime } from '../i18n/format-time.ts';
import type { Locale } from '../i18n/locale.ts';
import { t } from '../i18n/messages.ts';
import { describeTimelineEntry, type SectionTitle } from './describe-timeline-entry.ts';
import { describeSymptom } from './describe-verdict.ts';

export interface FilledField {
  label: string;
  fill: TemplateFill;
  /** One-line value; null when the field is a list or is still empty. */
  value: string | null;
  /** List values (symptoms, actions), already formatted. */
  items: string[];
  /** False for a manual field nobody filled in, or an automatic one with nothing yet. */
  filled: boolean;
}

export interface FillTemplateInput {
  fields: readonly TemplateField[];
  incident: Incident;
  timeline: readonly TimelineEntry[];
  locale: Locale;
  timeZone: string;
  now: number;
  /** How an actor (`U123`, `cli:ana`, `bot`) is written: a Slack mention or plain text. */
  formatActor: (actor: string) => string;
  /** Applied to every inserted text (Slack escapes; Markdown keeps it). */
  formatText: (text: string) => string;
  /** The runbook's sections, so action lines name them in the reader's language. */
  sections?: readonly SectionTitle[];
}

/** What the card shows of the template: each field's label and whether it has a value yet. */
export type FieldStatus = Pick<FilledField, 'label' | 'fill' | 'filled'>;

/**
 * `fillTemplate`'s `filled` flags without building any value: the card shows only these, and an
 * alert storm's card is redrawn with hundreds of timeline entries that the `actions` field would
 * otherwise format on every redraw only to be dropped. Agrees with `fillTemplate` (tested).
 */
export function templateStatus(
  input: Pick<FillTemplateInput, 'fields' | 'incident' | 'timeline'>,
): FieldStatus[] {
  const { incident } = input;
  return input.fields.map((field) => {
    const filled = (() => {
      switch (field.fill) {
        case 'startedAt':
          return true;
        case 'resolvedAt':
        case 'duration':
          return incident.resolvedAt !== null;
        case 'symptoms':
          return incident.symptoms.length > 0;
        case 'actions':
          return input.timeline.length > 0;
        case 'manual':
          return Boolean(incident.report[field.label]?.trim());
      }
    })();
    return { label: field.label, fill: field.fill, filled };
  });
}

/** The runbook's incident template with every automatic field filled from the incident. */
export function fillTemplate(input: FillTemplateInput): FilledField[] {
  return input.fields.map((field) => fillField(field, input));
}

function fillField(field: TemplateField, input: FillTemplateInput): FilledField {
  const { incident, locale, timeZone, now, formatText } = input;
  const base = { label: field.label, fill: field.fill };
  const one = (value: string, filled = true): FilledField => ({ ...base, value, items: [], filled });
  switch (field.fill) {
    case 'startedAt':
      return one(formatDateTime(incident.openedAt, timeZone));
    case 'resolvedAt':
      return incident.resolvedAt === null
        ? one(t(locale, 'report.ongoing'), false)
        : one(formatDateTime(incident.resolvedAt, timeZone));
    case 'duration': {
      if (incident.resolvedAt !== null) {
        return one(formatDuration(incident.resolvedAt - incident.openedAt, locale));
      }
      const duration = formatDuration(now - incident.openedAt, locale);
      return one(t(locale, 'report.durationSoFar', { duration }), false);
    }
    case 'symptoms': {
      const items = incident.symptoms.map(
        (s) => `❌ ${formatText(s.title)} — ${formatText(describeSymptom(s, input.locale))}`,
      );
      return {
        ...base,
        value: items.length ? null : t(locale, 'report.none'),
        items,
        filled: items.length > 0,
      };
    }
    case 'actions': {
      const items = [...input.timeline]
        .sort((a, b) => a.at - b.at || a.id - b.id)
        .map(
          (entry) =>
            `${formatClockSeconds(entry.at, timeZone)} · ${input.formatActor(entry.actor)} · ${formatText(describeTimelineEntry(entry, locale, input.sections))}`,
        );
      return {
        ...base,
        value: items.length ? null : t(locale, 'report.none'),
        items,
        filled: items.length > 0,
      };
    }
    case 'manual': {
      const text = incident.report[field.label]?.trim();
      return text ? one(formatText(text)) : one(t(locale, 'report.notFilled'), false);
    }
  }
}
