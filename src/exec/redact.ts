import { SECRET_NAME_SOURCE } from './is-secret-name.ts';

/** Secrets shorter than this are ignored: redacting `abc` everywhere would hide the output. */
export const MIN_SECRET_LENGTH = 4;

const REDACTED = '[redacted]';
/** Values already redacted are left alone, so redacting twice changes nothing. */
const ALREADY = String.raw`(?!\[set, |\[redacted|\[empty\])`;

const KEY_VALUE = new RegExp(
  String.raw`\b(${SECRET_NAME_SOURCE})\b(["']?[ \t]*[=:][ \t]*)${ALREADY}("[^"\n]*"|'[^'\n]*'|[^\s"',;}]+)`,
  'g',
);
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s:@/]*):([^\s@/]+)@/gi;
const JWT = /\beyJ[\w-]{5,}\.[\w-]{5,}\.[\w-]*/g;
const AUTH_HEADER =
  /\b(authorization|proxy-authorization|x-api-key|x-auth-token|cookie|set-cookie)(\s*:\s*)(?!\s|\[redacted)[^\r\n]+/gi;
const BEARER = /\b(bearer)(\s+)(?!\[redacted)[A-Za-z0-9\-._~+/]{8,}=*/gi;
const SLACK_TOKEN = /\b(?:xox[abposr]|xapp)-[A-Za-z0-9-]{6,}/g;
const SLACK_WEBHOOK = /https:\/\/hooks\.slack\.com\/services\/[A-Za-z0-9/]+/g;
/**
 * Known values are masked first with a same-length run of private-use characters (no blanks or
 * punctuation), so `KEY=value` still shows the full length and a secret holding `,` `;` or a blank
 * is never cut in two by the `KEY=value` rule (which would leave its tail in clear).
 */
const MASK_HEAD = '\uE000';
const MASK_BODY = '\uE001';
const MASKED = /\uE000\uE001*/g;

/**
 * Redacts `text`: `KEY=value` for secret-looking keys (length kept: `[set, 64 chars]`), the exact
 * known secret values, URL credentials, JWTs, bearer tokens and auth headers, Slack tokens.
 * `known` is a regex of the known values (longest first) or null.
 */
export function redactText(text: string, known: RegExp | null): string {
  const masked = known
    ? text.replace(known, (secret: string) => MASK_HEAD + MASK_BODY.repeat(secret.length - 1))
    : text;
  return masked
    .replace(KEY_VALUE, (match: string, key: string, sep: string, value: string) => {
      if (isErrorName(key)) return match;
      const bare = /^(["']).*\1$/.test(value) ? value.slice(1, -1) : value;
      return `${key}${sep}${bare.length === 0 ? '[empty]' : `[set, ${bare.length} chars]`}`;
    })
    .replace(URL_CREDENTIALS, (_match, scheme: string, user: string) => `${scheme}${user}:${REDACTED}@`)
    .replace(JWT, REDACTED)
    .replace(AUTH_HEADER, (_match, name: string, sep: string) => `${name}${sep}${REDACTED}`)
    .replace(BEARER, (_match, word: string, space: string) => `${word}${space}${REDACTED}`)
    .replace(SLACK_WEBHOOK, 'https://hooks.slack.com/services/[redacted]')
    .replace(SLACK_TOKEN, REDACTED)
    .replace(MASKED, REDACTED);
}

/** `TokenExpiredError: jwt expired` is a log line, not a secret. */
function isErrorName(key: string): boolean {
  return /(error|exception)$/i.test(key);
}

/** One regex matching any of the secrets (longest first so a longer secret wins), or null. */
export function compileSecrets(secrets: readonly string[]): RegExp | null {
  const usable = [...new Set(secrets)].filter((secret) => secret.length >= MIN_SECRET_LENGTH);
  if (usable.length === 0) return null;
  usable.sort((a, b) => b.length - a.length);
  return new RegExp(usable.map(escapeRegExp).join('|'), 'g');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
