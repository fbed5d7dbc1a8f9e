import type { SectionRun } from '../../exec/step-result.ts';
import type { Locale } from '../i18n/locale.ts';

export interface SectionRunInput {
  run: SectionRun;
  /** Slack user id (or `cli:<user>`) who asked for the run. */
  requestedBy: string;
  locale: Locale;
  /** The slash command, e.g. `/apidown`. */
  commandName: string;
  /** Offer "Request restart" when something failed. */
  restartAvailable: boolean;
  /** Value of the `request_restart` button. */
  incidentId: number;
}
