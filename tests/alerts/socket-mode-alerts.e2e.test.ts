import path from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.ts';
import { Catalog } from '../../src/core/catalog.ts';
import { systemClock } from '../../src/core/ports.ts';
import { createMetrics } from '../../src/observability/metrics.ts';
import { type Bot, createBot } from '../../src/slack/create-bot.ts';
import { apiDownWith } from '../core/incidents/incident-deps.ts';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack.ts';
import { openTempStore } from '../support/temp-data-dir.ts';
import { alertmanagerBody } from './fake-pager.ts';

const TOKEN = 'socket-mode-alerts-token-0123456789';

/** Socket Mode has no Bolt HTTP receiver: the alert endpoint is on the ops server, beside /healthz. */
describe('the alert endpoint in Socket Mode', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function socketBot(
    extraEnv: Record<string, string>,
  ): Promise<{ bot: Bot; url: string; fake: FakeSlack }> {
    const fake = await startFakeSlack({ token: 'xoxb-socket' });
    cleanups.push(() => fake.stop());
    const temp = openTempStore(systemClock);
    cleanups.push(() => temp.dispose());
    const bound = await apiDownWith({
      alerts: [{ match: { alertname: 'ApiDown' }, run: 'diagnose', channel: 'C0123' }],
    });
    const config = loadConfig(
      {
        SLACK_BOT_TOKEN: 'xoxb-socket',
        SLACK_APP_TOKEN: 'xapp-1-A1-1-abc',
        SLACK_API_URL: fake.url,
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'silent',
        ...extraEnv,
      },
      path.resolve('.'),
    );
    const bot = createBot({
      config,
      catalog: new Catalog([bound]),
      store: temp.store,
      clock: systemClock,
      logger: pino({ level: 'silent' }),
      metrics: createMetrics({ processMetrics: false }),
      env: {},
    });
    const { port } = await bot.start();
    cleanups.push(() => bot.stop());
    return { bot, url: `http://127.0.0.1:${port}/alerts/alertmanager`, fake };
  }

  it('accepts an Alertmanager post with the token, refuses it without', async () => {
    const { url } = await socketBot({ ALERTS_TOKEN: TOKEN });
    const refused = await fetch(url, { method: 'POST', body: alertmanagerBody([{}]) });
    expect(refused.status).toBe(401);
    const accepted = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: alertmanagerBody([{}]),
    });
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toMatchObject({ received: 1, queued: 1 });
    // Stored before the answer: the same alert again is a duplicate.
    const again = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: alertmanagerBody([{}]),
    });
    expect(await again.json()).toMatchObject({ received: 1, queued: 0, duplicates: 1 });
  }, 60_000);

  it('does not exist without ALERTS_TOKEN (404), while /healthz is served', async () => {
    const { url } = await socketBot({});
    const answer = await fetch(url, { method: 'POST', body: alertmanagerBody([{}]) });
    expect(answer.status).toBe(404);
    const health = await fetch(url.replace('/alerts/alertmanager', '/healthz'));
    expect([200, 503]).toContain(health.status);
  }, 60_000);
});
