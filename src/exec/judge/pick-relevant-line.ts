import { overlap } from './match-expectation.ts';

const MAX_GOT = 120;

/**
 * The part of the output to show as "got": for a table with a STATUS column (docker compose ps),
 * that column of the best row; else the line sharing most words with the expectation, else the
 * first non-empty line; null when there is nothing (an empty table counts as nothing). `row`
 * forces the line (the one that met the expectation).
 */
export function pickRelevantLine(expected: string, output: string, row?: string): string | null {
  const lines = output.split('\n').filter((line) => line.trim().length > 0);
  const headerIndex = lines.findIndex(isTableHeader);
  if (headerIndex !== -1) {
    const header = lines[headerIndex]!;
    const rows = lines.slice(headerIndex + 1);
    const chosen = row ?? bestLine(expected, rows);
    if (chosen === null) return null;
    return trimGot(statusColumn(header, chosen) ?? chosen);
  }
  const line = row ?? bestLine(expected, lines);
  return line === null ? null : trimGot(line);
}

export function trimGot(text: string): string {
  const clean = text.trim().replace(/\s+/g, ' ');
  return clean.length > MAX_GOT ? `${clean.slice(0, MAX_GOT - 1)}…` : clean;
}

function bestLine(expected: string, lines: string[]): string | null {
  let best: string | null = null;
  let bestScore = -1;
  for (const line of lines) {
    const score = overlap(expected, line);
    if (score > bestScore) {
      best = line;
      bestScore = score;
    }
  }
  return best;
}

function isTableHeader(line: string): boolean {
  return /\bSTATUS\b/.test(line) && /\b(NAME|CONTAINER|SERVICE|IMAGE)\b/.test(line);
}

function statusColumn(header: string, row: string): string | null {
  const start = header.search(/\bSTATUS\b/);
  const after = /\s{2,}\S/.exec(header.slice(start));
  const end = after ? start + after.index + after[0].length - 1 : row.length;
  const value = row.slice(start, end).trim();
  return value.length > 0 ? value : null;
}
