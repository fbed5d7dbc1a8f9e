/**
 * One word for a POSIX shell, whatever `text` holds: single quotes around it, each `'` written as
 * `'\''`. Inside single quotes nothing is special (no `$`, no backquote, no backslash), so the
 * shell reads back exactly `text`. NUL cannot be passed to a program at all: refused.
 */
export function quoteShell(text: string): string {
  if (text.includes('\0')) throw new Error('a shell word cannot hold a NUL byte');
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/** `export A='x' B='y'` for the given variables (names checked: a bad one is refused, never spliced). */
export function exportLine(env: Readonly<Record<string, string>>): string {
  const names = Object.keys(env);
  if (names.length === 0) return ':';
  for (const name of names) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
      throw new Error(`not a variable name: ${JSON.stringify(name)}`);
  }
  return `export ${names.map((name) => `${name}=${quoteShell(env[name] as string)}`).join(' ')}`;
}
