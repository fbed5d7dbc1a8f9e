import type { Locale } from './locale.ts';
import { formatNumber } from './locale.ts';
import type { MessageKey, Messages, ParamsOf, Placeholders, PluralKey } from './message-types.ts';
import { en } from './messages-en.ts';
import { es } from './messages-es.ts';
import { ptBR } from './messages-pt-br.ts';

export type { MessageKey, Messages, ParamsOf, PluralKey } from './message-types.ts';

export const dictionaries: Readonly<Record<Locale, Messages>> = { en, 'pt-BR': ptBR, es };

/** Rest parameter for `t`: required when the template has placeholders, absent otherwise. */
export type ParamsArg<K extends MessageKey> = [Placeholders<(typeof en)[K]>] extends [never]
  ? []
  : [params: ParamsOf<K>];

type ParamValue = string | number;

/** The raw template of a key in a locale. */
export function template(locale: Locale, key: MessageKey): string {
  return dictionaries[locale][key];
}

/**
 * Replaces `{name}` in a template. `encodeLiteral` is applied to the template's own text and
 * `encodeParam` to each value (the Slack renderers escape both; text renderers use identity).
 */
export function interpolate<V>(
  text: string,
  params: Readonly<Record<string, V>>,
  encodeParam: (value: V) => string,
  encodeLiteral: (literal: string) => string = (literal) => literal,
): string {
  let result = '';
  let last = 0;
  for (const match of text.matchAll(/\{([A-Za-z][A-Za-z0-9]*)\}/g)) {
    const name = match[1] as string;
    const index = match.index;
    result += encodeLiteral(text.slice(last, index));
    result += name in params ? encodeParam(params[name] as V) : match[0];
    last = index + match[0].length;
  }
  return result + encodeLiteral(text.slice(last));
}

function plainParam(locale: Locale): (value: ParamValue) => string {
  return (value) => (typeof value === 'number' ? formatNumber(value, locale, 1) : value);
}

/** A message in plain text (terminal, Markdown, Slack `plain_text`). */
export function t<K extends MessageKey>(locale: Locale, key: K, ...args: ParamsArg<K>): string {
  const params: Readonly<Record<string, ParamValue>> = args[0] ?? {};
  return interpolate(template(locale, key), params, plainParam(locale));
}

/** One Intl.PluralRules per locale (building one costs far more than selecting with it). */
const pluralRules = new Map<Locale, Intl.PluralRules>();

function pluralRulesOf(locale: Locale): Intl.PluralRules {
  let rules = pluralRules.get(locale);
  if (!rules) {
    rules = new Intl.PluralRules(locale);
    pluralRules.set(locale, rules);
  }
  return rules;
}

/** The `.one` / `.other` key for a count under the locale's plural rules. */
export function pluralKey(locale: Locale, base: PluralKey, count: number): MessageKey {
  const form = pluralRulesOf(locale).select(count) === 'one' ? 'one' : 'other';
  return `${base}.${form}` as MessageKey;
}

/** A plural message; `{count}` is filled with the formatted count. */
export function tPlural(
  locale: Locale,
  base: PluralKey,
  count: number,
  params: Readonly<Record<string, ParamValue>> = {},
): string {
  return interpolate(
    template(locale, pluralKey(locale, base, count)),
    { ...params, count },
    plainParam(locale),
  );
}
