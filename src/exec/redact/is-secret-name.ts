/** Words that make a name secret even glued to a prefix: PGPASSWORD, APIKEY, authtoken, clientSecret. */
const GLUED = ['PASSWORD', 'PASSWD', 'PASSPHRASE', 'SECRET', 'TOKEN', 'APIKEY', 'CREDENTIAL'];
/** Words that make a name secret only as a whole `_ . -` part: API_KEY, DB_PASS, db.private, SENTRY_DSN. */
const PART = ['KEY', 'PASS', 'PRIVATE', 'DSN', 'DATABASE_URL', 'REDIS_URL'];
/** A whole part that needs a prefix: MYSQL_PWD is a password, bare PWD is the working directory. */
const PREFIXED_PART = ['PWD'];
/** Names that hold where a secret is, not the secret: POSTGRES_PASSWORD_FILE, --password-file, key_path. */
const LOCATION_SUFFIX = /[_.-](?:file|path|dir|directory|location)$/i;

function nameSource(words: { glued: string[]; part: string[]; prefixed: string[] }, alnum: string): string {
  const part = `${alnum}+`;
  const sep = '[_.-]';
  const core = [
    `${alnum}*(?:${words.glued.join('|')})`,
    `(?:${words.part.join('|')})`,
    `(?:${part}${sep})(?:${words.prefixed.join('|')})`,
  ].join('|');
  const plural = alnum === '[A-Z0-9]' ? 'S?' : 's?';
  return `(?:${part}${sep})*(?:${core})${plural}(?:${sep}${part})*`;
}

const lower = (list: string[]) => list.map((word) => word.toLowerCase());
const capitalised = (list: string[]) =>
  list.filter((word) => !word.includes('_')).map((word) => word[0] + word.slice(1).toLowerCase());

/**
 * Secret-looking names as a regex source (case-sensitive, one of three spellings): `JWT_SECRET`,
 * `PGPASSWORD`, `MYSQL_PWD`, `api_key`, `apikey`, `db.password`, `x-api-key`, `apiKey`,
 * `accessToken` — not `PASSED`, `keyboard`, `compass`, `PWD` or `monkey`.
 */
export const SECRET_NAME_SOURCE = [
  nameSource({ glued: GLUED, part: PART, prefixed: PREFIXED_PART }, '[A-Z0-9]'),
  nameSource({ glued: lower(GLUED), part: lower(PART), prefixed: lower(PREFIXED_PART) }, '[a-z0-9]'),
  `[a-z][a-zA-Z0-9]*(?:${[...capitalised(GLUED), ...capitalised(PART), 'Pwd', 'ApiKey'].join('|')})s?`,
].join('|');

const SECRET_NAME = new RegExp(`^(?:${SECRET_NAME_SOURCE})$`);

/** True for a secret-looking name that only says where a secret is kept (`DB_PASSWORD_FILE`). */
export function isSecretLocationName(name: string): boolean {
  return LOCATION_SUFFIX.test(name);
}

/** Environment variable names whose values are secrets (and every SLACK_* value). */
export function isSecretName(name: string): boolean {
  if (/^SLACK_/i.test(name)) return true;
  return !isSecretLocationName(name) && (SECRET_NAME.test(name) || SECRET_NAME.test(name.toUpperCase()));
}
