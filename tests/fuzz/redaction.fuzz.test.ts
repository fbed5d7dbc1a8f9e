import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRedactor } from '../../src/exec/redact/create-redactor.ts';

/**
 * Properties of output redaction: a known secret never survives wherever it sits; innocent text
 * passes unchanged; redacting twice changes nothing.
 */
const SEED = 0x7ed_ac7ed;
const RUNS = 2_000;

const BASE64 = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/='];
const HEX = [...'0123456789abcdef'];
const URL_UNSAFE = [...'abcXYZ019:/@?#&%+= ;,"\'{}[]<>\\|`!$*()~'];
const alphabet = (chars: string[]) =>
  fc.array(fc.constantFrom(...chars), { minLength: 8, maxLength: 48 }).map((cs) => cs.join(''));

/** Secrets as `.env` files hold them: random tokens, hex keys, passwords with punctuation, passphrases. */
const secret = fc
  .oneof(
    alphabet(BASE64),
    alphabet(HEX),
    alphabet(URL_UNSAFE),
    fc.string({ unit: 'grapheme', minLength: 8, maxLength: 32 }),
    fc
      .array(fc.stringMatching(/^[a-z]{3,8}$/), { minLength: 3, maxLength: 5 })
      .map((parts) => parts.join(' ')),
  )
  .filter((value) => value.trim().length >= 8);

/** Redaction markers would otherwise be read as a surviving secret made of marker letters. */
const withoutMarkers = (text: string) =>
  text.replace(
    /\[redacted\]|\[set, \d+ chars\]|\[empty\]|https:\/\/hooks\.slack\.com\/services\//g,
    '\u0000',
  );

type Placement = (value: string) => string;
const PLACEMENTS: Placement[] = [
  (value) => value,
  (value) => `API_KEY=${value}`,
  (value) => `JWT_SECRET=${value}`,
  (value) => `db.password: ${value}`,
  (value) => `{"accessToken": "${value}"}`,
  (value) => `export REDIS_PASSWORD='${value}'`,
  (value) => `postgresql://atende:${value}@db:5432/atende`,
  (value) => `redis://:${value}@redis:6379/0`,
  (value) => `Authorization: Bearer ${value}`,
  (value) => `(${value})`,
  (value) => `"${value}",`,
  (value) => `<${value}>`,
  (value) => `${value}${value}`,
  (value) => `${value} ${value}\n${value}`,
  (value) => `x${value}y`,
  (value) => `TokenExpiredError: ${value}`,
];
const noise = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom('', ' ', '\n', '=', ':', 'password=', 'token: ', 'Bearer ', '://u:', '@', '"', "'", ';'),
);

const innocentWord = fc.stringMatching(/^[a-z0-9]{1,7}$/);
const innocentText = fc
  .array(fc.tuple(innocentWord, fc.constantFrom(' ', '\n', '  ')), { maxLength: 30 })
  .map((parts) => parts.map(([word, sep]) => word + sep).join(''));

function occurrences(text: string, value: string): number {
  let count = 0;
  for (let at = text.indexOf(value); at !== -1; at = text.indexOf(value, at + 1)) count++;
  return count;
}

describe('redaction (fuzz)', () => {
  it(`a known secret never survives, wherever it sits (${RUNS * 2} runs)`, () => {
    fc.assert(
      fc.property(
        fc.array(secret, { minLength: 1, maxLength: 3 }),
        fc.array(fc.tuple(noise, fc.nat(), fc.constantFrom(...PLACEMENTS.keys())), {
          minLength: 1,
          maxLength: 6,
        }),
        noise,
        (secrets, pieces, tail) => {
          const text =
            pieces
              .map(
                ([before, which, placement]) =>
                  before + PLACEMENTS[placement]!(secrets[which % secrets.length]!),
              )
              .join('') + tail;
          const redact = createRedactor({ secrets });
          const out = withoutMarkers(redact(text));
          for (const value of secrets) expect(out).not.toContain(value);
        },
      ),
      { seed: SEED, numRuns: RUNS * 2 },
    );
  });

  it(`no part of a known secret is left in clear around it (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(
        innocentText,
        secret,
        fc.constantFrom('plain', 'key', 'quoted', 'url'),
        innocentText,
        (before, value, form, after) => {
          const placed = {
            plain: [value, '[redacted]'],
            key: [`API_KEY=${value}`, `API_KEY=[set, ${value.length} chars]`],
            quoted: [`password: "${value}"`, `password: [set, ${value.length} chars]`],
            url: [`mysql://app:${value}@db/app`, 'mysql://app:[redacted]@db/app'],
          }[form] as [string, string];
          const text = `${before} ${placed[0]} ${after}`;
          // the secret must appear only where it was put (not also inside the innocent words)
          fc.pre(occurrences(text, value) === 1 && !(form === 'quoted' && value.includes('"')));
          expect(createRedactor({ secrets: [value] })(text)).toBe(`${before} ${placed[1]} ${after}`);
        },
      ),
      { seed: SEED + 1, numRuns: RUNS },
    );
  });

  it(`innocent text passes through unchanged (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(innocentText, fc.array(secret, { maxLength: 3 }), (text, secrets) => {
        fc.pre(secrets.every((value) => !text.includes(value)));
        expect(createRedactor({ secrets })(text)).toBe(text);
      }),
      { seed: SEED + 2, numRuns: RUNS },
    );
  });

  it(`is idempotent: redact(redact(x)) === redact(x) (${RUNS * 2} runs)`, () => {
    const fragment = fc.oneof(
      noise,
      innocentWord,
      fc.constantFrom(
        'Authorization:',
        'cookie:\t\t',
        'Set-Cookie:  ',
        'Bearer  ',
        'bearer abcdefghijkl',
        'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig',
        'xoxb-1234-abcdef',
        'https://hooks.slack.com/services/T0/B0/xyz',
        'API_KEY',
        'PASSWORD',
        'apiKey',
        '"',
        ': ',
        '= ',
        '=',
        '[redacted]',
        '[set, 3 chars]',
        '[empty]',
        'postgres://',
        'user:',
        '@host',
        '\uE000',
        '\uE001',
      ),
    );
    fc.assert(
      fc.property(
        fc.array(secret, { maxLength: 2 }),
        fc.array(fc.oneof(fragment, secret), { maxLength: 20 }),
        (secrets, parts) => {
          const redact = createRedactor({ secrets });
          const once = redact(parts.join(''));
          expect(redact(once)).toBe(once);
        },
      ),
      { seed: SEED + 3, numRuns: RUNS * 2 },
    );
  });
});

/**
 * Secrets nobody told the redactor about, written in commands and config in every supported shape:
 * the shape alone must hide them (PEM, `=>`, `: `, query parameters, password options, headers).
 */
const TOKEN_CHARS = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~+/!@%^*'];
const unknownSecret = fc
  .array(fc.constantFrom(...TOKEN_CHARS), { minLength: 8, maxLength: 40 })
  .map((chars) => chars.join(''))
  .filter((value) => /[A-Za-z0-9]{3}/.test(value));
const spacedSecret = fc
  .array(fc.oneof(unknownSecret, fc.stringMatching(/^[a-z]{3,8}$/)), { minLength: 2, maxLength: 4 })
  .map((words) => words.join(' '));
const pemBody = fc
  .array(fc.stringMatching(/^[A-Za-z0-9+/]{64}$/), { minLength: 1, maxLength: 4 })
  .map((lines) => lines.join('\n'));

const SHAPES: ((value: string) => string)[] = [
  (v) => `PGPASSWORD=${v} psql -h db -c 'select 1'`,
  (v) => `MYSQL_PWD=${v} mysql -h db`,
  (v) => `export SERVICE_API_KEY=${v}`,
  (v) => `curl -fsS "http://api.local/v1/health?apikey=${v}&verbose=1"`,
  (v) => `wget -qO- http://x/hook?user=ana&access_token=${v}`,
  (v) => `GET /download?X-Amz-Signature=${v}#frag`,
  (v) => `"password" => "${v}",`,
  (v) => `:secret => '${v}'`,
  (v) => `  password: ${v}\n  user: app`,
  (v) => `{"clientSecret": "${v}", "id": 3}`,
  (v) => `vault login --password ${v} -method=userpass`,
  (v) => `kubectl --token=${v} get pods`,
  (v) => `mysql -uroot -p${v} -e 'show databases'`,
  (v) => `redis-cli -h redis -a ${v} ping`,
  (v) => `curl -u admin:${v} http://127.0.0.1:8080/admin`,
  (v) => `curl -H "Authorization: Bearer ${v}" http://api/x`,
  (v) => `curl -H 'X-Api-Key: ${v}' http://api/x`,
  (v) => `sshpass -p ${v} ssh ops@host uptime`,
];
const QUOTED_SHAPES: ((value: string) => string)[] = [
  (v) => `"db_password" => "${v}"`,
  (v) => `DB_PASSWORD="${v}" ./migrate`,
  (v) => `redis-cli --pass "${v}" info`,
  (v) => `app --api-key '${v}' run`,
];

describe('redaction of secrets by their shape (fuzz)', () => {
  const redact = createRedactor({ secrets: [] });
  const context = fc.constantFrom('', 'echo start && ', '$ ', 'api-1  | ', '# note\n');

  it(`a generated secret in any supported shape never appears (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(
        context,
        fc.constantFrom(...SHAPES.keys()),
        unknownSecret,
        context,
        (before, shape, value, after) => {
          const text = `${before}${SHAPES[shape]!(value)}\n${after}`;
          fc.pre(!SHAPES[shape]!('').includes(value) && !before.includes(value) && !after.includes(value));
          const once = redact(text);
          expect(withoutMarkers(once)).not.toContain(value);
          expect(redact(once)).toBe(once);
        },
      ),
      { seed: SEED + 4, numRuns: RUNS },
    );
  });

  it(`a quoted secret with blanks in any quoted shape never appears, nor any word of it (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(fc.constantFrom(...QUOTED_SHAPES.keys()), spacedSecret, (shape, value) => {
        const template = QUOTED_SHAPES[shape]!('');
        const words = value.split(' ').filter((word) => word.length >= 6 && !template.includes(word));
        const out = withoutMarkers(redact(QUOTED_SHAPES[shape]!(value)));
        expect(out).not.toContain(value);
        for (const word of words) expect(out).not.toContain(word);
      }),
      { seed: SEED + 5, numRuns: RUNS },
    );
  });

  it(`a PEM block leaves no line of its body, whole, cut at either end, or after KEY= (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(
        pemBody,
        fc.constantFrom('PRIVATE KEY', 'RSA PRIVATE KEY', 'OPENSSH PRIVATE KEY', 'CERTIFICATE'),
        fc.constantFrom('whole', 'no-end', 'no-begin', 'escaped', 'env'),
        (body, label, form) => {
          const begin = `-----BEGIN ${label}-----`;
          const end = `-----END ${label}-----`;
          const text = {
            whole: `out:\n${begin}\n${body}\n${end}\nnext line`,
            'no-end': `out:\n${begin}\n${body}`,
            'no-begin': `${body}\n${end}\nnext line`,
            escaped: `PRIVATE_KEY="${begin}\\n${body.replaceAll('\n', '\\n')}\\n${end}"`,
            env: `PRIVATE_KEY=${begin}\n${body}\n${end}\nPORT=8080`,
          }[form];
          const out = redact(text);
          for (const line of body.split('\n')) expect(out).not.toContain(line.slice(0, 24));
        },
      ),
      { seed: SEED + 6, numRuns: RUNS },
    );
  });
});
