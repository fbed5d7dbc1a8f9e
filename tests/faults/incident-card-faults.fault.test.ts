import { describe, expect, it } from 'vitest';
import { faultWorldEachTest, slackClient, textOf } from './support/fault-bot.ts';
import { readStore } from './support/store-reader.ts';

/**
 * The incident card is the thread every later message needs. Guards: the card is an outbox message
 * (single tagged attempts, looked up after an answer that was lost, so never posted twice); a
 * flow waits for it a bounded time, then leaves the card and its verdicts to the outbox
 * (`inCardThread`), so a card Slack takes late delays the verdicts and loses none.
 */
const FAST = { SLACK_API_TIMEOUT_MS: '300' };

describe('fault: the incident card does not go out at once', () => {
  const each = faultWorldEachTest();

  const verdictsIn = (channel: string, thread: string) =>
    each
      .world()
      .fake.threadReplies(channel, thread)
      .filter((m) => textOf(m).includes('DIAGNÓSTICO RÁPIDO'));

  it('posted but its answer lost, then Slack cannot say for longer than the diagnose waits: one card, the verdicts once in its thread', async () => {
    const world = await each.start({ scenario: 'redis-down' });
    const bot = await each.bot({ tickMs: 200, env: FAST });
    const channel = 'C0CARDLATE';
    // The card's post reaches Slack and its answer never comes back; then the look-ups that would
    // find it fail four times: the diagnose stops waiting (~11 s) before the card is known.
    world.fake.failNext({ method: 'chat.postMessage', hang: true, applied: true });
    world.fake.failNext({ method: 'conversations.history', status: 500 }, 4);

    await slackClient(world, () => bot.eventsUrl).slash('diagnose', { channel });
    const card = await world.fake.waitFor(() => world.fake.channelMessages(channel)[0], 10_000);
    await world.fake.waitFor(() => verdictsIn(channel, card.ts)[0], 40_000);
    await world.fake.waitFor(() => readStore(world.storeFile).undelivered().length === 0, 20_000);
    await new Promise((resolve) => setTimeout(resolve, 1000)); // a late duplicate would show now

    expect(world.fake.channelMessages(channel)).toHaveLength(1);
    expect(verdictsIn(channel, card.ts)).toHaveLength(1);
    expect(world.fake.callsTo('conversations.history').filter((call) => call.injected)).toHaveLength(4);
    expect(world.fake.responses.map((response) => JSON.stringify(response.body))).not.toContainEqual(
      expect.stringMatching(/erro|error/i),
    );
  }, 90_000);

  it('refused five times in a row, longer than the diagnose waits: the verdicts wait in the outbox and follow the card once it is posted', async () => {
    const world = await each.start({ scenario: 'redis-down' });
    const bot = await each.bot({ tickMs: 200, env: FAST });
    const channel = 'C0CARD5XX';
    world.fake.failNext({ method: 'chat.postMessage', status: 500 }, 5);

    await slackClient(world, () => bot.eventsUrl).slash('diagnose', { channel });
    const card = await world.fake.waitFor(() => world.fake.channelMessages(channel)[0], 40_000);
    await world.fake.waitFor(() => verdictsIn(channel, card.ts)[0], 20_000);
    await world.fake.waitFor(() => readStore(world.storeFile).undelivered().length === 0, 20_000);
    await new Promise((resolve) => setTimeout(resolve, 1000));

    expect(world.fake.channelMessages(channel)).toHaveLength(1);
    expect(verdictsIn(channel, card.ts)).toHaveLength(1);
    const timeline = readStore(world.storeFile).timeline();
    expect(timeline.filter((row) => row.kind === 'section_run')).toHaveLength(1);
  }, 90_000);
});
