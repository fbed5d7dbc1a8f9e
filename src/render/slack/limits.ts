import type { KnownBlock } from './block-types.ts';

/** Slack's limits (SLACK-NOTES.md), enforced by the renderers. */
export const SLACK_LIMITS = {
  blocks: 50,
  sectionText: 3000,
  contextText: 2000,
  header: 150,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  blockId: 255,
  modalTitle: 24,
  modalButton: 24,
  modalBlocks: 100,
  privateMetadata: 3000,
  inputLabel: 2000,
  inputValue: 3000,
  contextElements: 10,
  actionsElements: 25,
  fallbackText: 3000,
} as const;

export const CUT_MARKER = '\n… ✂ …\n';

/** Moves a head cut back so it does not split `&amp;` or `<@U123>`. */
function safeHeadEnd(text: string, end: number): number {
  const lt = text.lastIndexOf('<', end - 1);
  if (lt !== -1 && text.lastIndexOf('>', end - 1) < lt) return lt;
  const amp = text.lastIndexOf('&', end - 1);
  if (amp !== -1 && end - amp < 8 && text.lastIndexOf(';', end - 1) < amp) return amp;
  return end;
}

/** Moves a tail cut forward so it does not start inside `&amp;` or `<@U123>`. */
function safeTailStart(text: string, start: number): number {
  const gt = text.indexOf('>', start);
  const lt = text.indexOf('<', start);
  if (
    gt !== -1 &&
    (lt === -1 || gt < lt) &&
    text.lastIndexOf('<', start - 1) > text.lastIndexOf('>', start - 1)
  ) {
    return gt + 1;
  }
  const semi = text.indexOf(';', start);
  const amp = text.lastIndexOf('&', start - 1);
  if (semi !== -1 && amp !== -1 && semi - amp < 8 && text.lastIndexOf(';', start - 1) < amp) return semi + 1;
  return start;
}

/** Keeps the head (60 %) and the tail of a text that is too long, with a marker between. */
export function cutMiddle(text: string, max: number, marker: string = CUT_MARKER): string {
  if (text.length <= max) return text;
  const budget = Math.max(0, max - marker.length);
  const headEnd = safeHeadEnd(text, Math.ceil(budget * 0.6));
  const tailStart = safeTailStart(text, text.length - (budget - Math.ceil(budget * 0.6)));
  return text.slice(0, headEnd) + marker + text.slice(Math.max(tailStart, headEnd));
}

/** Plain text cut at the end with an ellipsis (headers, buttons, titles). */
export function truncateEnd(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return `${chars.slice(0, max - 1).join('')}…`;
}

/**
 * At most 50 blocks: when there are more, the first 49 are kept and the last says how many were
 * left out.
 */
export function fitBlocks(
  blocks: readonly KnownBlock[],
  omittedNote: (count: number) => KnownBlock,
  max: number = SLACK_LIMITS.blocks,
): KnownBlock[] {
  if (blocks.length <= max) return [...blocks];
  return [...blocks.slice(0, max - 1), omittedNote(blocks.length - (max - 1))];
}

/** Joins lines into as few texts as possible, each at most `max` characters (long lines are cut). */
export function packLines(
  lines: readonly string[],
  max: number = SLACK_LIMITS.sectionText,
  separator = '\n',
): string[] {
  const chunks: string[] = [];
  let current = '';
  for (const raw of lines) {
    const line = cutMiddle(raw, max);
    if (current === '') current = line;
    else if (current.length + separator.length + line.length <= max) current += separator + line;
    else {
      chunks.push(current);
      current = line;
    }
  }
  if (current !== '') chunks.push(current);
  return chunks;
}
