import type { Locale } from '../i18n/locale.ts';
import { formatNumber } from '../i18n/locale.ts';
import type { Placeholders } from '../i18n/message-types.ts';
import type { MessageKey, PluralKey } from '../i18n/messages.ts';
import { interpolate, pluralKey, template } from '../i18n/messages.ts';
import type { en } from '../i18n/messages-en.ts';
import { escapeMrkdwn } from './escape-mrkdwn.ts';

/** Text that is already valid mrkdwn (mentions, code spans, escaped pieces): inserted as is. */
export interface Mrkdwn {
  readonly mrkdwn: string;
}

export function raw(mrkdwn: string): Mrkdwn {
  return { mrkdwn };
}

export type SlackParam = string | number | Mrkdwn;

type SlackParamsArg<K extends MessageKey> = [Placeholders<(typeof en)[K]>] extends [never]
  ? []
  : [params: Record<Placeholders<(typeof en)[K]>, SlackParam>];

function encoder(locale: Locale): (value: SlackParam) => string {
  return (value) => {
    if (typeof value === 'number') return formatNumber(value, locale, 1);
    if (typeof value === 'string') return escapeMrkdwn(value);
    return value.mrkdwn;
  };
}

/**
 * A message as mrkdwn: the template's own text and every plain string parameter are escaped;
 * only `raw(…)` parameters (mentions, code) go in unescaped.
 */
export function st<K extends MessageKey>(locale: Locale, key: K, ...args: SlackParamsArg<K>): string {
  const params: Readonly<Record<string, SlackParam>> = args[0] ?? {};
  return interpolate(template(locale, key), params, encoder(locale), escapeMrkdwn);
}

/** Plural form of `st`. */
export function stPlural(
  locale: Locale,
  base: PluralKey,
  count: number,
  params: Readonly<Record<string, SlackParam>> = {},
): string {
  const text = template(locale, pluralKey(locale, base, count));
  return interpolate(text, { ...params, count }, encoder(locale), escapeMrkdwn);
}
