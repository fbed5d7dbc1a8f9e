// One function and three locales by their own entry points: the package indexes ('date-fns',
// 'date-fns/locale') load every function and every locale, ~900 modules (docs/BENCHMARKS.md).
import { formatDistanceStrict } from 'date-fns/formatDistanceStrict';
import { enUS } from 'date-fns/locale/en-US';
import { es } from 'date-fns/locale/es';
import { ptBR } from 'date-fns/locale/pt-BR';
import type { Locale } from './locale.ts';
import { formatNumber } from './locale.ts';
import { t } from './messages.ts';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/**
 * A duration people read at a glance: "45 ms", "0,2 s", "1,0 s" / "1.0 s", "14 s", "14 min 32 s",
 * "2 h 5 min". Unit symbols are the same in both locales; only the decimal separator changes.
 */
export function formatDuration(ms: number, locale: Locale): string {
  const value = Math.max(0, ms);
  if (value < 100) return `${Math.round(value)} ms`;
  if (value < 10 * SECOND) return `${formatNumber(Math.round(value / 100) / 10, locale, 1, 1)} s`;
  if (value < MINUTE) return `${Math.floor(value / SECOND)} s`;
  if (value < HOUR) {
    const minutes = Math.floor(value / MINUTE);
    const seconds = Math.floor((value % MINUTE) / SECOND);
    return seconds === 0 ? `${minutes} min` : `${minutes} min ${seconds} s`;
  }
  const hours = Math.floor(value / HOUR);
  const minutes = Math.floor((value % HOUR) / MINUTE);
  return minutes === 0 ? `${hours} h` : `${hours} h ${minutes} min`;
}

/** Rounded for relative times: "45 s", "6 min", "1 h 5 min". */
function formatRoughDuration(ms: number): string {
  if (ms < MINUTE) return `${Math.round(ms / SECOND)} s`;
  const totalMinutes = Math.round(ms / MINUTE);
  if (totalMinutes < 60) return `${totalMinutes} min`;
  const hours = Math.floor(totalMinutes / 60);
  const minutes = totalMinutes % 60;
  return minutes === 0 ? `${hours} h` : `${hours} h ${minutes} min`;
}

/** Compact relative time: "há 6 min" / "6 min ago", "em 9 min" / "in 9 min", "agora" / "just now". */
export function formatRelative(at: number, now: number, locale: Locale): string {
  const diff = at - now;
  if (Math.abs(diff) < 10 * SECOND) return t(locale, 'time.justNow');
  const duration = formatRoughDuration(Math.abs(diff));
  return diff < 0 ? t(locale, 'time.ago', { duration }) : t(locale, 'time.in', { duration });
}

/** Long relative time in words, via date-fns: "há 6 minutos" / "6 minutes ago". */
export function formatRelativeLong(at: number, now: number, locale: Locale): string {
  const dateLocale = { 'pt-BR': ptBR, en: enUS, es }[locale];
  return formatDistanceStrict(at, now, { addSuffix: true, locale: dateLocale });
}
