import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SpawnedServer, spawnServer } from '../../bench/spawn-server.ts';
import { freePort } from '../../sandbox/free-port.ts';
import { type FaultWorld, slackClient, startFaultWorld, textOf } from './support/fault-bot.ts';
import { readStore } from './support/store-reader.ts';

/**
 * Two bot processes (`runbook-bot serve`) on one DATA_DIR while the fake Slack fails 30 % of Web
 * API calls (seeded) with 429 + Retry-After, 5xx (some after posting), or no answer at all (some
 * after posting). Diagnoses open incidents in several channels; two escalation levels fall due in
 * each. Every due ping and every diagnose's verdicts arrive exactly once and the outbox ends empty.
 * Guards: WebClient timeout (SLACK_API_TIMEOUT_MS), single-attempt outbox deliveries with
 * leases, the check for an already posted message after an ambiguous failure, escalation firing
 * and queueing in one transaction, the pacer that a hanging call cannot hold.
 */
const BIN = path.resolve('bin/runbook-bot.js');
const CHANNELS = ['C0SUITEA', 'C0SUITEB', 'C0SUITEC', 'C0SUITED'];
const DEVOPS = 'subteam^S01DEVOPS0';
const TECH_LEAD = 'U01TECHLD0';

describe('fault suite: 30 % of Web API calls fail (429, 5xx, hang) across two processes', () => {
  let world: FaultWorld;
  const bots: (SpawnedServer & { url: string })[] = [];

  const start = async () => {
    const port = await freePort();
    const server = await spawnServer({
      args: [BIN, 'serve'],
      env: world.env(port, { SLACK_API_TIMEOUT_MS: '300', LOG_LEVEL: 'silent' }),
      cwd: world.root,
      readyUrl: `http://127.0.0.1:${port}/healthz`,
      readyStatus: 200,
    });
    bots.push({ ...server, url: `http://127.0.0.1:${port}/slack/events` });
  };

  beforeAll(async () => {
    world = await startFaultWorld({
      scenario: 'redis-down',
      binding: {
        escalation: [
          { notify: ['DevOps Lead'], after: '4s' },
          { notify: ['Tech Lead', 'CTO'], after: '4s' },
        ],
      },
    });
    await start();
    await start();
  }, 60_000);
  afterAll(async () => {
    for (const bot of bots) await bot.stop();
    await world?.close();
  });

  it('delivers every due ping exactly once and leaves nothing pending', async () => {
    world.fake.failRate({
      ratio: 0.3,
      seed: 13,
      kinds: [
        { status: 429, retryAfter: 1 },
        { status: 500 },
        { status: 503, applied: true },
        { hang: true },
        { hang: true, applied: true },
      ],
    });
    // Each channel's diagnose goes to one of the two processes.
    await Promise.all(
      CHANNELS.map((channel, index) =>
        slackClient(world, () => bots[index % 2]!.url).slash('diagnose', { channel }),
      ),
    );
    const pings = (channel: string, mention: string) =>
      world.fake.messages.filter((m) => m.channel === channel && textOf(m).includes(mention));
    await world.fake.waitFor(
      () => CHANNELS.every((c) => pings(c, DEVOPS).length > 0 && pings(c, TECH_LEAD).length > 0),
      60_000,
    );
    // A message that failed five times in a row waits 2+4+8+16+32 s between attempts (the outbox's
    // backoff); on a loaded machine the 300 ms timeout fails real calls too, so allow for that.
    await world.fake
      .waitFor(() => readStore(world.storeFile).undelivered().length === 0, 150_000)
      .catch((error: Error) => {
        throw new Error(
          `${error.message}: still pending ${JSON.stringify(readStore(world.storeFile).undelivered())}`,
        );
      });
    await new Promise((resolve) => setTimeout(resolve, 1500)); // a late duplicate would show now

    expect(world.fake.calls.filter((call) => call.injected).length).toBeGreaterThan(5);
    expect(world.fake.calls.some((call) => call.error === 'hang')).toBe(true);
    for (const channel of CHANNELS) {
      expect(pings(channel, DEVOPS), channel).toHaveLength(1);
      expect(pings(channel, TECH_LEAD), channel).toHaveLength(1);
    }
    expect(readStore(world.storeFile).undelivered()).toEqual([]);
    const fired = readStore(world.storeFile)
      .timeline()
      .filter((row) => row.kind === 'escalation');
    expect(fired).toHaveLength(CHANNELS.length * 2);
    // One card per incident, and the verdicts of each diagnose in its thread once, even when
    // their posts failed or hung (the card's too).
    for (const channel of CHANNELS) {
      expect(world.fake.channelMessages(channel), channel).toHaveLength(1);
      const verdicts = world.fake.messages.filter(
        (m) =>
          m.channel === channel &&
          String(
            (m as { metadata?: { event_payload?: { key?: unknown } } }).metadata?.event_payload?.key,
          ).startsWith('section_run:'),
      );
      expect(verdicts, channel).toHaveLength(1);
      expect(verdicts[0]?.thread_ts, channel).toBe(world.fake.channelMessages(channel)[0]?.ts);
    }
  }, 300_000);
});
