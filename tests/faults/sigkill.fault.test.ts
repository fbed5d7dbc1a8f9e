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
  textOf,
} from './support/fault-bot.ts';
import { readStore } from './support/store-reader.ts';

/**
 * The bot (`runbook-bot serve`, a child process) killed with SIGKILL at the worst moments; after a
 * restart on the same DATA_DIR each flow ends correctly and nothing runs twice.
 * Guards: the approval state machine in the store (pending survives; approved -> running picks one
 * winner), recover-interrupted (a `running` change whose owner stopped heartbeating is failed, never re-run), the
 * escalation claim + outbox key (a due ping is sent once, by whichever start finds it due).
 */
const BIN = path.resolve('bin/runbook-bot.js');

describe('fault: SIGKILL during an approval, a restart and before an escalation', () => {
  let world: FaultWorld;
  let bot: SpawnedServer & { url: string };
  let client: ReturnType<typeof slackClient>;

  const start = async () => {
    const port = await freePort();
    const server = await spawnServer({
      args: [BIN, 'serve'],
      // Short heartbeats: a run of the killed process counts as interrupted ~1 s after the kill.
      env: world.env(port, { CHANGE_HEARTBEAT_MS: '300' }),
      cwd: world.root,
      readyUrl: `http://127.0.0.1:${port}/healthz`,
      readyStatus: 200,
    });
    bot = { ...server, url: `http://127.0.0.1:${port}/slack/events` };
  };
  const kill = async () => {
    const exited = new Promise((resolve) => bot.child.once('exit', resolve));
    bot.child.kill('SIGKILL');
    await exited;
  };
  const store = () => readStore(world.storeFile);

  beforeAll(async () => {
    // restart-fixes-it: the check fails until the api restarts, so an approval really runs the change.
    world = await startFaultWorld({
      scenario: 'restart-fixes-it',
      binding: { escalation: [{ notify: ['DevOps Lead'], after: '6s' }] },
    });
    await start();
    client = slackClient(world, () => bot.url);
  }, 60_000);
  afterAll(async () => {
    await bot?.stop();
    await world?.close();
  });

  async function requestRestart(channel: string) {
    await client.slash('restart', { channel, user: 'U111' });
    return world.fake.waitFor(() => approvalIdIn(world.fake, channel), 20_000);
  }
  const approve = (channel: string, card: { id: string; ts: string }, threadTs: string) =>
    client.click({
      action_id: 'approve',
      value: card.id,
      user: APPROVER,
      channel,
      message_ts: card.ts,
      thread_ts: threadTs,
      action_ts: `${Date.now() / 1000}`,
    });

  it('a pending approval survives the kill: approved after the restart, the change runs once', async () => {
    const channel = 'C0KILLPEND';
    const card = await requestRestart(channel);
    const threadTs = world.fake.channelMessages(channel)[0]?.ts ?? '';
    expect(store().approval(card.id)?.state).toBe('pending');
    await kill();
    await start();
    const before = await world.sandbox.restartCount();
    await approve(channel, card, threadTs);
    await world.fake.waitFor(() => store().approval(card.id)?.state === 'succeeded', 40_000);
    // A second click (after the restart) changes nothing.
    await approve(channel, card, threadTs);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await world.sandbox.restartCount()).toBe(before + 1);
  }, 90_000);

  it('a change killed mid-run is marked failed "interrupted" once its heartbeat expires, reported, never re-run', async () => {
    await world.sandbox.setScenario('restart-fixes-it');
    const channel = 'C0KILLRUN';
    const card = await requestRestart(channel);
    const threadTs = world.fake.channelMessages(channel)[0]?.ts ?? '';
    const before = await world.sandbox.restartCount();
    await approve(channel, card, threadTs);
    // The sandbox counts the restart when it stops the api, then takes ~1 s to start it: kill then.
    const deadline = Date.now() + 30_000;
    while ((await world.sandbox.restartCount()) === before && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(store().approval(card.id)?.state).toBe('running');
    await kill();
    await start();
    // Once the dead process's heartbeat has expired (3 × 300 ms), the new process fails it.
    await world.fake.waitFor(() => store().approval(card.id)?.state === 'failed' || undefined, 10_000);
    const approval = store().approval(card.id);
    expect(approval?.reason).toMatch(/^interrupted \(the process running it stopped: no heartbeat from \d+@/);
    // Reported: the approval card says it failed, and the thread says why (once).
    const interrupted = () =>
      world.fake.threadReplies(channel, threadTs).filter((m) => textOf(m).includes('interrupted'));
    await world.fake.waitFor(() => interrupted().length > 0 || undefined, 10_000);
    const cardNow = () => world.fake.messages.find((m) => m.ts === card.ts && m.channel === channel);
    await world.fake.waitFor(
      () => (cardNow() && textOf(cardNow() as never).includes('interrupted (the process') ? true : undefined),
      10_000,
    );
    await bot.stop();
    await start();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(interrupted()).toHaveLength(1);
    expect(await world.sandbox.restartCount()).toBe(before + 1);
    expect(
      store()
        .timeline()
        .filter((row) => row.data.includes(card.id) && row.kind === 'change_run'),
    ).toHaveLength(1);
  }, 90_000);

  it('an escalation due while the bot is dead is sent once after the restart', async () => {
    const channel = 'C0KILLESC';
    await client.slash('status', { channel });
    await client.slash('diagnose', { channel });
    const card = await world.fake.waitFor(() => world.fake.channelMessages(channel)[0], 20_000);
    await world.fake.waitFor(() => world.fake.threadReplies(channel, card.ts)[0], 20_000);
    const pings = () =>
      world.fake.threadReplies(channel, card.ts).filter((m) => textOf(m).includes('subteam^S01DEVOPS0'));
    expect(pings()).toHaveLength(0);
    await kill();
    await new Promise((resolve) => setTimeout(resolve, 6000)); // the 6 s escalation falls due meanwhile
    await start();
    await world.fake.waitFor(() => pings().length > 0 || undefined, 15_000);
    await bot.stop();
    await start();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(pings()).toHaveLength(1);
    const incident = store().incidentIn(channel);
    expect(
      store()
        .timeline()
        .filter((row) => row.kind === 'escalation' && row.incident_id === incident),
    ).toHaveLength(1);
  }, 90_000);
});
