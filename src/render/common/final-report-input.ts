import type { TemplateField } from '../../runbook/model.ts';
import type { Incident, TimelineEntry } from '../../store/records.ts';
import type { Locale } from '../i18n/locale.ts';
import type { SectionTitle } from './describe-timeline-entry.ts';

export interface FinalReportInput {
  incident: Incident;
  runbookTitle: string;
  /** The runbook's template, in its order. */
  fields: readonly TemplateField[];
  timeline: readonly TimelineEntry[];
  locale: Locale;
  timeZone: string;
  now: number;
  /** The runbook's sections: action lines name them in the reader's language. */
  sections?: readonly SectionTitle[];
  /** The Markdown version is uploaded beside the message. */
  fileAttached?: boolean;
}
