import { isSecretLocationName, SECRET_NAME_SOURCE } from './is-secret-name.ts';

/** Secrets shorter than this are ignored: redacting `abc` everywhere would hide the output. */
export const MIN_SECRET_LENGTH = 4;

const REDACTED = '[redacted]';
/** Values already redacted are left alone, so redacting twice changes nothing. */
const ALREADY = String.raw`(?!["']?\[(?:set, |redacted|empty\]))`;
/** A name starts here: not inside a longer name (`x-api-key` is one name, `api-key` is not looked at alone). */
const NAME_START = String.raw`(?<![\w.]|[\w.]-)`;

/**
 * A PEM block (private key, certificate…), one line or many, with `\n` escapes or real newlines;
 * a block cut before its END line is redacted to the end of the text.
 */
const PEM_BLOCK = /-----BEGIN ([A-Z0-9][A-Z0-9 ]*)-----[\s\S]*?(?:-----END [A-Z0-9 ]+-----|$(?![\s\S]))/g;
/** The END line of a PEM block; the body before it is redacted when its BEGIN line was cut off. */
const PEM_END = /-----END ([A-Z0-9][A-Z0-9 ]*)-----/g;
/** Characters of a PEM body: base64, line ends, `\n` escapes. */
const PEM_BODY_CHAR = /[A-Za-z0-9+/=\\\r\n]/;
/** Splits the text before each orphan END line (a private-use character: never in real text). */
const PEM_TAIL_MARK = '\uE002';

/** `KEY=value`, `key: value`, `"key": "value"`, `key => 'value'`, `key := value` for secret-looking keys. */
const KEY_VALUE = new RegExp(
  String.raw`${NAME_START}(${SECRET_NAME_SOURCE})\b(["']?[ \t]*(?:=>|:=|=(?![>=])|:(?![=:]))[ \t]*)${ALREADY}("[^"\n]*"|'[^'\n]*'|[^\s"',;}\x60]+)`,
  'g',
);
/** `?apikey=…`, `&sig=…`, `;token=…` in URLs: the value up to the next parameter. */
const QUERY_PARAMETER = new RegExp(
  String.raw`([?&;](?:${SECRET_NAME_SOURCE}|pwd|sig|signature|[\w-]+-signature|auth)=)(?!\[redacted)[^&#\s"'<>]+`,
  'gi',
);
/**
 * `--password hunter2`, `--token abc`, `--api-key=abc`, `-token abc` (an option naming a secret,
 * value after a blank or `=`, even one starting with `-`). Not `--password-file /run/x`, `--no-password`.
 */
const SECRET_OPTION = new RegExp(
  String.raw`(?<![\w-])(--?(?!-|no-)[\w-]*(?:password|passwd|passphrase|pass|pwd|token|secret|api-?key|access-?key|secret-?key|auth)(?:-[\w]+)*)([ \t]+|=)${ALREADY}("[^"\n]*"|'[^'\n]*'|[^\s"'|;&<>)\x60]+)`,
  'gi',
);
/** Options of this shape name something about a secret, not the secret: `--token-ttl 60`. */
const NOT_A_SECRET_OPTION =
  /[-_](?:file|path|dir|stdin|env|prompt|cmd|command|helper|ttl|expiry|expires|length|len|type|name|format|id|url|host|port|user|username|timeout|through)$/i;

/** Programs whose short options carry a password, with the option's shape. */
const PROGRAM_OPTIONS: { program: RegExp; option: RegExp }[] = [
  // mysql -pSecret (glued: `-p Secret` would prompt and take `Secret` as the database)
  { program: /\b(?:mysql\w*|mariadb\w*)\b/, option: /(\s-p)(?!\[redacted)([^\s;|&`]+)/g },
  // redis-cli -a secret, --pass secret, -a"secret"
  {
    program: /\b(?:redis-cli|valkey-cli|keydb-cli)\b/,
    option: /(\s(?:-a|--pass)(?:\s+|=)?)(?!\[redacted)("[^"\n]*"|'[^'\n]*'|[^\s;|&`]+)/g,
  },
  // curl -u user:secret, --user user:secret, -U / --proxy-user (the user is kept)
  {
    program: /\bcurl\b/,
    option: /(\s(?:-u|-U|--user|--proxy-user)(?:\s+|=)?["']?[^\s:"']*:)(?!\[redacted)([^\s"'`]+)/g,
  },
  // sshpass -p secret, docker login -p secret, mongosh -p secret
  {
    program: /\b(?:sshpass|docker\s+login|podman\s+login|mongo\w*)\b/,
    option: /(\s-p(?:\s+|=)?)(?!\[redacted)("[^"\n]*"|'[^'\n]*'|[^\s;|&`]+)/g,
  },
];
/*
 * Bare values stop at a backtick: unquoted, it would start a command substitution in the shell,
 * and in Slack it closes the code span the command is shown in.
 */
/** The rest of a shell command after a program name: up to the end of line, `;`, `|` or `&`. */
const COMMAND_TAIL = String.raw`[^\n;|&]*`;

/** The scheme is bounded (no real one is longer) so a long `a-a-a-…` line is not scanned again at each letter. */
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]{0,31}:\/\/)([^\s:@/]*):(?!\[redacted\]@)([^\s@/]+)@/gi;
const JWT = /\beyJ[\w-]{5,}\.[\w-]{5,}\.[\w-]*/g;
const AUTH_HEADER_NAMES =
  'authorization|proxy-authorization|x-api-key|x-auth-token|api-key|private-token|x-vault-token|cookie|set-cookie';
/** A quoted header (`-H "Authorization: Basic …"`) ends at its quote; elsewhere at the end of the line. */
const QUOTED_AUTH_HEADER = new RegExp(
  String.raw`(["'])(${AUTH_HEADER_NAMES})(\s*:\s*)(?!\s|\[redacted)((?:(?!\1)[^\r\n])+)`,
  'gi',
);
const AUTH_HEADER = new RegExp(String.raw`\b(${AUTH_HEADER_NAMES})(\s*:\s*)(?!\s|\[redacted)[^\r\n]+`, 'gi');
const BEARER = /\b(bearer)(\s+)(?!\[redacted)[A-Za-z0-9\-._~+/]{8,}=*/gi;
const SLACK_TOKEN = /\b(?:xox[abposr]|xapp)-[A-Za-z0-9-]{6,}/g;
const SLACK_WEBHOOK = /https:\/\/hooks\.slack\.com\/services\/[A-Za-z0-9/]+/g;
/** Tokens recognisable by their vendor prefix wherever they appear (GitHub, GitLab, AWS, Stripe, Google, npm…). */
const VENDOR_TOKEN =
  /\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,}|glpat-[A-Za-z0-9_-]{20,}|(?:AKIA|ASIA)[0-9A-Z]{16}|[sr]k_(?:live|test)_[A-Za-z0-9]{10,}|AIza[0-9A-Za-z_-]{35}|sk-(?:proj-|ant-)?[A-Za-z0-9_-]{20,}|npm_[A-Za-z0-9]{36}|hf_[A-Za-z0-9]{30,}|SG\.[\w-]{16,}\.[\w-]{16,})/g;
/**
 * Known values are masked first with a same-length run of private-use characters (no blanks or
 * punctuation), so `KEY=value` still shows the full length and a secret holding `,` `;` or a blank
 * is never cut in two by the `KEY=value` rule (which would leave its tail in clear).
 */
const MASK_HEAD = '\uE000';
const MASK_BODY = '\uE001';
const MASKED = /\uE000\uE001*/g;

/**
 * Redacts `text` (command text or output): PEM blocks, `KEY=value` / `key: value` / `key => value`
 * for secret-looking keys (length kept: `[set, 64 chars]`), secret URL query parameters, password
 * and token options of commands (`--password x`, `mysql -px`, `redis-cli -a x`, `curl -u u:x`), the
 * exact known secret values, URL credentials, JWTs, bearer tokens and auth headers, vendor tokens,
 * Slack tokens. `known` is a regex of the known values (longest first) or null.
 */
export function redactText(text: string, known: RegExp | null): string {
  const clean = text.includes(PEM_TAIL_MARK) ? text.replaceAll(PEM_TAIL_MARK, '') : text;
  const masked = known
    ? clean.replace(known, (secret: string) => MASK_HEAD + MASK_BODY.repeat(secret.length - 1))
    : clean;
  return redactProgramOptions(
    withoutPemBlocks(masked)
      .replace(
        QUOTED_AUTH_HEADER,
        (_m, quote: string, name: string, sep: string) => `${quote}${name}${sep}${REDACTED}`,
      )
      .replace(AUTH_HEADER, (_match, name: string, sep: string) => `${name}${sep}${REDACTED}`)
      .replace(QUERY_PARAMETER, (_match, name: string) => `${name}${REDACTED}`),
  )
    .replace(SECRET_OPTION, (match: string, option: string, sep: string, value: string) =>
      NOT_A_SECRET_OPTION.test(option) ? match : `${option}${sep}${lengthOf(value)}`,
    )
    .replace(KEY_VALUE, (match: string, key: string, sep: string, value: string) => {
      if (isErrorName(key) || isSecretLocationName(key)) return match;
      return `${key}${sep}${lengthOf(value)}`;
    })
    .replace(URL_CREDENTIALS, (_match, scheme: string, user: string) => `${scheme}${user}:${REDACTED}@`)
    .replace(JWT, REDACTED)
    .replace(BEARER, (_match, word: string, space: string) => `${word}${space}${REDACTED}`)
    .replace(SLACK_WEBHOOK, 'https://hooks.slack.com/services/[redacted]')
    .replace(SLACK_TOKEN, REDACTED)
    .replace(VENDOR_TOKEN, REDACTED)
    .replace(MASKED, REDACTED);
}

/** PEM blocks redacted, and the body before an orphan END line. Text without `-----` has none. */
function withoutPemBlocks(text: string): string {
  if (!text.includes('-----')) return text;
  return text
    .replace(PEM_BLOCK, (_match, label: string) => `[redacted ${label.trim()}]`)
    .replace(PEM_END, (match: string, label: string, at: number, whole: string) =>
      at > 0 && PEM_BODY_CHAR.test(whole[at - 1]!) ? `${PEM_TAIL_MARK}[redacted ${label.trim()}]` : match,
    )
    .split(PEM_TAIL_MARK)
    .map((part, index, parts) => (index < parts.length - 1 ? cutPemTail(part) : part))
    .join('');
}

/** Text up to an orphan END line: the PEM body at its end (base64 lines, `\n` escapes) is dropped. */
function cutPemTail(upToEnd: string): string {
  let start = upToEnd.length;
  while (start > 0 && PEM_BODY_CHAR.test(upToEnd[start - 1]!)) start--;
  return upToEnd.slice(0, start);
}

/** `[set, 12 chars]` (quotes not counted), `[empty]` for `""`. */
function lengthOf(value: string): string {
  const bare = /^(["']).*\1$/.test(value) ? value.slice(1, -1) : value;
  return bare.length === 0 ? '[empty]' : `[set, ${bare.length} chars]`;
}

/** Each program's name with the rest of its command (built once: redaction runs on every stored text). */
const PROGRAM_SEGMENTS = PROGRAM_OPTIONS.map(({ program, option }) => ({
  segment: new RegExp(`(${program.source})(${COMMAND_TAIL})`, 'g'),
  option,
}));

/** Applies each program's password options to the rest of the command after the program's name. */
function redactProgramOptions(text: string): string {
  let out = text;
  for (const { segment, option } of PROGRAM_SEGMENTS) {
    out = out.replace(
      segment,
      (_match, name: string, rest: string) =>
        name + rest.replace(option, (_m, head: string) => `${head}${REDACTED}`),
    );
  }
  return out;
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
