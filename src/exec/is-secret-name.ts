const WORDS = ['TOKEN', 'SECRET', 'PASSWORD', 'PASSWD', 'PASS', 'KEY', 'PRIVATE', 'CREDENTIAL', 'DSN'];
const UPPER = WORDS.join('|');
const LOWER = UPPER.toLowerCase();
const CAPITALISED = WORDS.map((word) => word[0] + word.slice(1).toLowerCase()).join('|');

/** A name made of `_`-separated parts, one of which is a secret word: JWT_SECRET, SLACK_BOT_TOKEN. */
const SECRET_NAME = new RegExp(`^(?:[A-Z0-9]+_)*(?:${UPPER}|DATABASE_URL|REDIS_URL)S?(?:_[A-Z0-9]+)*$`, 'i');

/** Environment variable names whose values are secrets (and every SLACK_* value). */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name) || /^SLACK_/i.test(name);
}

/**
 * The same idea for keys inside output, as a regex source (case-sensitive): `JWT_SECRET`,
 * `api_key`, `db.password`, `apiKey`, `accessToken` — not `PASSED`, `keyboard` or `compass`.
 */
export const SECRET_NAME_SOURCE = [
  `(?:[A-Z0-9]+[_.-])*(?:${UPPER}|DATABASE_URL|REDIS_URL)S?(?:[_.-][A-Z0-9]+)*`,
  `(?:[a-z0-9]+[_.-])*(?:${LOWER}|database_url|redis_url)s?(?:[_.-][a-z0-9]+)*`,
  `[a-z][a-zA-Z0-9]*(?:${CAPITALISED})s?`,
].join('|');
