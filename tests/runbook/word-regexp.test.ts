import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type LetterClasses, phrasesSource, union, WordRegExp } from '../../src/runbook/vocabulary/index.ts';

/** The classes as the parser wrote them before `WordRegExp`: the meaning it must keep. */
const UNICODE: LetterClasses = {
  wordChar: '[\\p{L}\\p{N}_-]',
  letterOrDigit: '[\\p{L}\\p{N}]',
  letter: '\\p{L}',
};

/** Pieces of text: vocabulary words, ASCII, and characters on the edges of the classes. */
const PIECES = [
  ...union((v) => [...v.headings.escalation, ...v.escalation.articles, ...v.expectation.atLeast]),
  'a',
  'K',
  's',
  '7',
  '_',
  '-',
  ' ',
  ':',
  '^',
  'ç',
  'é',
  'ñ',
  '\u017f', // ſ: folds to "s" under the i flag
  '\u212a', // Kelvin sign: folds to "k"
  '\u0345', // a combining mark that folds to a Greek letter
  '\u0301', // combining acute accent
  '—',
  '“',
  '→',
  '日',
  '\u0663', // Arabic-Indic digit three
  '\u{1d49c}', // mathematical script A, outside the BMP
  '🦄',
];
const text = fc.array(fc.constantFrom(...PIECES), { maxLength: 12 }).map((pieces) => pieces.join(''));

const ESCALATION = union((v) => v.headings.escalation);
const ARTICLES = union((v) => v.escalation.articles);
const AT_LEAST = union((v) => v.expectation.atLeast);
const PATTERNS: [string, (c: LetterClasses) => string][] = [
  ['a phrase list with a prefix phrase', (c) => phrasesSource(ESCALATION, c)],
  ['anchored phrases then a space', (c) => `^(?:${phrasesSource(ARTICLES, c)})\\s+`],
  [
    'phrases, a number or word, the rest',
    (c) => `^(?:${phrasesSource(AT_LEAST, c)})\\s+(\\d+|${c.letter}+)\\s+(.+)$`,
  ],
  ['letters or digits around a word', (c) => `(?<!${c.letterOrDigit})(?:the|a|s)(?!${c.letterOrDigit})`],
];

describe('WordRegExp', () => {
  for (const [name, source] of PATTERNS) {
    for (const flags of ['u', 'iu']) {
      it(`matches as the Unicode classes do: ${name} (${flags})`, () => {
        const reference = new RegExp(source(UNICODE), flags);
        const pattern = new WordRegExp(source, flags);
        fc.assert(
          fc.property(text, (input) => {
            const expected = reference.exec(input);
            const actual = pattern.exec(input);
            expect(actual === null ? null : [actual.index, ...actual]).toEqual(
              expected === null ? null : [expected.index, ...expected],
            );
            expect(pattern.replace(input, '#')).toBe(input.replace(reference, '#'));
          }),
          { numRuns: 400 },
        );
      });
    }
  }

  it('tells a word inside a longer non-ASCII word from a whole word', () => {
    const pattern = new WordRegExp((c) => phrasesSource(['call'], c));
    expect(pattern.test('call the dba')).toBe(true);
    expect(pattern.test('on-call')).toBe(false);
    expect(pattern.test('callé')).toBe(false);
    expect(pattern.test('日call')).toBe(false);
    expect(pattern.test('— call —')).toBe(true);
  });

  it('refuses flags that keep state between calls', () => {
    expect(() => new WordRegExp(() => 'x', 'gu')).toThrow(/u flag/);
    expect(() => new WordRegExp(() => 'x', 'i')).toThrow(/u flag/);
  });
});
