import type { en } from './messages-en.ts';

/** Every message key; `en` is the source, every locale must define all of them. */
export type MessageKey = keyof typeof en;

/** A complete dictionary: a locale missing a key, or with an unknown one, does not compile. */
export type Messages = { readonly [K in MessageKey]: string };

/** Placeholder names of a template: `'{a} and {b}'` -> `'a' | 'b'`. */
export type Placeholders<S extends string> = S extends `${string}{${infer P}}${infer Rest}`
  ? P | Placeholders<Rest>
  : never;

/** The parameters a key needs, derived from its English template. */
export type ParamsOf<K extends MessageKey> = Record<Placeholders<(typeof en)[K]>, string | number>;

/** Keys with `.one` and `.other` forms, without the suffix: `'run.checks'`. */
export type PluralKey = {
  [K in MessageKey]: K extends `${infer B}.other` ? (`${B}.one` extends MessageKey ? B : never) : never;
}[MessageKey];
