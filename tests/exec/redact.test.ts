import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createOutputCapture } from '../../src/exec/process/capture-output.ts';
import { collectSecrets } from '../../src/exec/redact/collect-secrets.ts';
import { createEnvRedactor, createRedactor } from '../../src/exec/redact/create-redactor.ts';
import { parseEnvFile } from '../../src/exec/redact/parse-env-file.ts';

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

describe('secrets written in commands and config text (issue 12)', () => {
  const plain = createRedactor({ secrets: [] });
  it.each([
    [
      "PGPASSWORD=s3cr3t psql -h db -c 'select 1'",
      "PGPASSWORD=[set, 6 chars] psql -h db -c 'select 1'",
      's3cr3t',
    ],
    [
      'MYSQL_PWD=Zz9-pw mysql -h db -e "select 1"',
      'MYSQL_PWD=[set, 6 chars] mysql -h db -e "select 1"',
      'Zz9-pw',
    ],
    [
      'curl "http://x/api?apikey=abc123&format=json"',
      'curl "http://x/api?apikey=[redacted]&format=json"',
      'abc123',
    ],
    ['GET /cb?code=1&access_token=tk-998877#top', 'GET /cb?code=1&access_token=[redacted]#top', 'tk-998877'],
    [
      'https://s3/b?X-Amz-Signature=deadbeef42&sig=c2ln99',
      'https://s3/b?X-Amz-Signature=[redacted]&sig=[redacted]',
      'deadbeef42',
    ],
    ['redis-cli -a hunter2 ping', 'redis-cli -a [redacted] ping', 'hunter2'],
    ['redis-cli -h redis --pass "two words" info', 'redis-cli -h redis --pass [redacted] info', 'two words'],
    [
      'mysql -uroot -pSecret99 -e "show databases"',
      'mysql -uroot -p[redacted] -e "show databases"',
      'Secret99',
    ],
    [
      'curl -fsS -u admin:pa55word http://x/health',
      'curl -fsS -u admin:[redacted] http://x/health',
      'pa55word',
    ],
    ['curl --user "admin:pa55word" http://x', 'curl --user "admin:[redacted]" http://x', 'pa55word'],
    ['kubectl --token abc.def.123 get pods', 'kubectl --token [set, 11 chars] get pods', 'abc.def.123'],
    ['vault login --password=hunter22', 'vault login --password=[set, 8 chars]', 'hunter22'],
    ['sshpass -p letmein ssh host uptime', 'sshpass -p [redacted] ssh host uptime', 'letmein'],
    [
      'docker login -u bot -p dckr_pat_xyz registry',
      'docker login -u bot -p [redacted] registry',
      'dckr_pat_xyz',
    ],
    [
      'curl -H "Authorization: Bearer abc.def" -H \'X-Api-Key: k-42\' http://x/y',
      'curl -H "Authorization: [redacted]" -H \'X-Api-Key: [redacted]\' http://x/y',
      'abc.def',
    ],
    ['"password" => "s3cret-ruby",', '"password" => [set, 11 chars],', 's3cret-ruby'],
    ["'db_password' => 'php-pass'", "'db_password' => [set, 8 chars]", 'php-pass'],
    ['password: yaml-pass\nuser: app', 'password: [set, 9 chars]\nuser: app', 'yaml-pass'],
    ['{"clientSecret":"json-secret"}', '{"clientSecret":[set, 11 chars]}', 'json-secret'],
    ['apikey: lower-glued-1', 'apikey: [set, 13 chars]', 'lower-glued-1'],
    ['SENTRY_AUTH_TOKEN := go-style-99', 'SENTRY_AUTH_TOKEN := [set, 11 chars]', 'go-style-99'],
    ['deploy key ghp_0123456789abcdefghijABCDEFGHIJ012345 ok', 'deploy key [redacted] ok', 'ghp_0123456789'],
    ['aws AKIAIOSFODNN7EXAMPLE', 'aws [redacted]', 'AKIAIOSFODNN7EXAMPLE'],
  ])('%s', (input, output, secret) => {
    const redacted = plain(input);
    expect(redacted).toBe(output);
    expect(redacted).not.toContain(secret);
    expect(plain(redacted)).toBe(redacted);
  });

  const BODY = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7';
  it.each([
    [
      'multi-line after KEY=',
      `PRIVATE_KEY=-----BEGIN RSA PRIVATE KEY-----\n${BODY}\n${BODY}\n-----END RSA PRIVATE KEY-----\nPORT=80`,
      'PRIVATE_KEY=[redacted RSA PRIVATE KEY]\nPORT=80',
    ],
    [
      'one line with \\n escapes, quoted',
      `KEY="-----BEGIN PRIVATE KEY-----\\n${BODY}\\n-----END PRIVATE KEY-----"`,
      'KEY="[redacted PRIVATE KEY]"',
    ],
    [
      'anywhere in output',
      `cert:\n-----BEGIN EC PRIVATE KEY-----\n${BODY}\n-----END EC PRIVATE KEY-----\ndone`,
      'cert:\n[redacted EC PRIVATE KEY]\ndone',
    ],
    [
      'cut before its END (head of capped output)',
      `x\n-----BEGIN OPENSSH PRIVATE KEY-----\n${BODY}\n${BODY.slice(0, 20)}`,
      'x\n[redacted OPENSSH PRIVATE KEY]',
    ],
    [
      'cut before its BEGIN (tail of capped output)',
      `${BODY}\n${BODY}\n-----END PRIVATE KEY-----\nok`,
      '[redacted PRIVATE KEY]\nok',
    ],
  ])('PEM block: %s', (_name, input, output) => {
    expect(plain(input)).toBe(output);
    expect(plain(input)).not.toContain(BODY.slice(0, 16));
  });

  it.each([
    'psql --password-file /run/secrets/pg -c "select 1"',
    'pg_dump --password-file=/run/secrets/pg db',
    'POSTGRES_PASSWORD_FILE=/run/secrets/db docker compose up -d',
    'name: api\nimage: nginx:1.27\nreplicas: 3',
    'docker compose ps && curl -fsS http://localhost:8080/api/v1/health',
    'kubectl -n payments get pods -l app=api -o wide | grep -v Running',
    'journalctl -u api --since "10 min ago" | tail -50',
    'redis-cli -h redis ping',
    'mysqladmin -p status',
    'curl -s "http://x/search?q=monkey&page=2"',
    'docker run -u 1000:1000 alpine id',
    'vault token lookup --token-ttl 60',
    'echo $PWD && cd /opt/app',
    'psql --no-password -h db -c "select 1"',
  ])('stays readable: %s', (input) => {
    expect(plain(input)).toBe(input);
  });
});

describe('secrets reloaded when a .env file changes', () => {
  it('redacts a rotated value from the next refresh on, and keeps redacting the old one', async () => {
    const workdir = mkdtempSync(join(tmpdir(), 'rb-rotate-'));
    writeFileSync(join(workdir, '.env'), 'DB_PASSWORD=first-value-1111\n');
    const redactor = await createEnvRedactor({ env: {}, dirs: [workdir, null] });
    expect(redactor('got first-value-1111')).toBe('got [redacted]');
    expect(await redactor.refresh()).toBe(false);

    writeFileSync(join(workdir, '.env'), 'DB_PASSWORD=second-value-22222\n');
    expect(redactor('got second-value-22222')).toBe('got second-value-22222');
    expect(await redactor.refresh()).toBe(true);
    expect(redactor('got second-value-22222 then first-value-1111')).toBe('got [redacted] then [redacted]');

    writeFileSync(join(workdir, '.env.local'), 'API_TOKEN=third-value-333\n');
    expect(await redactor.refresh()).toBe(true);
    expect(redactor.secrets).toEqual(expect.arrayContaining(['third-value-333', 'second-value-22222']));
  });

  it('learns every line of a multi-line quoted value (a PEM key in .env)', () => {
    const vars = parseEnvFile(
      'A=1\nPRIVATE_KEY="-----BEGIN KEY-----\nAAAAB3NzaC1yc2EAAAADAQAB\n-----END KEY-----"\nB=2\n',
    );
    expect(vars).toEqual({
      A: '1',
      PRIVATE_KEY: '-----BEGIN KEY-----\nAAAAB3NzaC1yc2EAAAADAQAB\n-----END KEY-----',
      B: '2',
    });
  });

  it('knows a multi-line secret line by line', async () => {
    const workdir = mkdtempSync(join(tmpdir(), 'rb-pem-'));
    writeFileSync(join(workdir, '.env'), 'SSH_KEY="line-one-aaaaaaaaaaaa\nline-two-bbbbbbbbbbbb"\n');
    const secrets = await collectSecrets({ env: {}, workdir });
    expect(secrets).toEqual(expect.arrayContaining(['line-one-aaaaaaaaaaaa', 'line-two-bbbbbbbbbbbb']));
  });

  it('knows PGPASSWORD, MYSQL_PWD and apikey as secret names, not PWD', async () => {
    const secrets = await collectSecrets({
      env: { PGPASSWORD: 'pg-secret', MYSQL_PWD: 'my-secret', apikey: 'k-secret', PWD: '/home/ana' },
    });
    expect(secrets.sort()).toEqual(['k-secret', 'my-secret', 'pg-secret']);
  });
});

describe('commands inside a Slack code span', () => {
  it('keeps the closing backtick: only the secret goes', () => {
    const plain = createRedactor({ secrets: [] });
    expect(plain('`mysql -pS3cret db` and `PGPASSWORD=pw123 psql` and `cli --token tk-1`')).toBe(
      '`mysql -p[redacted] db` and `PGPASSWORD=[set, 5 chars] psql` and `cli --token [set, 4 chars]`',
    );
    expect(plain('`redis-cli -a hunter2`')).toBe('`redis-cli -a [redacted]`');
  });
});
