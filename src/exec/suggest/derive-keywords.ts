import type { Section } from '../../runbook/model.ts';
import { foldedWords, foldText } from '../fold-text.ts';
import { KEYWORD_SYNONYMS, STOP_WORDS } from './keyword-synonyms.ts';

/**
 * Keywords per candidate section: its title words minus stop words and minus words shared by
 * several candidates' titles ("conexão" in both "…com banco" and "…com Redis"), plus built-in
 * synonyms of those words, plus the binding's extra words for the section.
 */
export function deriveKeywords(
  candidates: readonly Section[],
  extra: Readonly<Record<string, readonly string[]>> = {},
): Map<string, string[]> {
  const titleWords = new Map(candidates.map((section) => [section.id, new Set(foldedWords(section.title))]));
  const sharedBy = new Map<string, number>();
  for (const words of titleWords.values()) {
    for (const word of words) sharedBy.set(word, (sharedBy.get(word) ?? 0) + 1);
  }
  const keywords = new Map<string, string[]>();
  for (const section of candidates) {
    const words = [...(titleWords.get(section.id) ?? [])];
    const found = new Set<string>();
    for (const word of words) {
      if (STOP_WORDS.has(word) || /^\d+$/.test(word) || word.length < 2) continue;
      if (candidates.length > 2 && (sharedBy.get(word) ?? 0) > 1) continue;
      found.add(word);
    }
    for (const synonyms of KEYWORD_SYNONYMS) {
      if (words.some((word) => synonyms.when.includes(word)))
        for (const word of synonyms.add) found.add(word);
    }
    for (const word of extra[section.id] ?? []) found.add(foldText(word).trim());
    keywords.set(
      section.id,
      [...found].filter((word) => word.length > 0),
    );
  }
  return keywords;
}

/** Keywords of `keywords` found in `line`: whole words for plain words, phrases otherwise. */
export function matchKeywords(keywords: readonly string[], line: string): string[] {
  const folded = foldText(line);
  const words = new Set(foldedWords(line));
  return keywords.filter((keyword) =>
    /^[a-z0-9]+$/.test(keyword) ? words.has(keyword) : folded.includes(keyword),
  );
}
