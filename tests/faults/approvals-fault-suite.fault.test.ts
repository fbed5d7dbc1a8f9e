import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SpawnedServer, spawnServer } from '../../bench/spawn-server.ts';
import { freePort } from '../../sandbox/free-port.ts';
import {
  APPROVER,
  approvalIdIn,
  type FaultWorld,
  slackClient,
  startFaultWorld,
} from './support/fault-bot.ts';
import { readStore } from './support/store-reader.ts';

/**
 * Two bot processes (`runbook-bot serve`) on one DATA_DIR while the fake Slack fails 30 % of Web
 * API calls (seeded) with 429 + Retry-After, 5xx (some after posting) or no answer (some after
 * posting). Restarts are requested on one process and approved on both (a double click across
 * processes). Every approved change runs exactly once or fails with a reason, and nothing is left
 * `approved` or `running`.
 * Guards: the state moves before any card update (src/core/approvals/execute-change.ts), card
 * updates as outbox work, the conditional approved -> running transition, recovery of approved
 * changes that never started, owners and heartbeats.
 */
const BIN = path.resolve('bin/runbook-bot.js');
const CHANNELS = ['C0APPRA', 'C0APPRB', 'C0APPRC'];
const FINAL = ['succeeded', 'failed', 'denied', 'expired'];

describe('fault suite: approvals while 30 % of Web API calls fail, across two processes', () => {
  let world: FaultWorld;
  const bots: (SpawnedServer & { url: string })[] = [];

  const start = async () => {
    const port = await freePort();
    const server = await spawnServer({
      args: [BIN, 'serve'],
      env: world.env(port, { SLACK_API_TIMEOUT_MS: '300', CHANGE_HEARTBEAT_MS: '500', LOG_LEVEL: 'silent' }),
      cwd: world.root,
      readyUrl: `http://127.0.0.1:${port}/healthz`,
      readyStatus: 200,
    });
    bots.push({ ...server, url: `http://127.0.0.1:${port}/slack/events` });
  };

  beforeAll(async () => {
    // restart-fixes-it: the health check fails until the api restarts, so an approval really runs.
    world = await startFaultWorld({ scenario: 'restart-fixes-it' });
    await start();
    await start();
  }, 60_000);
  afterAll(async () => {
    for (const bot of bots) await bot.stop();
    await world?.close();
  });

  it('runs every approved change exactly once or fails it with a reason; nothing left approved or running', async () => {
    world.fake.failRate({
      ratio: 0.3,
      seed: 29,
      kinds: [
        { status: 429, retryAfter: 1 },
        { status: 500 },
        { status: 503, applied: true },
        { hang: true },
        { hang: true, applied: true },
      ],
    });
    const store = () => readStore(world.storeFile);
    let ran = 0;
    for (const [index, channel] of CHANNELS.entries()) {
      await world.sandbox.setScenario('restart-fixes-it');
      const requester = slackClient(world, () => bots[index % 2]!.url);
      await requester.slash('restart', { channel, user: 'U111' });
      const card = await world.fake.waitFor(() => approvalIdIn(world.fake, channel), 40_000);
      const before = await world.sandbox.restartCount();
      const threadTs = world.fake.channelMessages(channel)[0]?.ts ?? card.ts;
      // The approver double-clicks, and each click lands on a different process.
      await Promise.all(
        bots.map((bot) =>
          slackClient(world, () => bot.url).click({
            action_id: 'approve',
            value: card.id,
            user: APPROVER,
            channel,
            message_ts: card.ts,
            thread_ts: threadTs,
            action_ts: `${Date.now() / 1000}`,
          }),
        ),
      );
      await world.fake.waitFor(() => FINAL.includes(store().approval(card.id)?.state ?? ''), 90_000);
      const approval = store().approval(card.id)!;
      const restarts = (await world.sandbox.restartCount()) - before;
      if (approval.state === 'succeeded') expect(restarts, channel).toBe(1);
      else {
        expect(restarts, channel).toBeLessThanOrEqual(1);
        expect(approval.reason, channel).toBeTruthy();
      }
      ran += restarts;
    }
    world.fake.failRate({ ratio: 0, seed: 1, kinds: [{ status: 500 }] });
    await new Promise((resolve) => setTimeout(resolve, 1500)); // a late second run would show now

    expect(world.fake.calls.filter((call) => call.injected).length).toBeGreaterThan(5);
    const approvals = store().approvals();
    expect(approvals.filter((row) => CHANNELS.includes(row.channel))).toHaveLength(CHANNELS.length);
    expect(approvals.filter((row) => row.state === 'approved' || row.state === 'running')).toEqual([]);
    expect(ran).toBe(approvals.filter((row) => row.state === 'succeeded').length + failedAfterRunning());

    function failedAfterRunning(): number {
      // A change that failed after it started (e.g. not healthy in time) ran once too.
      return store()
        .timeline()
        .filter((row) => row.kind === 'change_run' && /"state":"failed"/.test(row.data))
        .filter((row) => !/interrupted|changed|expired/.test(row.summary)).length;
    }
  }, 300_000);
});
