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
