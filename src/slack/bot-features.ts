import type { TickTask } from './create-bot.ts';
import type { IntentHandlers } from './listeners/on-slash-command.ts';

/** The features wired into the bot beside diagnosis: approvals (issue 5) and incidents (issue 6). */
export function botFeatures(): { handlers: IntentHandlers; ticks: TickTask[] } {
  return { handlers: {}, ticks: [] };
}
