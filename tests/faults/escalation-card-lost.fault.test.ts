import { describe, expect, it } from 'vitest';
import { runDueEscalations } from '../../src/core/incidents/escalation-tick.ts';
import { faultWorldEachTest, slackClient, startInProcessBot, textOf } from './support/fault-bot.ts';
import { readStore } from './support/store-reader.ts';

/**
 * Two escalation levels fall due together (DevOps Lead and Tech Lead + CTO, both after 3 s).
 * Guards: firing, the timeline and the outbox items are one transaction (escalation-tick +
 * store.fireEscalation); each ping is its own outbox item; a lost card turns the ping into a
 * channel message that says so (outbox-escalation.ts).
 */
const twoLevelsAfter = (after: string) => ({
  escalation: [
    { notify: ['DevOps Lead'], after },
    { notify: ['Tech Lead', 'CTO'], after },
  ],
});
const DEVOPS = 'subteam^S01DEVOPS0';
const TECH_LEAD = 'U01TECHLD0';
const CARD_NOTE = 'O card do incidente não pôde ser atualizado';
const FAST = { SLACK_API_TIMEOUT_MS: '500' };

describe('fault: escalations when the card is gone or the bot dies after firing', () => {
  const each = faultWorldEachTest();

  const pingsWith = (channel: string, mention: string) =>
    each.world().fake.messages.filter((m) => m.channel === channel && textOf(m).includes(mention));

  async function openIncident(eventsUrl: () => string, channel: string) {
    const client = slackClient(each.world(), eventsUrl);
    await client.slash('diagnose', { channel });
    const card = await each.world().fake.waitFor(() => each.world().fake.channelMessages(channel)[0], 20_000);
    await each.world().fake.waitFor(() => each.world().fake.threadReplies(channel, card.ts)[0], 20_000);
    return card;
  }

  it('card deleted, chat.update answers message_not_found: both pings arrive once, each saying so', async () => {
    await each.start({ scenario: 'redis-down', binding: twoLevelsAfter('5s') });
    const bot = await each.bot({ tickMs: 200, env: FAST });
    const channel = 'C0CARDGONE';
    await slackClient(each.world(), () => bot.eventsUrl).slash('diagnose', { channel });
    const card = await each.world().fake.waitFor(() => each.world().fake.channelMessages(channel)[0], 20_000);
    // Someone deletes the card at once (the levels fall due 5 s after the incident opened):
    // chat.update now answers message_not_found, a reply in its thread thread_not_found.
    each.world().fake.messages.splice(each.world().fake.messages.indexOf(card), 1);

    await each
      .world()
      .fake.waitFor(
        () => pingsWith(channel, DEVOPS).length > 0 && pingsWith(channel, TECH_LEAD).length > 0,
        20_000,
      );
    await new Promise((resolve) => setTimeout(resolve, 1500)); // a duplicate would show now

    for (const mention of [DEVOPS, TECH_LEAD]) {
      const pings = pingsWith(channel, mention);
      expect(pings).toHaveLength(1);
      expect(textOf(pings[0]!)).toContain(CARD_NOTE);
      expect(pings[0]!.thread_ts).toBeUndefined(); // in the channel itself
    }
    expect(
      each
        .world()
        .fake.callsTo('chat.update')
        .some((call) => call.error === 'message_not_found'),
    ).toBe(true);
    expect(readStore(each.world().storeFile).undelivered()).toEqual([]);
  }, 60_000);

  it('the bot stops right after marking both levels fired: the next start sends each ping once', async () => {
    await each.start({ scenario: 'redis-down', binding: twoLevelsAfter('3s') });
    // No tick while it runs (one hour): the test fires by hand, then the process ends unsent.
    const first = await startInProcessBot(each.world(), { tickMs: 3_600_000, env: FAST });
    const channel = 'C0CRASHFIRE';
    const card = await openIncident(() => first.eventsUrl, channel);
    await new Promise((resolve) => setTimeout(resolve, 3200)); // both levels fall due
    const fired = runDueEscalations(first.bot.deps);
    expect(fired).toHaveLength(2);
    await first.close(); // "crash": fired and recorded, nothing sent
    expect(pingsWith(channel, DEVOPS)).toHaveLength(0);

    await each.bot({ tickMs: 200, env: FAST });
    await each
      .world()
      .fake.waitFor(
        () => pingsWith(channel, DEVOPS).length > 0 && pingsWith(channel, TECH_LEAD).length > 0,
        20_000,
      );
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(pingsWith(channel, DEVOPS)).toHaveLength(1);
    expect(pingsWith(channel, TECH_LEAD)).toHaveLength(1);
    expect(pingsWith(channel, DEVOPS)[0]!.thread_ts).toBe(card.ts);
    const incident = readStore(each.world().storeFile).incidentIn(channel);
    const entries = readStore(each.world().storeFile)
      .timeline()
      .filter((row) => row.kind === 'escalation' && row.incident_id === incident);
    expect(entries).toHaveLength(2);
    expect(readStore(each.world().storeFile).undelivered()).toEqual([]);
  }, 60_000);
});
