import type { Expectation } from '../../runbook/model.ts';

/** Words of a text, lower-case, split on anything not a letter or digit (`unhealthy` stays whole). */
export function tokenize(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) as string[];
}

/** True when every token of `expected` appears in `line`, in order, as whole words. */
export function lineMatches(expected: string, line: string): boolean {
  const wanted = tokenize(expected);
  if (wanted.length === 0) return line.toLowerCase().includes(expected.trim().toLowerCase());
  const words = tokenize(line);
  let next = 0;
  for (const word of words) {
    if (word === wanted[next]) next++;
    if (next === wanted.length) return true;
  }
  return false;
}

/** The first output line meeting the expectation, or null. */
export function findMatchingLine(expected: string, output: string): string | null {
  for (const line of output.split('\n')) {
    if (lineMatches(expected, line)) return line;
  }
  return null;
}

/** How many of the expected tokens a line holds (to pick the line to show when none matches). */
export function overlap(expected: string, line: string): number {
  const words = new Set(tokenize(line));
  return tokenize(expected).filter((token) => words.has(token)).length;
}

const IP_ADDRESS =
  /(?<![\d.])(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}(?![\d.])|(?<![\w:])(?:[0-9a-f]{1,4}:){2,7}[0-9a-f]{0,4}(?![\w:])/gi;
const HEADER = /^\s*[A-Z][A-Z0-9_]*(?:\s{2,}[A-Z][A-Z0-9_ ]*)+\s*$/;

/** A first line naming columns ("Filesystem  Size  Used…"): no digits, wide gaps, and data below it. */
function isColumnHeader(line: string, next: string | undefined): boolean {
  return (
    next !== undefined && !/\d/.test(line) && (line.match(/\S {2,}\S/g)?.length ?? 0) >= 2 && /\d/.test(next)
  );
}

/** How many of `what` the output holds: IP addresses, else output lines (table headers aside). */
function countOf(what: string, output: string): { count: number; line: string | null } {
  if (/\bip\b|\bips\b|\baddress|endere[cç]o|direcci[oó]n/i.test(what)) {
    const lines = output.split('\n').filter((line) => new RegExp(IP_ADDRESS.source, 'i').test(line));
    return { count: output.match(IP_ADDRESS)?.length ?? 0, line: lines[0] ?? null };
  }
  const all = output.split('\n').filter((line) => line.trim() !== '');
  const lines = all.filter(
    (line, index) => !HEADER.test(line) && !(index === 0 && isColumnHeader(line, all[1])),
  );
  return { count: lines.length, line: lines[0] ?? null };
}

/** Whether the output meets an understood expectation, and the line that shows it. */
export function checkExpectation(
  expectation: Expectation,
  output: string,
): { met: boolean; line: string | null } {
  const firstLine = output.split('\n').find((line) => line.trim() !== '') ?? null;
  switch (expectation.kind) {
    case 'text':
    case 'contains': {
      const line = findMatchingLine(expectation.text, output);
      return { met: line !== null, line };
    }
    case 'nonEmpty':
      return { met: output.trim() !== '', line: firstLine };
    case 'empty':
      return { met: output.trim() === '', line: firstLine };
    case 'atLeast': {
      const { count, line } = countOf(expectation.what, output);
      return { met: count >= expectation.n, line };
    }
  }
}
