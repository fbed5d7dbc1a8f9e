import type { Binding } from '../../runbook/binding/binding-schema.ts';

/** The languages the bot speaks: the binding's `locale`. */
export type Locale = Binding['locale'];

export const LOCALES: readonly Locale[] = ['pt-BR', 'en', 'es'];

/** Formats a number with the locale's decimal separator ("1,1" in pt-BR, "1.1" in en). */
export function formatNumber(
  value: number,
  locale: Locale,
  maximumFractionDigits = 0,
  minimumFractionDigits = 0,
): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits, minimumFractionDigits }).format(value);
}
