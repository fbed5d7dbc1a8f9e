/** `KEY=value` lines of a dotenv file: `export`, quotes, `#` comments; later keys win. */
export function parseEnvFile(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*[=:]\s*(.*)$/.exec(line);
    if (!match) continue;
    vars[match[1]!] = parseValue(match[2]!);
  }
  return vars;
}

function parseValue(raw: string): string {
  const quote = raw[0];
  if (quote === '"' || quote === "'" || quote === '`') {
    const end = raw.indexOf(quote, 1);
    const body = end === -1 ? raw.slice(1) : raw.slice(1, end);
    return quote === '"' ? body.replace(/\\n/g, '\n').replace(/\\(["\\])/g, '$1') : body;
  }
  return raw.replace(/\s+#.*$/, '').trim();
}
