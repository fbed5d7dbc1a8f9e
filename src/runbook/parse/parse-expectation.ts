import type { Paragraph } from 'mdast';
import type { Expectation } from '../model.ts';
import { fold, phrasesSource, union, VOCABULARIES, WordRegExp } from '../vocabulary/index.ts';
import { plainText } from './markdown-text.ts';

const EXPECTATION_LABELS = union((v) => v.expectationLabels);
/** "Status Esperado:", "Expected output:", "Salida esperada:"… at the start of a paragraph (any language). */
const LABEL = new WordRegExp(
  (c) => `^\\s*(?:${phrasesSource(EXPECTATION_LABELS, c)})\\s*(?:\\([^)]*\\))?\\s*:\\s*`,
);
const NON_EMPTY_PHRASES = union((v) => v.expectation.nonEmpty);
const NON_EMPTY = new WordRegExp((c) => `^(?:${phrasesSource(NON_EMPTY_PHRASES, c)})`);
const EMPTY_PHRASES = union((v) => v.expectation.empty);
const EMPTY = new WordRegExp((c) => `^(?:${phrasesSource(EMPTY_PHRASES, c)})\\s*$`);
const CONTAINS_PHRASES = union((v) => v.expectation.contains);
const CONTAINS = new WordRegExp(
  (c) =>
    `^(?:(?:it|this|the output|output|you|the command|it's|isso|a saida|ela|ele|la salida|esto)\\s+)?(?:${phrasesSource(CONTAINS_PHRASES, c)})\\s+`,
);
const AT_LEAST_PHRASES = union((v) => v.expectation.atLeast);
const AT_LEAST = new WordRegExp(
  (c) => `^(?:${phrasesSource(AT_LEAST_PHRASES, c)})\\s+(\\d+|${c.letter}+)\\s+(.+)$`,
);
const NUMBER_WORDS: Record<string, number> = Object.assign(
  {},
  ...VOCABULARIES.map((vocabulary) => vocabulary.expectation.numbers),
);

/** Words that make a short phrase a sentence about the output rather than text to find in it. */
const PROSE_WORDS = new WordRegExp(
  (c) =>
    `(?<!${c.letterOrDigit})(?:all|every|each|the|a|an|some|should|must|be|is|are|no|not|any|less|more|fewer|under|below|above|greater|lower|higher|than|most|least|around|about|approximately|roughly|menos|mais|mas|maior|menor|abaixo|acima|debajo|encima|hasta|ate|cerca|aproximadamente|todos|todas|os|as|o|el|la|los|las|deve|debe|ser|estar|esta|nenhum|ningun|ninguno|algum|alguna|alguno)(?!${c.letterOrDigit})`,
);

/** What a paragraph after a command block says about its output. */
export type ExpectationReading =
  /** Understood: `expect` is the display text, `expectation` what it means. */
  | { kind: 'understood'; expect: string; expectation: Expectation }
  /** A label with nothing after it ("Salida esperada:"): the next block shows the output. */
  | { kind: 'sample'; label: string }
  /** A label followed by prose the parser cannot turn into a check. */
  | { kind: 'unclear'; text: string };

const clean = (text: string) =>
  text
    .trim()
    .replace(/^["'“«]|["'”»]$/g, '')
    .replace(/[.;!]+$/, '')
    .trim();

/** Prose after a label -> an expectation, or null when it cannot be checked reliably. */
export function understandExpectation(raw: string): Expectation | null {
  const text = clean(raw);
  if (text === '') return null;
  const folded = fold(text);
  if (NON_EMPTY.test(folded)) return { kind: 'nonEmpty' };
  if (EMPTY.test(folded)) return { kind: 'empty' };
  const atLeast = AT_LEAST.exec(folded);
  if (atLeast) {
    const count = /^\d+$/.test(atLeast[1] ?? '') ? Number(atLeast[1]) : NUMBER_WORDS[atLeast[1] ?? ''];
    if (count !== undefined) {
      const what = text.slice(text.length - (atLeast[2] ?? '').length).trim();
      return { kind: 'atLeast', n: count, what };
    }
  }
  const contains = CONTAINS.exec(folded);
  if (contains) {
    const rest = clean(text.slice(contains[0].length));
    return rest === '' ? null : { kind: 'contains', text: rest };
  }
  const words = text.split(/\s+/);
  if (words.length <= 4 && !PROSE_WORDS.test(folded)) return { kind: 'text', text };
  return null;
}

/**
 * `**Status Esperado**: \`Up (healthy)\`` -> text "Up (healthy)"; "Expected: at least one IP
 * address." -> atLeast 1 "IP address"; null when the paragraph is not an expectation.
 */
export function readExpectation(paragraph: Paragraph): ExpectationReading | null {
  const text = plainText(paragraph).trim();
  const label = LABEL.exec(fold(text));
  if (!label) {
    const sentence = clean(text);
    const contains = CONTAINS.exec(fold(sentence));
    if (!contains || sentence.length > 120 || /:\s*$/.test(text)) return null;
    const code = paragraph.children.find((child) => child.type === 'inlineCode');
    const wanted =
      code?.type === 'inlineCode' ? code.value.trim() : clean(sentence.slice(contains[0].length));
    if (wanted === '') return null;
    return { kind: 'understood', expect: wanted, expectation: { kind: 'contains', text: wanted } };
  }
  const rest = text.slice(label[0].length).trim();
  const code = paragraph.children.find((child) => child.type === 'inlineCode');
  if (code?.type === 'inlineCode' && code.value.trim() !== '') {
    const value = code.value.trim();
    const understood = understandExpectation(rest.replace(code.value, value));
    const expectation: Expectation =
      understood && understood.kind !== 'text' ? understood : { kind: 'text', text: value };
    return { kind: 'understood', expect: displayText(expectation, rest), expectation };
  }
  if (clean(rest) === '')
    return { kind: 'sample', label: text.slice(0, label[0].length).replace(/:\s*$/, '') };
  const expectation = understandExpectation(rest);
  if (!expectation) return { kind: 'unclear', text: clean(rest) };
  return { kind: 'understood', expect: displayText(expectation, rest), expectation };
}

/** The phrase shown (and used by the phrase judges): the text to find, else the runbook's words. */
function displayText(expectation: Expectation, rest: string): string {
  return expectation.kind === 'text' || expectation.kind === 'contains' ? expectation.text : clean(rest);
}

/** Only the display text (kept for callers that need the phrase). */
export function parseExpectation(paragraph: Paragraph): string | null {
  const reading = readExpectation(paragraph);
  return reading?.kind === 'understood' ? reading.expect : null;
}
