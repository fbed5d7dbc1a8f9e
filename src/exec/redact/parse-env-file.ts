/**
 * `KEY=value` lines of a dotenv file: `export`, quotes, `#` comments; later keys win. A quoted value
 * may span lines (a PEM key written between double quotes), as dotenv allows.
 */
export function parseEnvFile(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*[=:]\s*(.*)$/.exec(lines[index]!);
    if (!match) continue;
    let raw = match[2]!;
    const quote = raw[0];
    if ((quote === '"' || quote === "'" || quote === '`') && raw.indexOf(quote, 1) === -1) {
      // An opening quote without its closing one: the value goes on until the line that closes it.
      let end = index + 1;
      while (end < lines.length && !lines[end]!.includes(quote)) end++;
      if (end < lines.length) {
        raw = lines
          .slice(index, end + 1)
          .join('\n')
          .slice(lines[index]!.length - raw.length);
        index = end;
      }
    }
    vars[match[1]!] = parseValue(raw);
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
