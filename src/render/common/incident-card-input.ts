import type { Incident } from '../../store/records.ts';
import type { Locale } from '../i18n/locale.ts';
import type { CardNotice } from './card-notice.ts';
import type { FieldStatus } from './fill-template.ts';

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
  /** Which fields of the incident template have a value (see templateStatus), shown compactly. */
  template?: readonly FieldStatus[];
  /** Buttons to show; default: all that make sense for the status. */
  buttons?: readonly CardButton[];
  /** The word the binding maps to the diagnosis (`diagnostico`…), for the "run it" hint; default `diagnose`. */
  diagnoseWord?: string;
  /** False when the runbook's binding maps no `restart`: no "Request restart" button. Default true. */
  canRestart?: boolean;
  /** Alerts and pages: the alert that opened it, alerts resolved, who was paged and the pager's answer. */
  notices?: readonly CardNotice[];
}
