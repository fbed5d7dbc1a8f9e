import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBot } from '../../src/cli/serve/start-bot.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { systemClock } from '../../src/core/ports.ts';
import { runInProcess } from '../cli/run-cli-harness.ts';
import { approvalIdIn } from '../faults/support/fault-bot.ts';
import { readStore } from '../faults/support/store-reader.ts';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack.ts';
import { postInteraction, postSlashCommand } from '../support/signed-request.ts';
import { blockAction, slashCommand } from '../support/slack-payloads.ts';

/**
 * A secret written in a runbook's commands (a query apikey, a bearer header, PGPASSWORD=…) and one
 * in the workdir's .env that is rotated between two runs: after a diagnose, a rotated diagnose, a
 * change requested and approved in Slack, and `runbook-bot run` in a terminal, none of them is in
 * any Slack call, uploaded file, log line, database row or terminal output — while the commands
 * that ran carried the real values (the local API saw them).
 */
const SIGNING_SECRET = 'redaction-e2e-signing-secret-0123456789';
const BOT_TOKEN = 'xoxb-redaction-e2e-1234567890-abcdef';
const CHANNEL = 'C0REDACT1';
const REQUESTER = 'U0REQUEST';
const APPROVER = 'U0APPROVE';

const API_KEY = 'ak-Q7w9Zr2Lp4Xn8Vb';
const RESTART_TOKEN = 'rt-H3k8Mz1Qw6Ty0Uc';
const PG_SECRET = 'pg-F5d2Ns9Kj4Rb7Ye';
const DB_FIRST = 'db-first-A1s2D3f4G5';
const DB_ROTATED = 'db-rotated-Z9x8C7v6B5';

describe('e2e: secrets written in commands never leave the process (issue 12)', () => {
  let root: string;
  let host: string;
  let fake: FakeSlack;
  let api: Server;
  let bot: Awaited<ReturnType<typeof startBot>>;
  let eventsUrl: string;
  const logs: string[] = [];
  /** What the local API received: the real values, proof that the commands ran unredacted. */
  const received: string[] = [];
  let env: Record<string, string>;

  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'runbook-bot-redaction-'));
    host = path.join(root, 'host');
    const runbooksDir = path.join(root, 'runbooks');
    mkdirSync(host);
    mkdirSync(runbooksDir);
    writeFileSync(path.join(host, '.env'), `DB_PASSWORD=${DB_FIRST}\n`);

    api = createServer((request, response) => {
      received.push(`${request.method} ${request.url} ${request.headers.authorization ?? ''}`);
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const dbPassword = /DB_PASSWORD=(.*)/.exec(readFileSync(path.join(host, '.env'), 'utf8'))?.[1];
      if (url.pathname === '/health' && url.searchParams.get('apikey') === API_KEY) {
        // A service that leaks its configuration in a health answer: only the .env value can hide it.
        response.end(`healthy, connected with ${dbPassword}\n`);
      } else if (url.pathname === '/queue') {
        // The incident: a check that fails, so the approval is not "recovered already".
        response.statusCode = 503;
        response.end('queue stuck\n');
      } else if (url.pathname === '/restart' && request.headers.authorization === `Bearer ${RESTART_TOKEN}`) {
        response.end('restarted\n');
      } else {
        response.statusCode = 401;
        response.end('unauthorised\n');
      }
    });
    await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
    const port = (api.address() as AddressInfo).port;

    writeFileSync(
      path.join(runbooksDir, 'leaky.md'),
      [
        '# Leaky API',
        '',
        '## Diagnose',
        '',
        '```bash',
        '# Health check',
        `curl -fsS "http://127.0.0.1:${port}/health?apikey=${API_KEY}"`,
        '```',
        '**Expected**: `healthy`',
        '',
        '```bash',
        '# Queue depth',
        `curl -fsS http://127.0.0.1:${port}/queue`,
        '```',
        '**Expected**: `queue ok`',
        '',
        '```bash',
        '# Database probe',
        `PGPASSWORD=${PG_SECRET} echo "database probe done"`,
        '```',
        '',
        '## Restart',
        '',
        '```bash',
        '# Restart the API',
        `curl -fsS -X POST -H "Authorization: Bearer ${RESTART_TOKEN}" http://127.0.0.1:${port}/restart`,
        '```',
        '',
      ].join('\n'),
    );
    writeFileSync(
      path.join(runbooksDir, 'leaky.yml'),
      [
        'command: /leaky',
        'locale: en',
        `workdir: ${host}`,
        'subcommands:',
        '  diagnose: diagnose',
        '  restart: restart',
        'steps:',
        '  health-check: { risk: read }',
        '  database-probe: { risk: read }',
        '  queue-depth: { risk: read }',
        'approvers:',
        `  users: [${APPROVER}]`,
        '  allowSelfApproval: false',
        '',
      ].join('\n'),
    );

    fake = await startFakeSlack({ token: BOT_TOKEN });
    env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? root,
      LANG: 'C.UTF-8',
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_APP_TOKEN: '',
      SLACK_API_URL: fake.url,
      PORT: '0',
      HOST: '127.0.0.1',
      RUNBOOKS_DIR: runbooksDir,
      DATA_DIR: path.join(root, 'data'),
      LOG_LEVEL: 'debug',
      TZ: 'America/Sao_Paulo',
    };
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logs.push(chunk.toString('utf8'));
        done();
      },
    });
    bot = await startBot({
      config: loadConfig(env, root),
      env,
      clock: systemClock,
      destination,
      tickMs: 300,
    });
    eventsUrl = `http://127.0.0.1:${bot.port}/slack/events`;
  });

  afterAll(async () => {
    await bot?.close();
    await fake?.stop();
    await new Promise((resolve) => api?.close(resolve));
    if (root) rmSync(root, { recursive: true, force: true });
  });

  let triggers = 0;
  const slash = (text: string, user = REQUESTER) =>
    postSlashCommand(
      eventsUrl,
      SIGNING_SECRET,
      slashCommand({
        text,
        command: '/leaky',
        user_id: user,
        channel_id: CHANNEL,
        response_url: fake.responseUrl(),
        trigger_id: `redaction-${++triggers}`,
      }),
    );
  const threadReplies = () => {
    const card = fake.channelMessages(CHANNEL)[0];
    return card ? fake.threadReplies(CHANNEL, card.ts) : [];
  };
  const slackText = () =>
    JSON.stringify(fake.calls.map(({ args: { token: _credential, ...content } }) => content));

  it('finds none in Slack calls, files, logs, database rows or terminal output', async () => {
    await slash('diagnose');
    await fake.waitFor(() => slackText().includes('database probe done') || undefined, 30_000);
    const afterFirst = threadReplies().length;
    expect(received.some((line) => line.includes(`apikey=${API_KEY}`))).toBe(true);

    // Rotate the .env secret: the next run's output carries the new value.
    writeFileSync(path.join(host, '.env'), `DB_PASSWORD=${DB_ROTATED}\n`);
    await slash('diagnose');
    await fake.waitFor(() => threadReplies().length > afterFirst || undefined, 30_000);

    await slash('restart');
    const card = await fake.waitFor(() => approvalIdIn(fake, CHANNEL), 30_000);
    await postInteraction(
      eventsUrl,
      SIGNING_SECRET,
      blockAction({
        action_id: 'approve',
        value: card.id,
        user: APPROVER,
        channel: CHANNEL,
        message_ts: card.ts,
        thread_ts: fake.channelMessages(CHANNEL)[0]?.ts ?? '',
      }),
    );
    const storeFile = path.join(root, 'data', 'runbook-bot.sqlite');
    await fake.waitFor(() => {
      const state = readStore(storeFile).approval(card.id)?.state;
      return state === 'succeeded' || state === 'failed' || undefined;
    }, 40_000);
    // The command that ran was the runbook's own, with the real token.
    expect(received).toContain(`POST /restart Bearer ${RESTART_TOKEN}`);

    // The terminal: a read section, then a confirmed change (recorded in the same DATA_DIR).
    const cliEnv = { ...env, LOG_LEVEL: 'silent' };
    const read = await runInProcess(['run', 'leaky', 'diagnose'], { env: cliEnv });
    const json = await runInProcess(['run', 'leaky', 'diagnose', '--json'], { env: cliEnv });
    const change = await runInProcess(['run', 'leaky', 'restart', '--yes'], { env: cliEnv });
    expect(read.stdout).toContain('database probe done');
    expect(change.stdout).toContain('Restart');
    await new Promise((resolve) => setTimeout(resolve, 500));

    const haystacks: Record<string, string> = {
      'Slack call bodies': slackText(),
      'response_url posts': JSON.stringify(fake.responses),
      'uploaded files': fake.files.map((file) => file.content.toString('utf8')).join('\n'),
      'log lines': logs.join(''),
      'database rows': readStore(storeFile).dump(),
      'terminal output': [read, json, change].map((run) => run.stdout + run.stderr).join('\n'),
    };
    // Real material: the commands and the leaked .env value were shown, redacted.
    expect(haystacks['Slack call bodies']).toContain('apikey=[redacted]');
    expect(haystacks['Slack call bodies']).toContain('Authorization: [redacted]');
    expect(haystacks['Slack call bodies']).toMatch(/PGPASSWORD=\[set, \d+ chars\]/);
    expect(haystacks['Slack call bodies']).toContain('connected with [redacted]');
    expect(haystacks['database rows']).toContain('section_run');
    expect(haystacks['database rows']).toContain('approval_requested');
    expect(haystacks['terminal output']).toContain('apikey=[redacted]');
    expect(logs.length).toBeGreaterThan(5);

    const secrets = [API_KEY, RESTART_TOKEN, PG_SECRET, DB_FIRST, DB_ROTATED, BOT_TOKEN, SIGNING_SECRET];
    const leaks = Object.entries(haystacks).flatMap(([where, text]) =>
      secrets.filter((secret) => text.includes(secret)).map((secret) => `${where}: ${secret}`),
    );
    expect(leaks).toEqual([]);
  }, 120_000);
});
