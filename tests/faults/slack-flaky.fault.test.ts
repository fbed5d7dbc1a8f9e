import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APPROVER,
  approvalIdIn,
  type FaultWorld,
  slackClient,
  startFaultWorld,
  startInProcessBot,
  textOf,
} from './support/fault-bot.ts';
import { readStore } from './support/store-reader.ts';

/**
 * The fake Slack answers 429 (Retry-After 1) or 500 to 30 % of Web API calls (seeded): diagnoses, a
 * restart approval and an escalation still leave every timeline entry in the store, and every
 * message arrives in the thread exactly once.
 * Guards: the bounded WebClient retry policy (create-bot `retries`) for posts and card updates, the
 * outbox (sendOnce + deliverPending tick) for the escalation ping, and "timeline first, Slack
 * second". With `retries: 0` the seeded faults drop messages and the counts below fail.
 */
const CHANNEL = 'C0FLAKY';

describe('fault: Slack answers 429 / 5xx to 30 % of calls', () => {
  let world: FaultWorld;
  let bot: Awaited<ReturnType<typeof startInProcessBot>>;
  let client: ReturnType<typeof slackClient>;

  beforeAll(async () => {
    world = await startFaultWorld({ scenario: 'restart-fixes-it' });
    bot = await startInProcessBot(world, { tickMs: 250 });
    client = slackClient(world, () => bot.eventsUrl);
    world.fake.failRate({ ratio: 0.3, seed: 8 });
  });
  afterAll(async () => {
    await bot?.close();
    await world?.close();
  });

  it('loses no timeline entry and delivers every message once', async () => {
    const thread = () => {
      const card = world.fake.channelMessages(CHANNEL)[0];
      return card ? world.fake.threadReplies(CHANNEL, card.ts) : [];
    };
    const waitReplies = (count: number) =>
      world.fake.waitFor(() => thread().length >= count || undefined, 45_000);

    await client.slash('diagnose', { channel: CHANNEL });
    await waitReplies(1);
    await client.slash('deps', { channel: CHANNEL, user: 'U222' });
    await waitReplies(2);
    await client.slash('diagnose', { channel: CHANNEL, user: 'U333' });
    await waitReplies(3);
    await client.slash('restart', { channel: CHANNEL });
    const card = await world.fake.waitFor(() => approvalIdIn(world.fake, CHANNEL), 45_000);
    const threadTs = world.fake.channelMessages(CHANNEL)[0]?.ts ?? '';
    await client.click({
      action_id: 'approve',
      value: card.id,
      user: APPROVER,
      channel: CHANNEL,
      message_ts: card.ts,
      thread_ts: threadTs,
    });
    await world.fake.waitFor(
      () => readStore(world.storeFile).approval(card.id)?.state === 'succeeded',
      45_000,
    );
    await client.slash('impact many', { channel: CHANNEL });
    // verdicts ×3, approval card, change run, post-resolution check, escalation ping
    await waitReplies(7);
    await new Promise((resolve) => setTimeout(resolve, 2500)); // anything late (a duplicate) shows now

    expect(world.fake.calls.filter((call) => call.injected).length).toBeGreaterThan(3);
    expect(world.fake.channelMessages(CHANNEL)).toHaveLength(1);
    const replies = thread();
    expect(replies).toHaveLength(7);
    const texts = replies.map(textOf);
    expect(texts.filter((text) => text.includes('U01TECHLD0'))).toHaveLength(1);
    expect(new Set(replies.map((m) => m.ts)).size).toBe(replies.length);

    const kinds = readStore(world.storeFile)
      .timeline()
      .map((row) => row.kind);
    const count = (kind: string) => kinds.filter((k) => k === kind).length;
    expect(count('opened')).toBe(1);
    expect(count('command')).toBe(3);
    expect(count('section_run')).toBe(5); // diagnose ×2, deps, restart section, verification
    expect(count('approval_requested')).toBe(1);
    expect(count('approval_decided')).toBe(1);
    expect(count('change_run')).toBe(1);
    expect(count('escalation') + count('impact')).toBeGreaterThanOrEqual(1);
    // The approval card ended up showing the outcome (its chat.update got through).
    const approvalCard = world.fake.messages.find((m) => m.ts === card.ts);
    expect(approvalCard && buttonsOf(approvalCard)).not.toContain('"action_id":"approve"');
  }, 120_000);
});

function buttonsOf(message: { blocks: unknown[] }): string {
  return JSON.stringify(message.blocks);
}
