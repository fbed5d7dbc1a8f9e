import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createOutputCapture } from '../../src/exec/capture-output.ts';
import { collectSecrets } from '../../src/exec/collect-secrets.ts';
import { createRedactor } from '../../src/exec/create-redactor.ts';
import { parseEnvFile } from '../../src/exec/parse-env-file.ts';

const JWT_SECRET = 'f3a9c1e7b2d84f6a9e0c5b7d1a3f8e2c4b6d9a0e1f2c3b4a5d6e7f8091a2b3c4';
const JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkFuYSJ9.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
const DB_PASSWORD = 'S3nh@Forte!2024';
const REDIS_PASSWORD = 'r3d1s-p4ss';
const SLACK_BOT = 'xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx';
const SLACK_APP = 'xapp-1-A0123456789-1234567890123-0123456789abcdef0123456789abcdef';

const redact = createRedactor({ secrets: [JWT_SECRET, DB_PASSWORD, REDIS_PASSWORD, SLACK_BOT, 'abc'] });

const table: { name: string; input: string; output: string; absent?: string[] }[] = [
  {
    name: '`env | grep JWT` shows that the secret is set and how long it is',
    input: `JWT_SECRET=${JWT_SECRET}\nJWT_EXPIRES_IN=7d\n`,
    output: 'JWT_SECRET=[set, 64 chars]\nJWT_EXPIRES_IN=7d\n',
  },
  {
    name: 'quoted values and KEY: value',
    input: `DATABASE_URL="postgresql://atende:${DB_PASSWORD}@db:5432/atende"\napi_key: 'k-1234567890'\n`,
    output: 'DATABASE_URL=[set, 50 chars]\napi_key: [set, 12 chars]\n',
  },
  {
    name: 'an empty secret says so',
    input: 'JWT_SECRET=\nREDIS_PASSWORD=""\n',
    output: 'JWT_SECRET=\nREDIS_PASSWORD=[empty]\n',
  },
  {
    name: 'URL credentials keep the user',
    input: 'connecting to postgres://atende:hunter22@db:5432/atende',
    output: 'connecting to postgres://atende:[redacted]@db:5432/atende',
  },
  {
    name: 'URL credentials without a user',
    input: 'REDIS at redis://:another-pass@redis:6379/0 refused',
    output: 'REDIS at redis://:[redacted]@redis:6379/0 refused',
  },
  {
    name: 'a known value anywhere',
    input: `echo ${REDIS_PASSWORD} | redis-cli -a ${REDIS_PASSWORD}`,
    output: 'echo [redacted] | redis-cli -a [redacted]',
  },
  {
    name: 'a known value containing regex characters',
    input: `password was ${DB_PASSWORD}.`,
    output: 'password was [redacted].',
  },
  { name: 'JWTs', input: `token=${JWT} ok`, output: `token=[set, ${JWT.length} chars] ok`, absent: [JWT] },
  { name: 'bare JWTs', input: `got ${JWT} from cookie`, output: 'got [redacted] from cookie' },
  {
    name: 'bearer tokens and Authorization headers',
    input: '> Authorization: Basic dXNlcjpwYXNzd29yZA==\ncurl -H "x" Bearer abcdefghijklmnop123\n',
    output: '> Authorization: [redacted]\ncurl -H "x" Bearer [redacted]\n',
  },
  {
    name: 'Slack tokens, known or not',
    input: `bot ${SLACK_BOT} app ${SLACK_APP} user xoxp-1111-2222-3333-abcdef`,
    output: 'bot [redacted] app [redacted] user [redacted]',
  },
  {
    name: 'error names are not keys',
    input: 'JsonWebTokenError: invalid signature\nTokenExpiredError: jwt expired',
    output: 'JsonWebTokenError: invalid signature\nTokenExpiredError: jwt expired',
  },
  {
    name: 'secrets shorter than 4 characters are ignored',
    input: 'abc is a common word',
    output: 'abc is a common word',
  },
  {
    name: 'ordinary output is untouched',
    input: 'api-1  | GET /api/v1/health 200 2 ms\nNAME   STATUS\napi    Up 2 hours (healthy)\n',
    output: 'api-1  | GET /api/v1/health 200 2 ms\nNAME   STATUS\napi    Up 2 hours (healthy)\n',
  },
];

describe('redact output', () => {
  it.each(table)('$name', (row) => {
    const redacted = redact(row.input);
    expect(redacted).toBe(row.output);
    for (const secret of [
      JWT_SECRET,
      DB_PASSWORD,
      REDIS_PASSWORD,
      SLACK_BOT,
      SLACK_APP,
      ...(row.absent ?? []),
    ]) {
      expect(redacted).not.toContain(secret);
    }
  });

  it('is idempotent', () => {
    const once = redact(
      `JWT_SECRET=${JWT_SECRET}\npostgres://u:${DB_PASSWORD}@db/x\nBearer abcdefghijkl1234`,
    );
    expect(redact(once)).toBe(once);
  });

  it('never leaves part of a secret at the head/tail cut', () => {
    const secret = 'Zq8vN2mK5pL9xR4tW7yB1cF6hJ3sD0gA';
    const redactor = createRedactor({ secrets: [secret] });
    for (let offset = 0; offset < 80; offset += 3) {
      // one long line: no newline or space to cut at
      const text = `${'x'.repeat(1000 + offset)}${secret}${'y'.repeat(3000)}${secret}${'z'.repeat(1000 - offset)}`;
      const capture = createOutputCapture({ headBytes: 1024, tailBytes: 1024 });
      for (let i = 0; i < text.length; i += 100) capture.push(text.slice(i, i + 100));
      const result = capture.finish(redactor);
      expect(result.truncated).toBe(true);
      for (let length = 3; length <= secret.length; length++) {
        expect(result.output).not.toContain(secret.slice(0, length));
        expect(result.output).not.toContain(secret.slice(secret.length - length));
      }
      expect(result.droppedBytes).toBeGreaterThan(3000);
    }
  });

  it('cuts a long output on line boundaries so patterns stay whole', () => {
    const line = `api-1 | token=${JWT}\n`;
    const text = line.repeat(200);
    const capture = createOutputCapture({ headBytes: 2000, tailBytes: 2000 });
    capture.push(text);
    const result = capture.finish(createRedactor({ secrets: [] }));
    expect(result.output).not.toMatch(/eyJ/);
    expect(
      result.output
        .split('\n')
        .filter((l) => l.startsWith('api-1'))
        .every((l) => l === `api-1 | token=[set, ${JWT.length} chars]`),
    ).toBe(true);
    expect(result.totalBytes).toBe(text.length);
  });
});

describe('redaction regressions (found by tests/fuzz/redaction.fuzz.test.ts)', () => {
  it('a known secret with blanks or punctuation is redacted whole after KEY=', () => {
    const redactor = createRedactor({ secrets: ['correct horse battery staple', 'p4ss,w0rd;xyz'] });
    expect(redactor('DB_PASSWORD=correct horse battery staple\nREDIS_PASSWORD=p4ss,w0rd;xyz')).toBe(
      'DB_PASSWORD=[set, 28 chars]\nREDIS_PASSWORD=[set, 13 chars]',
    );
  });

  it('auth headers with several blanks after the colon stay the same when redacted again', () => {
    const redactor = createRedactor({ secrets: [] });
    const once = redactor('Set-Cookie:  sid=abc\nCookie:\t\tx=1');
    expect(once).toBe('Set-Cookie:  [redacted]\nCookie:\t\t[redacted]');
    expect(redactor(once)).toBe(once);
  });
});

describe('collect secrets', () => {
  it('learns secret-looking values from the environment and every .env* file of the workdir', async () => {
    const workdir = mkdtempSync(join(tmpdir(), 'rb-secrets-'));
    writeFileSync(
      join(workdir, '.env.production'),
      [
        '# production',
        'NODE_ENV=production',
        'PORT=8080',
        `JWT_SECRET=${JWT_SECRET}`,
        `export DATABASE_URL="postgresql://atende:${encodeURIComponent(DB_PASSWORD)}@db:5432/atende"`,
        `REDIS_URL='redis://:${REDIS_PASSWORD}@redis:6379'`,
        'STRIPE_API_KEY=sk_live_123456789 # inline comment',
        'SHORT_TOKEN=abc',
        'FEATURE_FLAG_KEY=true',
      ].join('\n'),
    );
    writeFileSync(join(workdir, '.env'), 'SESSION_SECRET=session-secret-value\n');
    writeFileSync(join(workdir, 'env.txt'), 'OTHER_SECRET=not-read-from-here\n');
    const secrets = await collectSecrets({
      workdir,
      env: {
        SLACK_BOT_TOKEN: SLACK_BOT,
        SLACK_SIGNING_SECRET: '8f742231b10e8888abcd99yyyzzz85a5',
        SLACK_CHANNEL_NAME: 'incidents',
        HOME: '/root',
        PATH: '/usr/bin',
        GITHUB_TOKEN: 'ghp_abcdefghijklmnop',
      },
    });
    expect(secrets).toEqual(
      expect.arrayContaining([
        SLACK_BOT,
        '8f742231b10e8888abcd99yyyzzz85a5',
        'incidents',
        'ghp_abcdefghijklmnop',
        JWT_SECRET,
        DB_PASSWORD,
        encodeURIComponent(DB_PASSWORD),
        REDIS_PASSWORD,
        'sk_live_123456789',
        'session-secret-value',
      ]),
    );
    expect(secrets).not.toContain('production');
    expect(secrets).not.toContain('8080');
    expect(secrets).not.toContain('abc');
    expect(secrets).not.toContain('true');
    expect(secrets).not.toContain('/root');
    expect(secrets).not.toContain('not-read-from-here');
  });

  it('still works when the workdir does not exist', async () => {
    const secrets = await collectSecrets({ env: { API_TOKEN: 'tok-123456' }, workdir: '/nope/nowhere' });
    expect(secrets).toEqual(['tok-123456']);
  });

  it('parses dotenv lines', () => {
    expect(
      parseEnvFile('export A=1\nB = "two words"\nC=\'x#y\'\nD=plain # comment\n# E=no\nF="line\\nbreak"\n'),
    ).toEqual({ A: '1', B: 'two words', C: 'x#y', D: 'plain', F: 'line\nbreak' });
  });
});

describe('secret-looking keys', () => {
  const plain = createRedactor({ secrets: [] });
  it.each([
    ['API_KEY_ID=123456', 'API_KEY_ID=[set, 6 chars]'],
    ['db.password: hunter22', 'db.password: [set, 8 chars]'],
    ['{"apiKey": "abcd1234"}', '{"apiKey": [set, 8 chars]}'],
    ['accessToken=tok_987654', 'accessToken=[set, 10 chars]'],
    ['SLACK_BOT_TOKEN=whatever-1', 'SLACK_BOT_TOKEN=[set, 10 chars]'],
    ['Tests PASSED: 12', 'Tests PASSED: 12'],
    ['keyboard=us compass: north', 'keyboard=us compass: north'],
    ['PASSENGER_APP_ENV=production', 'PASSENGER_APP_ENV=production'],
  ])('%s', (input, output) => {
    expect(plain(input)).toBe(output);
  });
});
