import { readFileSync } from 'node:fs';
import { SocketModeReceiver } from '@slack/bolt';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { loadCatalog } from '../../src/core/load-catalog.ts';
import { systemClock } from '../../src/core/ports.ts';
import { createMetrics } from '../../src/observability/metrics.ts';
import { createBot } from '../../src/slack/create-bot.ts';
import { openTempStore } from '../support/temp-data-dir.ts';

function capture() {
  let text = '';
  const write = (chunk: string) => {
    text += chunk;
    return true;
  };
  const stream = { write } as unknown as NodeJS.WritableStream;
  return { stream, text: () => text };
}

describe('Slack app manifest', () => {
  it('keeps the committed manifest.yml equal to `runbook-bot manifest`', async () => {
    const out = capture();
    const err = capture();
    const code = await runCli(['manifest'], {
      stdout: out.stream,
      stderr: err.stream,
      stdin: process.stdin,
      env: {},
      cwd: process.cwd(),
      clock: systemClock,
    });
    expect(code).toBe(0);
    expect(out.text()).toBe(readFileSync('manifest.yml', 'utf8'));
    expect(out.text()).toContain('command: /apidown');
    expect(out.text()).toContain('socket_mode_enabled: true');
    for (const scope of ['commands', 'chat:write', 'files:write', 'usergroups:read'])
      expect(out.text()).toContain(scope);
  });
});

describe('connection mode', () => {
  it('uses Socket Mode when SLACK_APP_TOKEN is set, with no HTTP receiver', async () => {
    const { catalog } = await loadCatalog('runbooks');
    const temp = openTempStore(systemClock);
    try {
      const config = loadConfig(
        {
          SLACK_BOT_TOKEN: 'xoxb-1',
          SLACK_APP_TOKEN: 'xapp-1-A1-1-abc',
          SLACK_API_URL: 'http://127.0.0.1:9/api/',
        },
        '/',
      );
      const bot = createBot({
        config,
        catalog,
        store: temp.store,
        clock: systemClock,
        logger: pino({ level: 'silent' }),
        metrics: createMetrics(),
        env: {},
      });
      const receiver = (bot.app as unknown as { receiver: unknown }).receiver;
      expect(receiver).toBeInstanceOf(SocketModeReceiver);
    } finally {
      temp.dispose();
    }
  });
});
