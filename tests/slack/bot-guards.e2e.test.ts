import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BotHarness, CHANNEL, SIGNING_SECRET, startBotHarness } from '../support/bot-harness.ts';
import { postSlashCommand, retryHeaders } from '../support/signed-request.ts';
import { slashCommand } from '../support/slack-payloads.ts';

describe('a command is never run twice', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness({ scenario: 'redis-down' });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('runs a command once when Slack delivers it again (same trigger, retry headers)', async () => {
    const fields = slashCommand({
      text: 'deps',
      user_id: 'U111',
      channel_id: CHANNEL,
      response_url: h.fake.responseUrl(),
      trigger_id: 'trigger-retried',
    });
    const first = await postSlashCommand(h.eventsUrl, SIGNING_SECRET, fields);
    const again = await postSlashCommand(h.eventsUrl, SIGNING_SECRET, fields, { headers: retryHeaders(1) });
    expect([first.status, again.status]).toEqual([200, 200]);
    const card = await h.fake.waitFor(() => h.fake.channelMessages(CHANNEL)[0]);
    await h.fake.waitFor(() => h.fake.threadReplies(CHANNEL, card.ts)[0], 15_000);
    await h.settle();
    expect(h.fake.threadReplies(CHANNEL, card.ts)).toHaveLength(1);
  });

  it('tells the second caller that the same diagnosis is already running', async () => {
    const before = h.fake.responses.length;
    await Promise.all([h.slash('diagnose', { user: 'U111' }), h.slash('diagnose', { user: 'U222' })]);
    await h.settle();
    const card = h.fake.channelMessages(CHANNEL)[0]!;
    const diagnoses = h.fake
      .threadReplies(CHANNEL, card.ts)
      .filter((reply) => reply.text.includes('1/3') || /verifica/i.test(reply.text));
    expect(diagnoses.length).toBeGreaterThanOrEqual(1);
    const told = JSON.stringify(h.fake.responses.slice(before));
    expect(told).toMatch(/já está rodando \(pedido por <@U111>\)|já está rodando \(pedido por <@U222>\)/);
  });
});
