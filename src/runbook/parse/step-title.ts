import type { Paragraph } from 'mdast';
import { fold, phrasesSource, union, WordRegExp } from '../vocabulary/index.ts';
import { cleanTitle } from './clean-title.ts';
import { plainText } from './markdown-text.ts';

const STEP_WORDS = union((v) => v.stepWords);
const STEP_PREFIX = new WordRegExp(
  (c) => `^(?:(?:${phrasesSource(STEP_WORDS, c)})\\s*)?(?:\\d+[a-z]?|[ivx]+)\\s*[.:)\\-–—]+\\s*`,
  'iu',
);
const STEP_WORD_ONLY = new WordRegExp((c) => `^(?:${phrasesSource(STEP_WORDS, c)})\\s+\\d+\\s*$`, 'iu');

const MAX_TITLE = 80;

/**
 * The title a paragraph gives the command block after it: its bold lead ("**Check the pods.**
 * Look at…"), else its last sentence, without the closing colon. Null when the paragraph does
 * not introduce a block (a long explanation that does not end with ":").
 */
export function introTitle(paragraph: Paragraph, inListItem: boolean): string | null {
  const text = cleanTitle(plainText(paragraph));
  if (text === '') return null;
  const [first] = paragraph.children;
  if (first?.type === 'strong') {
    const lead = cleanTitle(plainText(first)).replace(/[.:]+$/, '');
    if (lead !== '' && !STEP_WORD_ONLY.test(lead)) return shortenTitle(lead);
  }
  const sentences = text.split(/(?<=[.!?])\s+/).filter((sentence) => sentence.trim() !== '');
  const endsWithColon = /:\s*$/.test(text);
  if (!endsWithColon && !inListItem && sentences.length > 3) return null;
  // "…, run this:" names the block in its last sentence; otherwise the first sentence says what to do
  const chosen = (endsWithColon ? sentences.at(-1) : sentences[0]) ?? text;
  const title = chosen.replace(/[\s:.!]+$/, '');
  return title === '' ? null : shortenTitle(title);
}

function shortenTitle(text: string): string {
  if (text.length <= MAX_TITLE) return text;
  const cut = text.slice(0, MAX_TITLE);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 40))}…`;
}

/** The base of a step id: the title without "Step 3:", "2.", "Passo 2 -" (so reordering keeps ids). */
export function idBaseOf(title: string): string {
  const stripped = STEP_PREFIX.replace(title, '').trim();
  return stripped === '' ? title : stripped;
}

/** True when the folded text is only a step number ("Step 3"), which makes a poor title. */
export const isBareNumber = (text: string) =>
  STEP_WORD_ONLY.test(fold(text)) || /^\d+[.)]?$/.test(text.trim());
