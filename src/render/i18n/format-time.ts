/**
 * Clock times in an IANA time zone, with Intl (no process time zone involved): the same input
 * gives the same text on every machine.
 */

/**
 * One formatter per time zone: building an Intl.DateTimeFormat costs far more than formatting with
 * it, and a card lists every timeline entry (an alert storm's card redrew hundreds of them).
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

function parts(at: number, timeZone: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(at)) result[part.type] = part.value;
  return result;
}

/** "14:02" (24-hour clock in both locales: on-call timelines read better that way). */
export function formatClock(at: number, timeZone: string): string {
  const p = parts(at, timeZone);
  return `${p.hour}:${p.minute}`;
}

/** "14:02:10". */
export function formatClockSeconds(at: number, timeZone: string): string {
  const p = parts(at, timeZone);
  return `${p.hour}:${p.minute}:${p.second}`;
}

/** "2026-11-29 14:02:10", the runbook template's `YYYY-MM-DD HH:MM:SS`. */
export function formatDateTime(at: number, timeZone: string): string {
  const p = parts(at, timeZone);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}
