import type { Binding } from '../../runbook/binding/binding-schema.ts';

/** The languages the bot speaks: the binding's `locale`. */
export type Locale = Binding['locale'];

export const LOCALES: readonly Locale[] = ['pt-BR', 'en', 'es'];

/** Built formatters by locale and digits: a few per process (locales × the digits callers ask for). */
const numberFormats = new Map<string, Intl.NumberFormat>();
const MAX_NUMBER_FORMATS = 64;

/**
 * One Intl.NumberFormat per locale and digits, built on first use: building one costs ~0.1 ms warm
 * (and tens of ms for the first in the process) against ~1 µs to format, and a verdict or a card
 * formats many numbers.
 */
export function numberFormat(
  locale: string,
  maximumFractionDigits = 0,
  minimumFractionDigits = 0,
): Intl.NumberFormat {
  const key = `${locale}|${maximumFractionDigits}|${minimumFractionDigits}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { maximumFractionDigits, minimumFractionDigits });
    if (numberFormats.size >= MAX_NUMBER_FORMATS) numberFormats.clear();
    numberFormats.set(key, format);
  }
  return format;
}

/** Formats a number with the locale's decimal separator ("1,1" in pt-BR, "1.1" in en). */
export function formatNumber(
  value: number,
  locale: Locale,
  maximumFractionDigits = 0,
  minimumFractionDigits = 0,
): string {
  return numberFormat(locale, maximumFractionDigits, minimumFractionDigits).format(value);
}
