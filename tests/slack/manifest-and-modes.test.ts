import { readFileSync } from 'node:fs';
import { SocketModeReceiver } from '@slack/bolt';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCli } from '../../src/cli/main.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { loadCatalog } from '../../src/core/load-catalog.ts';
import { systemClock } from '../../src/core/ports.ts';
import { createMetrics } from '../../src/observability/metrics.ts';
import { buildManifest, fitUsageHint, MANIFEST_LIMITS } from '../../src/slack/build-manifest.ts';
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

function cliDeps(out: ReturnType<typeof capture>, err: ReturnType<typeof capture>) {
  return {
    stdout: out.stream,
    stderr: err.stream,
    stdin: process.stdin,
    env: {},
    cwd: process.cwd(),
    clock: systemClock,
  };
}

async function manifestCli(...args: string[]) {
  const out = capture();
  const err = capture();
  const code = await runCli(['manifest', ...args], cliDeps(out, err));
  return { code, stdout: out.text(), stderr: err.text() };
}

type Manifest = {
  display_information: { name: string; description: string };
  features: { slash_commands: { command: string; url?: string; description: string; usage_hint: string }[] };
  settings: { interactivity: { is_enabled: boolean; request_url?: string }; socket_mode_enabled: boolean };
};

describe('Slack app manifest', () => {
  it('is for Socket Mode by default: no request URLs anywhere', async () => {
    const { code, stdout } = await manifestCli();
    expect(code).toBe(0);
    const manifest = parse(stdout) as Manifest;
    expect(manifest.settings.socket_mode_enabled).toBe(true);
    expect(manifest.settings.interactivity).toEqual({ is_enabled: true });
    expect(manifest.features.slash_commands.every((command) => command.url === undefined)).toBe(true);
  });

  it('is for HTTP mode with --http: commands and interactivity post to <base>/slack/events, Socket Mode off', async () => {
    for (const given of [
      'https://bot.example.com',
      'https://bot.example.com/',
      '--http=https://bot.example.com',
    ]) {
      const args = given.startsWith('--') ? [given] : ['--http', given];
      const { code, stdout } = await manifestCli(...args);
      expect(code).toBe(0);
      const manifest = parse(stdout) as Manifest;
      expect(manifest.settings.socket_mode_enabled).toBe(false);
      expect(manifest.settings.interactivity).toEqual({
        is_enabled: true,
        request_url: 'https://bot.example.com/slack/events',
      });
      expect(manifest.features.slash_commands.map((command) => command.url)).toEqual([
        'https://bot.example.com/slack/events',
      ]);
    }
    // A path prefix (a reverse proxy) is kept.
    const prefixed = parse(
      (await manifestCli('--http', 'https://ops.example.com/runbook-bot')).stdout,
    ) as Manifest;
    expect(prefixed.settings.interactivity.request_url).toBe(
      'https://ops.example.com/runbook-bot/slack/events',
    );
  });

  it('refuses a URL Slack cannot post to, with a clear message and exit code 2, printing nothing', async () => {
    const cases: [string[], RegExp][] = [
      [['--http', 'http://bot.example.com'], /only to https URLs/],
      [['--http', 'bot.example.com'], /is not a URL/],
      [['--http', 'https://user:pw@bot.example.com'], /user name or password/],
      [['--http', 'https://bot.example.com/?x=1'], /query/],
      [['--http'], /--http needs a URL/],
      [['--bogus'], /unknown option --bogus/],
    ];
    for (const [args, message] of cases) {
      const { code, stdout, stderr } = await manifestCli(...args);
      expect(code, args.join(' ')).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toMatch(message);
    }
  });

  it("keeps every text within Slack's manifest limits and refuses what cannot be cut", () => {
    const words = Array.from({ length: 400 }, (_, index) => `subcommand-${index}`);
    const manifest = parse(
      buildManifest([{ command: '/long', description: 'd'.repeat(5000), usageWords: words }]),
    ) as Manifest;
    const [command] = manifest.features.slash_commands;
    expect(Array.from(command?.usage_hint ?? '').length).toBeLessThanOrEqual(MANIFEST_LIMITS.usageHint);
    expect(command?.usage_hint.endsWith(' | …')).toBe(true);
    expect(command?.usage_hint.startsWith('subcommand-0 | subcommand-1 |')).toBe(true);
    expect(Array.from(command?.description ?? '')).toHaveLength(MANIFEST_LIMITS.commandDescription);
    expect(manifest.display_information.name.length).toBeLessThanOrEqual(MANIFEST_LIMITS.appName);
    expect(manifest.display_information.description.length).toBeLessThanOrEqual(
      MANIFEST_LIMITS.appDescription,
    );
    // Short hints are whole; a hint cut between words never ends in half a word.
    expect(fitUsageHint(['help', 'diagnose'])).toBe('help | diagnose');
    expect(fitUsageHint(['help', 'diagnose', 'restart'], 20)).toBe('help | diagnose | …');
    expect(() =>
      buildManifest([{ command: `/${'x'.repeat(32)}`, description: 'd', usageWords: [] }]),
    ).toThrow(/at most 32/);
    expect(() => buildManifest([{ command: '/Bad Name', description: 'd', usageWords: [] }])).toThrow(
      /lower-case letters/,
    );
  });

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
