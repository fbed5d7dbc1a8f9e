import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isSecretName } from './is-secret-name.ts';
import { parseEnvFile } from './parse-env-file.ts';
import { MIN_SECRET_LENGTH } from './redact.ts';

const NOT_SECRET = new Set(['true', 'false', 'null', 'none', 'undefined']);
const MAX_ENV_FILE_BYTES = 1_000_000;

/**
 * The values to redact by exact match: secret-looking variables of the bot's environment (and
 * every SLACK_* value), and secret-looking keys of the workdir's `.env`, `.env.*` files.
 * URL-valued secrets also yield their password, raw and decoded.
 */
export async function collectSecrets(options: {
  env: Readonly<Record<string, string | undefined>>;
  workdir?: string | null;
}): Promise<string[]> {
  const found = new Set<string>();
  const add = (name: string, value: string | undefined): void => {
    if (value === undefined || !isSecretName(name)) return;
    for (const secret of expandSecret(value)) {
      if (secret.length >= MIN_SECRET_LENGTH && !NOT_SECRET.has(secret.toLowerCase())) found.add(secret);
    }
  };
  for (const [name, value] of Object.entries(options.env)) add(name, value);
  if (options.workdir) {
    for (const vars of await readEnvFiles(options.workdir)) {
      for (const [name, value] of Object.entries(vars)) add(name, value);
    }
  }
  return [...found];
}

/** Below this, a line of a multi-line secret is not redacted on its own (a PEM line is 64 chars). */
const MIN_SECRET_LINE = 16;

function expandSecret(value: string): string[] {
  const values = [value];
  // A multi-line secret (a PEM key) is often printed with other line ends, or one line at a time.
  if (value.includes('\n')) {
    for (const line of value.split(/\r?\n/))
      if (line.trim().length >= MIN_SECRET_LINE) values.push(line.trim());
  }
  const match = /^[a-z][a-z0-9+.-]*:\/\/[^\s:@/]*:([^\s@/]+)@/i.exec(value);
  if (match) {
    values.push(match[1]!);
    try {
      values.push(decodeURIComponent(match[1]!));
    } catch {
      // a malformed escape: the raw form is enough
    }
  }
  return values;
}

/** The `.env`, `.env.*` file names of a directory, sorted (none when it cannot be read). */
async function envFileNames(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((name) => name === '.env' || name.startsWith('.env.')).sort();
  } catch {
    return [];
  }
}

/**
 * What changes when a `.env*` file of `dir` is added, removed, rewritten or touched: names, sizes
 * and modification times (cheap: one readdir and a stat per file, no content read).
 */
export async function envFilesSignature(dir: string): Promise<string> {
  const parts: string[] = [dir];
  for (const name of await envFileNames(dir)) {
    try {
      const info = await stat(join(dir, name));
      parts.push(`${name}:${info.size}:${info.mtimeMs}:${info.ino}`);
    } catch {
      parts.push(`${name}:gone`);
    }
  }
  return parts.join('|');
}

async function readEnvFiles(workdir: string): Promise<Record<string, string>[]> {
  const files = await envFileNames(workdir);
  const parsed: Record<string, string>[] = [];
  for (const name of files) {
    const path = join(workdir, name);
    try {
      const info = await stat(path);
      if (!info.isFile() || info.size > MAX_ENV_FILE_BYTES) continue;
      parsed.push(parseEnvFile(await readFile(path, 'utf8')));
    } catch {
      // unreadable: nothing learnt from it
    }
  }
  return parsed;
}

/** The values to redact among the variables of a `.env` file read elsewhere (an SSH target's workdir). */
export function secretsOfEnvText(text: string): string[] {
  const found = new Set<string>();
  for (const [name, value] of Object.entries(parseEnvFile(text))) {
    if (!isSecretName(name)) continue;
    for (const secret of expandSecret(value)) {
      if (secret.length >= MIN_SECRET_LENGTH && !NOT_SECRET.has(secret.toLowerCase())) found.add(secret);
    }
  }
  return [...found];
}
