import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { startBot } from '../../src/cli/serve/start-bot.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { type Clock, systemClock } from '../../src/core/ports.ts';
import {
  APPROVER,
  approvalIdIn,
  buttonValues,
  type FaultWorld,
  slackClient,
  startFaultWorld,
  startInProcessBot,
} from './support/fault-bot.ts';
import { readStore } from './support/store-reader.ts';

/**
 * Approvals when Slack misbehaves and processes die:
 * - an Approve click while chat.update answers 429 (Retry-After 30): the change still runs once, the
 *   timeline records it, the lock is freed, and the card catches up when Slack recovers (outbox);
 * - a change run from a terminal (`runbook-bot run`) on the bot's DATA_DIR heartbeats: a bot starting
 *   meanwhile leaves it alone; once the terminal is SIGKILLed and its heartbeat expires, the bot
 *   marks it interrupted and says so in the timeline.
 * Guards: core/approvals/change-flow runApproved (state first, cards through the outbox), run-heartbeat,
 * recover-interrupted (only owners whose heartbeat expired).
 */
const BIN = path.resolve('bin/runbook-bot.js');
const SERVICE_LOCK = 'change:api-down';

/** The real clock, moved forward on demand (Retry-After 30 passes without waiting 30 s). */
function skewableClock(): Clock & { skip(ms: number): void } {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    sleep: (ms, signal) => systemClock.sleep(ms, signal),
    setTimer: (ms, fn) => systemClock.setTimer(ms, fn),
    skip: (ms) => {
      offset += ms;
    },
  };
}

function sql<T>(file: string, query: string, ...params: unknown[]): T[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(query).all(...params) as T[];
  } finally {
    db.close();
  }
}

const until = async (what: () => boolean, ms: number, label: string) => {
  const deadline = Date.now() + ms;
  while (!what()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

describe('fault: approvals while Slack rate-limits chat.update, and terminal runs next to a bot', () => {
  let world: FaultWorld | undefined;
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    await world?.close();
    world = undefined;
  });

  it('approve while chat.update answers 429 Retry-After 30: runs once, timeline, lock freed, card updated later', async () => {
    world = await startFaultWorld({ scenario: 'restart-fixes-it' });
    const w = world;
    const clock = skewableClock();
    const env = w.env(0, { LOG_LEVEL: 'silent', SLACK_API_TIMEOUT_MS: '500' });
    const running = await startBot({ config: loadConfig(env, w.root), env, clock, tickMs: 200 });
    cleanups.push(() => running.close());
    const client = slackClient(w, () => `http://127.0.0.1:${running.port}/slack/events`);
    const channel = 'C0RATEUPD';
    await client.slash('restart', { channel, user: 'U111' });
    const card = await w.fake.waitFor(() => approvalIdIn(w.fake, channel), 20_000);
    const threadTs = w.fake.channelMessages(channel)[0]?.ts ?? '';
    const before = await w.sandbox.restartCount();

    // From now on every chat.update is rate-limited for 30 s.
    w.fake.failRate({ ratio: 1, methods: ['chat.update'], kinds: [{ status: 429, retryAfter: 30 }] });
    await client.click({
      action_id: 'approve',
      value: card.id,
      user: APPROVER,
      channel,
      message_ts: card.ts,
      thread_ts: threadTs,
      action_ts: `${Date.now() / 1000}`,
    });
    await w.fake.waitFor(
      () => readStore(w.storeFile).approval(card.id)?.state === 'succeeded' || undefined,
      30_000,
    );
    expect(await w.sandbox.restartCount()).toBe(before + 1);
    const runs = readStore(w.storeFile)
      .timeline()
      .filter((row) => row.kind === 'change_run' && row.data.includes(card.id));
    expect(runs).toHaveLength(1);
    expect(sql(w.storeFile, 'SELECT * FROM locks WHERE name = ?', SERVICE_LOCK)).toEqual([]);
    const cardNow = () => w.fake.messages.find((m) => m.channel === channel && m.ts === card.ts);
    // Slack refused every update so far: the card still shows its buttons, the update waits in the outbox.
    expect(buttonValues(cardNow()?.blocks, 'approve')).toEqual([card.id]);
    expect(
      readStore(w.storeFile)
        .undelivered()
        .some((m) => m.kind === 'approval_card'),
    ).toBe(true);

    // Slack recovers; Retry-After has passed: the tick delivers the card as it is now.
    w.fake.clearFaults();
    clock.skip(31_000);
    await running.bot.tick();
    await w.fake.waitFor(
      () => (buttonValues(cardNow()?.blocks, 'approve').length === 0 ? true : undefined),
      10_000,
    );
    expect(cardNow()?.updates).toBeGreaterThan(0);
    await until(
      () =>
        !readStore(w.storeFile)
          .undelivered()
          .some((m) => m.kind === 'approval_card'),
      10_000,
      'the approval card outbox item',
    );
    expect(await w.sandbox.restartCount()).toBe(before + 1);
  }, 90_000);

  it('a terminal run in progress is left alone by a bot starting on the same DATA_DIR; after SIGKILL it is marked interrupted', async () => {
    // redis-down: the restart does not fix it, so the wait step polls for a minute (a long change).
    world = await startFaultWorld({ scenario: 'redis-down' });
    const w = world;
    const heartbeat = { CHANGE_HEARTBEAT_MS: '300' };
    const terminal: ChildProcess = spawn(process.execPath, [BIN, 'run', 'api-down', 'restart', '--yes'], {
      cwd: w.root,
      env: w.env(0, heartbeat),
      stdio: 'ignore',
    });
    const exited = new Promise((resolve) => terminal.once('exit', resolve));
    cleanups.push(async () => {
      if (terminal.exitCode === null && terminal.signalCode === null) terminal.kill('SIGKILL');
      await exited;
    });
    const runningRow = () =>
      sql<{ id: string; state: string; reason: string | null; run_owner: string | null }>(
        w.storeFile,
        'SELECT id, state, reason, run_owner FROM approvals ORDER BY requested_at DESC LIMIT 1',
      )[0];
    await until(
      () => {
        try {
          return runningRow()?.state === 'running';
        } catch {
          return false; // the terminal has not created the database yet
        }
      },
      30_000,
      'the terminal run',
    );
    const id = runningRow()?.id ?? '';
    expect(runningRow()?.run_owner).toMatch(new RegExp(`^${terminal.pid}@[^#]+#[0-9a-f]{8}$`));

    const bot = await startInProcessBot(w, { tickMs: 200, env: heartbeat });
    cleanups.push(() => bot.close());
    // Many ticks and more than three heartbeat intervals: the live terminal run is not touched.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(runningRow()).toMatchObject({ id, state: 'running', reason: 'confirmed in terminal' });
    expect(sql(w.storeFile, 'SELECT owner FROM locks WHERE name = ?', SERVICE_LOCK)).toEqual([{ owner: id }]);

    terminal.kill('SIGKILL');
    await exited;
    await until(() => runningRow()?.state === 'failed', 10_000, 'the interrupted run to be failed');
    expect(runningRow()?.reason).toMatch(
      new RegExp(`^interrupted \\(the process running it stopped: no heartbeat from ${terminal.pid}@`),
    );
    const said = readStore(w.storeFile)
      .timeline()
      .filter((row) => row.kind === 'change_run' && row.data.includes(id));
    expect(said).toHaveLength(1);
    expect(said[0]?.summary).toMatch(/^Change interrupted/);
    expect(sql(w.storeFile, 'SELECT owner FROM locks WHERE name = ?', SERVICE_LOCK)).toEqual([]);
  }, 90_000);
});
