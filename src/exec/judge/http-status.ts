/** `200 OK`, `HTTP 200`, `200` -> 200; null when the expectation is not an HTTP status. */
export function expectedHttpStatus(expected: string): number | null {
  const match = /^\s*(?:HTTP(?:\/[\d.]+)?\s+)?([1-5]\d\d)\b/i.exec(expected);
  return match ? Number(match[1]) : null;
}

/** The HTTP status visible in curl/wget output (the last one, after redirects), or null. */
export function visibleHttpStatus(output: string): number | null {
  const patterns = [
    /The requested URL returned error: (\d{3})/g,
    /^HTTP\/[\d.]+ (\d{3})\b/gm,
    /\bERROR (\d{3}):/g,
    /\bHTTP request sent, awaiting response\.\.\. (\d{3})\b/g,
  ];
  let found: number | null = null;
  let foundAt = -1;
  for (const pattern of patterns) {
    for (const match of output.matchAll(pattern)) {
      if (match.index >= foundAt) {
        found = Number(match[1]);
        foundAt = match.index;
      }
    }
  }
  return found;
}
