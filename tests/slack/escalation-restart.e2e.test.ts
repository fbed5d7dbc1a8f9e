import { type ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { freePort } from '../../sandbox/free-port.ts';
import { type Sandbox, startSandbox } from '../../sandbox/host.ts';
import { BOT_TOKEN, CHANNEL, SIGNING_SECRET } from '../support/bot-harness.ts';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack.ts';
import type { FakeMessage } from '../support/fake-slack-types.ts';
import { postSlashCommand } from '../support/signed-request.ts';
import { slashCommand } from '../support/slack-payloads.ts';

/** The binding's override: the DevOps Lead is due this long after the incident opens. */
const DUE_AFTER_MS = 8000;
const BIN = path.resolve('bin/runbook-bot.js');

const textOf = (message: { text: string; blocks: unknown[] }) =>
  `${message.text}\n${JSON.stringify(message.blocks)}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('escalation across a SIGKILL of the real bot process', () => {
  let fake: FakeSlack;
  let sandbox: Sandbox;
  let root: string;
  let env: NodeJS.ProcessEnv;
  let port: number;
  const children: ChildProcess[] = [];

  /** `runbook-bot serve` as a child process; resolves once /healthz answers (start tick included soon after). */
  async function startServe(): Promise<ChildProcess> {
    const child = spawn(process.execPath, [BIN, 'serve'], {
      cwd: root,
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    children.push(child);
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`serve exited ${child.exitCode}: ${stderr}`);
      const ok = await fetch(`http://127.0.0.1:${port}/healthz`)
        .then((response) => response.status === 200)
        .catch(() => false);
      if (ok) return child;
      await sleep(100);
    }
    throw new Error(`serve did not become ready: ${stderr}`);
  }

  async function stop(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  }

  const pings = (): FakeMessage[] =>
    fake.messages.filter((m) => m.channel === CHANNEL && m.thread_ts && m.reply_broadcast);

  beforeAll(async () => {
    sandbox = await startSandbox({ scenario: 'redis-down', healthStartPeriodMs: 0 });
    fake = await startFakeSlack({ token: BOT_TOKEN });
    root = mkdtempSync(path.join(tmpdir(), 'runbook-bot-restart-'));
    const runbooksDir = path.join(root, 'runbooks');
    mkdirSync(runbooksDir);
    copyFileSync('runbooks/api-down.md', path.join(runbooksDir, 'api-down.md'));
    const binding = parse(readFileSync('runbooks/api-down.yml', 'utf8')) as Record<string, unknown>;
    writeFileSync(
      path.join(runbooksDir, 'api-down.yml'),
      stringify({
        ...binding,
        workdir: sandbox.dir,
        escalation: [{ notify: ['DevOps Lead'], after: `${DUE_AFTER_MS / 1000}s` }],
      }),
    );
    port = await freePort();
    env = {
      ...process.env,
      ...sandbox.env,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_APP_TOKEN: '',
      SLACK_API_URL: fake.url,
      PORT: String(port),
      HOST: '127.0.0.1',
      RUNBOOKS_DIR: runbooksDir,
      DATA_DIR: path.join(root, 'data'),
      LOG_LEVEL: 'silent',
      TZ: 'America/Sao_Paulo',
      RUNBOOK_PASS_ENV: 'SANDBOX_STATE',
    };
  }, 30_000);

  afterAll(async () => {
    for (const child of children) await stop(child, 'SIGKILL');
    await fake?.stop();
    await sandbox?.stop();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('a ping due while the bot was killed is sent once when it starts again, and never again', async () => {
    const first = await startServe();
    const ack = await postSlashCommand(
      `http://127.0.0.1:${port}/slack/events`,
      SIGNING_SECRET,
      slashCommand({ text: 'diagnose', channel_id: CHANNEL, response_url: fake.responseUrl() }),
    );
    expect(ack.status).toBe(200);
    const openedAt = Date.now();
    const card = await fake.waitFor(() => fake.channelMessages(CHANNEL)[0], 10_000);
    await fake.waitFor(() => fake.threadReplies(CHANNEL, card.ts)[0], 10_000);
    // The card announced the escalation before anything was due.
    expect(textOf(card)).toContain('DevOps Lead');

    await stop(first, 'SIGKILL');
    expect(Date.now() - openedAt).toBeLessThan(DUE_AFTER_MS);
    expect(pings()).toHaveLength(0);

    // Down while the escalation falls due.
    await sleep(Math.max(0, openedAt + DUE_AFTER_MS + 1000 - Date.now()));
    expect(pings()).toHaveLength(0);

    const second = await startServe();
    const ping = await fake.waitFor(() => pings()[0], 10_000);
    expect(ping.thread_ts).toBe(card.ts);
    expect(textOf(ping)).toContain('<!subteam^S01DEVOPS0>');
    expect(textOf(ping)).toContain('DevOps Lead');
    expect(textOf(ping)).toContain('⏰ 8,0 s sem resolução');
    await sleep(1500);
    expect(pings()).toHaveLength(1);

    // A later start (graceful stop, then again) sends nothing more.
    await stop(second, 'SIGTERM');
    const third = await startServe();
    await sleep(1500);
    expect(pings()).toHaveLength(1);
    await stop(third, 'SIGTERM');
  }, 55_000);
});
