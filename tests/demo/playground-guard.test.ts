import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.ts';
import { systemClock } from '../../src/core/ports.ts';
import { type Playground, startPlayground } from '../../src/demo/start-playground.ts';

interface Sent {
  status: number;
  body: string;
}

/** A raw HTTP request (node:http, so Host and Origin are exactly what a browser or attacker sends). */
function send(url: string, options: { method?: string; headers?: Record<string, string>; body?: string }) {
  return new Promise<Sent>((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'POST', headers: options.headers ?? {} }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(options.body ?? '');
  });
}

describe('the playground page accepts only its own page', () => {
  let playground: Playground;
  let origin: string;
  /** What the bot and the page have seen: any command that ran leaves calls, responses or messages. */
  const activity = () =>
    playground.emulator.calls.filter((call) => call.method !== 'auth.test').length +
    playground.emulator.responses.length +
    playground.book.view('U0ANA').messages.length;

  beforeAll(async () => {
    playground = await startPlayground({
      port: 0,
      scenario: 'healthy',
      env: process.env,
      cwd: process.cwd(),
      clock: systemClock,
      healthStartPeriodMs: 0,
      logLevel: 'silent',
    });
    origin = new URL(playground.url).origin;
  }, 60_000);
  afterAll(async () => {
    await playground?.stop();
  });

  const command = JSON.stringify({ user: 'U0ANA', text: '/apidown diagnose' });

  it('refuses a cross-site form post (text/plain, foreign Origin, no token) and runs nothing', async () => {
    const before = activity();
    const sent = await send(`${origin}/ui/command`, {
      headers: { 'content-type': 'text/plain', origin: 'https://evil.example' },
      body: command,
    });
    expect(sent.status).toBeGreaterThanOrEqual(400);
    expect(sent.status).toBeLessThan(500);
    expect(activity()).toBe(before);
  });

  it.each([
    [
      'JSON from a foreign Origin, even with the token',
      { origin: 'https://evil.example', token: true, json: true },
    ],
    ['same-origin JSON without the token', { origin: 'self', token: false, json: true }],
    ['same-origin text/plain with the token', { origin: 'self', token: true, json: false }],
    ['a wrong token', { origin: 'self', token: 'wrong', json: true }],
  ] as const)('refuses %s', async (_name, input) => {
    const before = activity();
    const headers: Record<string, string> = {
      'content-type': input.json ? 'application/json' : 'text/plain',
      origin: input.origin === 'self' ? origin : input.origin,
    };
    if (input.token === true) headers['x-playground-token'] = playground.pageToken;
    else if (input.token) headers['x-playground-token'] = input.token;
    for (const path of ['/ui/command', '/ui/click', '/ui/submit', '/ui/close', '/ui/scenario']) {
      const sent = await send(`${origin}${path}`, { headers, body: command });
      expect(sent.status, path).toBeGreaterThanOrEqual(400);
      expect(sent.status, path).toBeLessThan(500);
    }
    expect(activity()).toBe(before);
  });

  it('refuses a page asked for under another host name (DNS rebinding): the token never leaves', async () => {
    const page = await send(`${origin}/`, { method: 'GET', headers: { host: 'evil.example' } });
    expect(page.status).toBe(421);
    expect(page.body).not.toContain(playground.pageToken);
  });

  it('serves the token in its own page, and a request like the page makes runs the command', async () => {
    const page = await send(`${origin}/`, { method: 'GET' });
    expect(page.status).toBe(200);
    expect(page.body).toContain(`content="${playground.pageToken}"`);
    const sent = await send(`${origin}/ui/command`, {
      headers: {
        'content-type': 'application/json',
        origin,
        'sec-fetch-site': 'same-origin',
        'x-playground-token': playground.pageToken,
      },
      body: JSON.stringify({ user: 'U0ANA', text: '/apidown help' }),
    });
    expect(sent.status).toBe(200);
  });
});

describe('the playground and real runbooks', () => {
  it('refuses RUNBOOKS_DIR without --real-host, with the reason and the flag, starting nothing', async () => {
    const started = startPlayground({
      port: 0,
      scenario: 'healthy',
      env: process.env,
      cwd: process.cwd(),
      clock: systemClock,
      runbooksDir: 'tests/fixtures/runbooks',
      logLevel: 'silent',
    });
    await expect(started).rejects.toBeInstanceOf(UserError);
    await expect(started).rejects.toThrow(/simulated host/);
    await expect(started).rejects.toMatchObject({ hint: expect.stringContaining('--real-host') });
  });
});
