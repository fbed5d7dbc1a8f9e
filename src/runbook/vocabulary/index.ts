import type { TemplateFill } from '../model.ts';
import { en } from './en.ts';
import { es } from './es.ts';
import { pt } from './pt.ts';
import type { Vocabulary } from './vocabulary.ts';
import { type LetterClasses, WordRegExp } from './word-regexp.ts';

/** Every language the parser understands; add a file and list it here to add one. */
export const VOCABULARIES: readonly Vocabulary[] = [en, pt, es];

/** Lower-case, accents folded, punctuation other than `-`, `?`, `:` kept: "Salida Esperada" -> "salida esperada". */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A phrase's words as a regex source over folded text; `*` at the end is dropped (see phrasesSource). */
function wordsSource(phrase: string): string {
  const folded = fold(phrase.trim()).replace(/\*$/, '');
  return folded.split(/\s+/).map(escapeRegExp).join('[\\s-]+');
}

/** The phrases' alternations (longest first), worked out once per list: [whole words, prefixes]. */
const alternations = new WeakMap<readonly string[], [string[], string[]]>();

/**
 * Any of the phrases, as whole words over folded text (`*` = prefix of the last word), as regex
 * source written with `classes` (see `WordRegExp`); longest first, so "expected output" wins over
 * "expected". Word boundaries are written once for the whole alternation: the regex stays small
 * however long the vocabulary grows.
 */
export function phrasesSource(phrases: readonly string[], classes: LetterClasses): string {
  let lists = alternations.get(phrases);
  if (lists === undefined) {
    const sorted = [...new Set(phrases)].sort((a, b) => b.length - a.length);
    const isPrefix = (phrase: string) => phrase.trim().endsWith('*');
    lists = [
      sorted.filter((phrase) => !isPrefix(phrase)).map(wordsSource),
      sorted.filter(isPrefix).map(wordsSource),
    ];
    alternations.set(phrases, lists);
  }
  const [whole, prefixes] = lists;
  const parts = [
    ...(whole.length > 0 ? [`(?:${whole.join('|')})(?!${classes.wordChar})`] : []),
    ...(prefixes.length > 0 ? [`(?:${prefixes.join('|')})${classes.letterOrDigit}*`] : []),
  ];
  return `(?<!${classes.wordChar})(?:${parts.join('|') || '(?!)'})`;
}

/** `phrasesSource` as an expression of its own. */
export function phrasesRegExp(phrases: readonly string[], flags = 'u'): WordRegExp {
  return new WordRegExp((classes) => phrasesSource(phrases, classes), flags);
}

/** The union of one list over every language. */
export function union(pick: (vocabulary: Vocabulary) => readonly string[]): string[] {
  return VOCABULARIES.flatMap((vocabulary) => [...pick(vocabulary)]);
}

/** Compiled once per phrase list (the list object), on its first use. */
const mentionPatterns = new WeakMap<readonly string[], WordRegExp>();

export function mentions(text: string, phrases: readonly string[]): boolean {
  let pattern = mentionPatterns.get(phrases);
  if (pattern === undefined) {
    pattern = phrasesRegExp(phrases);
    mentionPatterns.set(phrases, pattern);
  }
  return pattern.test(fold(text));
}

const HEADING_PATTERNS = {
  escalation: phrasesRegExp(union((v) => v.headings.escalation)),
  template: phrasesRegExp(union((v) => v.headings.template)),
  links: phrasesRegExp(union((v) => v.headings.links)),
};

export type SectionRole = keyof typeof HEADING_PATTERNS;

/** What a heading announces in any supported language: escalation, template, links, or nothing. */
export function headingRole(title: string): SectionRole | null {
  const folded = fold(title);
  for (const role of ['escalation', 'template', 'links'] as const) {
    if (HEADING_PATTERNS[role].test(folded)) return role;
  }
  return null;
}

const FILL_ORDER: TemplateFill[] = ['manual', 'duration', 'actions', 'startedAt', 'resolvedAt', 'symptoms'];
const FILL_PATTERNS = FILL_ORDER.map(
  (fill) => [fill, phrasesRegExp(union((v) => v.template.fields[fill]))] as const,
);

/** What the bot fills in by itself for a template label, any language; `manual` when nothing fits. */
export function fillForLabel(label: string): TemplateFill {
  const folded = fold(label);
  return FILL_PATTERNS.find(([, pattern]) => pattern.test(folded))?.[0] ?? 'manual';
}

export type { Vocabulary } from './vocabulary.ts';
export { type LetterClasses, WordRegExp } from './word-regexp.ts';
