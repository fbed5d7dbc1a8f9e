import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BotHarness, CHANNEL, startBotHarness } from '../support/bot-harness.ts';

const ALERTMANAGER = '/usr/bin/prometheus-alertmanager';
const TOKEN = 'real-alertmanager-token-0123456789';
const textOf = (message: { text: string; blocks: unknown[] }) =>
  `${message.text}\n${JSON.stringify(message.blocks)}`;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function until<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * Debian's prometheus-alertmanager, started here with a webhook receiver pointing at the bot (Bearer
 * token in http_config), alerts pushed to its v2 API: the bot receives what a real Alertmanager sends.
 */
describe.skipIf(!existsSync(ALERTMANAGER))('a real Alertmanager posting to the bot', () => {
  let h: BotHarness;
  let alertmanager: ChildProcess | null = null;
  let dir = '';
  let api = '';
  const logs: string[] = [];

  beforeAll(async () => {
    h = await startBotHarness({
      scenario: 'redis-down',
      env: { ALERTS_TOKEN: TOKEN },
      binding: { alerts: [{ match: { alertname: 'ApiDown' }, run: 'diagnose', channel: CHANNEL }] },
    });
    dir = mkdtempSync(join(tmpdir(), 'runbook-bot-alertmanager-'));
    const port = await freePort();
    api = `http://127.0.0.1:${port}`;
    writeFileSync(
      join(dir, 'alertmanager.yml'),
      [
        'route:',
        '  receiver: runbook-bot',
        "  group_by: ['alertname']",
        '  group_wait: 1s',
        '  group_interval: 1s',
        '  repeat_interval: 1h',
        'receivers:',
        '  - name: runbook-bot',
        '    webhook_configs:',
        `      - url: http://127.0.0.1:${h.bot().port}/alerts/alertmanager`,
        '        send_resolved: true',
        '        http_config:',
        '          authorization:',
        '            type: Bearer',
        `            credentials: ${TOKEN}`,
        '',
      ].join('\n'),
    );
    alertmanager = spawn(
      ALERTMANAGER,
      [
        `--config.file=${join(dir, 'alertmanager.yml')}`,
        `--storage.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--cluster.listen-address=',
        '--log.level=debug',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    alertmanager.stdout?.on('data', (chunk: Buffer) => logs.push(chunk.toString()));
    alertmanager.stderr?.on('data', (chunk: Buffer) => logs.push(chunk.toString()));
    await until(
      async () => {
        const ready = await fetch(`${api}/-/ready`).catch(() => null);
        return ready?.ok ? true : undefined;
      },
      30_000,
      'Alertmanager to be ready',
    );
  }, 60_000);

  afterAll(async () => {
    if (alertmanager && alertmanager.exitCode === null) {
      const exited = new Promise((resolve) => alertmanager?.once('exit', resolve));
      alertmanager.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
      if (alertmanager.exitCode === null) alertmanager.kill('SIGKILL');
    }
    await h?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const push = (endsAt?: string) =>
    fetch(`${api}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([
        {
          labels: { alertname: 'ApiDown', job: 'api', instance: 'api-1:3000' },
          annotations: { summary: 'probe_success == 0 for the API' },
          startsAt: startsAt,
          ...(endsAt ? { endsAt } : {}),
          generatorURL: 'http://prometheus.example:9090/graph?g0.expr=probe_success',
        },
      ]),
    });
  const startsAt = new Date(Date.now() - 60_000).toISOString();

  it('a firing alert reaches the bot: the incident opens and the diagnosis is in the thread', async () => {
    const pushed = await push();
    expect(pushed.status).toBe(200);
    const card = await h.fake
      .waitFor(() => h.fake.channelMessages(CHANNEL).find((m) => !m.thread_ts), 45_000)
      .catch((error: unknown) => {
        throw new Error(`${String(error)}\nAlertmanager log:\n${logs.join('').slice(-3000)}`);
      });
    await h.fake.waitFor(
      () => h.fake.threadReplies(CHANNEL, card.ts).find((m) => textOf(m).includes('Redis')),
      45_000,
    );
    await h.settle();
    const text = textOf(h.fake.channelMessages(CHANNEL).find((m) => !m.thread_ts) ?? card);
    expect(text).toContain('Aberto pelo alerta ApiDown');
    expect(text).toContain('probe_success == 0 for the API');
    const incidents = h.bot().bot.deps.store.listIncidents({ limit: 10 });
    expect(incidents).toHaveLength(1);
    const alert = h
      .bot()
      .bot.deps.store.listTimeline(incidents[0]?.id ?? 0)
      .find((e) => e.kind === 'alert');
    // Alertmanager's own fingerprint of the label set.
    expect(String(alert?.data.fingerprint)).toMatch(/^[0-9a-f]{16}$/);
  }, 120_000);

  it('resolving the alert in Alertmanager posts "resolved" in the thread; the incident stays open', async () => {
    const pushed = await push(new Date(Date.now() - 1000).toISOString());
    expect(pushed.status).toBe(200);
    const card = h.fake.channelMessages(CHANNEL).find((m) => !m.thread_ts);
    if (!card) throw new Error('no card');
    await h.fake.waitFor(
      () =>
        h.fake.threadReplies(CHANNEL, card.ts).find((m) => textOf(m).includes('alerta ApiDown resolvido')),
      45_000,
    );
    const [incident] = h.bot().bot.deps.store.listIncidents({ limit: 10 });
    expect(incident?.status).not.toBe('resolved');
    expect(h.bot().bot.deps.store.listIncidents({ limit: 10 })).toHaveLength(1);
  }, 120_000);
});
