import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, incidentLogger, requestLogger } from '../../src/observability/logger.ts';

const botToken = 'xoxb-1111-2222-abcdefabcdef';
const signingSecret = '8f14e45fceea167a5a36dedd4bea2543';
const dbPassword = 'hunter2-db-password';

function capture() {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const text = () => chunks.join('');
  const lines = () =>
    text()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { stream, text, lines };
}

/** Stand-in for the exec layer's redactor: hides the known secret values and xoxb tokens. */
const redactText = (text: string): string =>
  text.replaceAll(dbPassword, '[redacted]').replace(/xox[abp]-[\w-]+/g, '[redacted slack token]');

describe('createLogger', () => {
  it('writes JSON lines with the token and secret fields redacted', () => {
    const out = capture();
    const logger = createLogger({ level: 'info', pretty: false, destination: out.stream });
    logger.info({ config: { botToken, signingSecret, port: 3000 }, token: botToken }, 'bot starting');
    logger.info(
      { req: { headers: { authorization: `Bearer ${botToken}` } }, headers: { authorization: 'x' } },
      'hi',
    );

    expect(out.text()).not.toContain(botToken);
    expect(out.text()).not.toContain(signingSecret);
    const [first, second] = out.lines();
    expect(first).toMatchObject({ level: 30, msg: 'bot starting', name: 'runbook-bot' });
    expect(first?.config).toEqual({ botToken: '[redacted]', signingSecret: '[redacted]', port: 3000 });
    expect(second?.headers).toEqual({ authorization: '[redacted]' });
    expect(typeof first?.time).toBe('string');
  });

  it('runs the text redactor over messages, format arguments, string fields, string fields and errors', () => {
    const out = capture();
    const logger = createLogger({ level: 'debug', pretty: false, destination: out.stream, redactText });
    logger.info(`step output: connecting with ${dbPassword}`);
    logger.warn(
      { output: `DATABASE_URL=postgres://app:${dbPassword}@db/app` },
      'step %s printed %s',
      'deps',
      dbPassword,
    );
    logger.error(new Error(`auth failed for ${botToken}`));
    logger.error({ err: new Error(`boom ${dbPassword}`) }, 'step crashed');

    const text = out.text();
    expect(text).not.toContain(dbPassword);
    expect(text).not.toContain(botToken);
    const [message, fields, bareError, nestedError] = out.lines();
    expect(message?.msg).toBe('step output: connecting with [redacted]');
    expect(fields?.msg).toBe('step deps printed [redacted]');
    expect(fields?.output).toBe('DATABASE_URL=postgres://app:[redacted]@db/app');
    expect(bareError?.msg).toBe('auth failed for [redacted slack token]');
    expect(bareError?.err).toMatchObject({
      type: 'Error',
      message: 'auth failed for [redacted slack token]',
    });
    expect(nestedError?.err).toMatchObject({ type: 'Error', message: 'boom [redacted]' });
    expect(String((nestedError?.err as { stack?: string } | undefined)?.stack)).toContain('boom [redacted]');
  });

  it('tags lines with incidentId and requestId through child loggers', () => {
    const out = capture();
    const root = createLogger({ level: 'info', pretty: false, destination: out.stream });
    requestLogger(incidentLogger(root, 7), 'r-42').info('diagnose started');
    expect(out.lines()[0]).toMatchObject({ incidentId: 7, requestId: 'r-42', msg: 'diagnose started' });
  });

  it('respects the level and can be silent', () => {
    const out = capture();
    createLogger({ level: 'warn', pretty: false, destination: out.stream }).info('hidden');
    createLogger({ level: 'silent', pretty: false, destination: out.stream }).error('hidden');
    expect(out.text()).toBe('');
  });

  it('prints human-readable lines in pretty mode, still redacted', () => {
    const out = capture();
    const logger = createLogger({
      level: 'info',
      pretty: true,
      colorize: false,
      destination: out.stream,
      redactText,
    });
    logger.info({ token: botToken, incidentId: 3 }, `restart approved, password ${dbPassword}`);
    const text = out.text();
    expect(text).toMatch(/INFO.*restart approved, password \[redacted\]/);
    expect(text).toContain('incidentId: 3');
    expect(text).not.toContain(botToken);
    expect(text).not.toContain(dbPassword);
    expect(() => JSON.parse(text.trim())).toThrow();
  });
});
