import { formatClockSeconds } from './format-time.ts';
import { type Locale, numberFormat } from './locale.ts';
import { tPlural } from './messages.ts';

/**
 * Builds the Intl formatters the bot's messages use (numbers and plurals of each locale, clock
 * times of the time zone). The first formatter of a process loads ICU's locale and time zone data:
 * ~20 ms on a quiet machine, 100 ms under load, in one turn of the event loop. Called once, shortly
 * after start, so that turn is not taken in the middle of the first diagnosis (an alert storm's
 * answers wait behind it). The formatters are the cached ones the messages then use.
 */
export function warmFormatters(locales: Iterable<Locale>, timeZone: string): void {
  for (const locale of new Set(locales)) {
    numberFormat(locale, 1).format(1.5);
    tPlural(locale, 'run.lines', 2);
  }
  formatClockSeconds(Date.now(), timeZone);
}
