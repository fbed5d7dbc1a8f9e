/**
 * The letter classes a pattern of the runbook parser uses, as regex source. A pattern is written
 * once as a function of them (see `WordRegExp`).
 */
export interface LetterClasses {
  /** A letter, digit, `_` or `-`: what continues a word ("call" is not a word of "on-call"). */
  wordChar: string;
  /** A letter or a digit. */
  letterOrDigit: string;
  /** A letter. */
  letter: string;
}

const UNICODE: LetterClasses = {
  wordChar: '[\\p{L}\\p{N}_-]',
  letterOrDigit: '[\\p{L}\\p{N}]',
  letter: '\\p{L}',
};

const ASCII: LetterClasses = {
  wordChar: '[A-Za-z0-9_-]',
  letterOrDigit: '[A-Za-z0-9]',
  letter: '[A-Za-z]',
};

const NOT_ASCII = /\P{ASCII}/u;
/** By flags ("u" or "iu"): a character outside ASCII that the Unicode `wordChar` class matches. */
const OTHER_WORD_CHAR = new Map<string, RegExp>();

/**
 * True when every letter and digit of `text` is ASCII (most runbook text once `fold` took the
 * accents off): the ASCII classes then say yes and no to exactly the characters the Unicode ones
 * would. Checked with the Unicode class itself, under the same flags (`i` widens a class).
 */
function lettersAreAscii(text: string, flags: string): boolean {
  if (!NOT_ASCII.test(text)) return true;
  const key = flags.includes('i') ? 'iu' : 'u';
  let other = OTHER_WORD_CHAR.get(key);
  if (other === undefined) {
    other = new RegExp(`(?=\\P{ASCII})${UNICODE.wordChar}`, key);
    OTHER_WORD_CHAR.set(key, other);
  }
  return !other.test(text);
}

/**
 * A regular expression over text in any script, compiled in two forms: with ASCII letter classes,
 * used on a text whose letters and digits are all ASCII, and with the Unicode classes (`\p{L}`,
 * `\p{N}`), compiled on the first text that has another letter or digit. Both give the same match
 * on every text they are used for, since a class is only ever asked about the text's own
 * characters. Why: V8 compiles every `\p{L}` to hundreds of ranges, once per lookaround, when an
 * expression first runs and again when it turns it into machine code; with the thirty-odd
 * vocabulary patterns that was a fifth of the first parse of a runbook (bench/measure-parse.ts).
 *
 * Stateless: the `g` and `y` flags (which keep `lastIndex` between calls) are refused.
 */
export class WordRegExp {
  readonly #source: (classes: LetterClasses) => string;
  readonly #flags: string;
  readonly #ascii: RegExp;
  #unicode: RegExp | undefined;

  constructor(source: (classes: LetterClasses) => string, flags = 'u') {
    if (!flags.includes('u') || /[gy]/.test(flags))
      throw new Error(`WordRegExp needs the u flag and neither g nor y, got "${flags}"`);
    this.#source = source;
    this.#flags = flags;
    this.#ascii = new RegExp(source(ASCII), flags);
  }

  /** The compiled form to run on `text`. */
  for(text: string): RegExp {
    if (lettersAreAscii(text, this.#flags)) return this.#ascii;
    this.#unicode ??= new RegExp(this.#source(UNICODE), this.#flags);
    return this.#unicode;
  }

  test(text: string): boolean {
    return this.for(text).test(text);
  }

  exec(text: string): RegExpExecArray | null {
    return this.for(text).exec(text);
  }

  /** `text` with the first match replaced, as `String.prototype.replace`. */
  replace(text: string, replacement: string): string {
    return text.replace(this.for(text), replacement);
  }
}
