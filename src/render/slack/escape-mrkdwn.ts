/**
 * Text the bot inserts into mrkdwn: `&`, `<` and `>` escaped so nothing typed by a person or
 * printed by a command becomes a mention, a link or a broadcast.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Inline code: escaped, on one line, with backticks replaced so the span cannot be closed early. */
export function codeSpan(text: string): string {
  const oneLine = text.replace(/\s*\r?\n\s*/g, ' ').replace(/`/g, 'ˋ');
  return `\`${escapeMrkdwn(oneLine)}\``;
}

/** Quoted lines (`> …`) from already-escaped text. */
export function quoteLines(lines: readonly string[]): string {
  return lines.map((line) => `> ${line.replace(/`/g, 'ˋ')}`).join('\n');
}
