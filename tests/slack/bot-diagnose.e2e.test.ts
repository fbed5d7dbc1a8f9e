import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BotHarness, CHANNEL, SIGNING_SECRET, startBotHarness } from '../support/bot-harness.ts';
import { sendSigned } from '../support/signed-request.ts';

/** Everything the fake Slack received, as one string (bodies, uploaded files, response_url posts). */
function everythingSent(h: BotHarness): string {
  return JSON.stringify([
    h.fake.calls,
    h.fake.responses,
    h.fake.files.map((file) => file.content.toString('utf8')),
  ]);
}

const textOf = (message: { text: string; blocks: unknown[] }) =>
  `${message.text}\n${JSON.stringify(message.blocks)}`;

describe('/apidown in a channel (HTTP mode, fake Slack, simulated host redis-down)', () => {
  let h: BotHarness;

  beforeAll(async () => {
    h = await startBotHarness({ scenario: 'redis-down' });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('acks at once, posts the incident card, and the verdicts with the Redis suggestion in its thread', async () => {
    const ack = await h.slash('diagnose', { user: 'U111' });
    expect(ack.status).toBe(200);
    expect(ack.ms).toBeLessThan(3000);

    const card = await h.fake.waitFor(() => h.fake.channelMessages(CHANNEL)[0]);
    expect(card.text).toContain('API DOWN');
    const verdicts = await h.fake.waitFor(() => h.fake.threadReplies(CHANNEL, card.ts)[0], 15_000);
    const text = textOf(verdicts);
    expect(text).toContain('Diagnóstico rápido'.toUpperCase().slice(0, 5));
    expect(text).toContain('Up (healthy)');
    expect(text).toContain('HTTP 503');
    expect(text).toContain('problema-erro-de-conexao-com-redis');
    await h.settle();
    // The card carries the symptoms of this first diagnosis.
    const cardNow = h.fake.channelMessages(CHANNEL)[0]!;
    expect(textOf(cardNow)).toContain('HTTP 503');
    // Running ack and no more than 4 Web API calls for the whole diagnose (card, thread, upload x2).
    const webCalls = h.fake.calls.filter((call) => call.method !== 'upload' && call.method !== 'auth.test');
    expect(webCalls.length).toBeLessThanOrEqual(4);
    expect(h.fake.files.length).toBe(1);
  });

  it('posts a second diagnose into the same thread and updates the card in place', async () => {
    const before = h.fake.channelMessages(CHANNEL).length;
    await h.slash('diagnose', { user: 'U222' });
    const card = h.fake.channelMessages(CHANNEL)[0]!;
    await h.fake.waitFor(() => h.fake.threadReplies(CHANNEL, card.ts).length >= 2 || undefined, 15_000);
    await h.settle();
    expect(h.fake.channelMessages(CHANNEL).length).toBe(before);
    expect(h.fake.callsTo('chat.update').length).toBeGreaterThanOrEqual(1);
  });

  it('answers /apidown status from the store, ephemerally', async () => {
    const postsBefore = h.fake.responses.length;
    await h.slash('status');
    const answer = await h.fake.waitFor(() => h.fake.responses[postsBefore]);
    expect(JSON.stringify(answer.body)).toContain('ephemeral');
    expect(JSON.stringify(answer.body)).toContain('#1');
  });

  it('answers help and a typo with the closest subcommand', async () => {
    const postsBefore = h.fake.responses.length;
    await h.slash('diagnos');
    const answer = await h.fake.waitFor(() => h.fake.responses[postsBefore]);
    expect(JSON.stringify(answer.body)).toContain('diagnose');
  });

  it('rejects unsigned, wrongly signed and stale requests with 401 and runs nothing', async () => {
    const calls = h.fake.calls.length;
    const body = new URLSearchParams({
      command: '/apidown',
      text: 'diagnose',
      user_id: 'U1',
      channel_id: CHANNEL,
    }).toString();
    const unsigned = await sendSigned({ url: h.eventsUrl, secret: SIGNING_SECRET, body, signature: null });
    const wrong = await sendSigned({ url: h.eventsUrl, secret: 'not-the-secret-at-all', body });
    const stale = await sendSigned({
      url: h.eventsUrl,
      secret: SIGNING_SECRET,
      body,
      timestamp: Math.floor(Date.now() / 1000) - 6 * 60,
    });
    expect([unsigned.status, wrong.status, stale.status]).toEqual([401, 401, 401]);
    await h.settle(300);
    expect(h.fake.calls.length).toBe(calls);
  });

  it('never sends a secret of the host or of the bot to Slack', () => {
    const sent = everythingSent(h);
    expect(h.sandbox.secrets.length).toBeGreaterThan(0);
    for (const secret of [...h.sandbox.secrets, SIGNING_SECRET]) expect(sent).not.toContain(secret);
  });

  it('keeps using the open incident thread after a restart with the same DATA_DIR', async () => {
    const card = h.fake.channelMessages(CHANNEL)[0]!;
    const replies = h.fake.threadReplies(CHANNEL, card.ts).length;
    await h.restart();
    await h.slash('diagnose');
    await h.fake.waitFor(() => h.fake.threadReplies(CHANNEL, card.ts).length > replies || undefined, 15_000);
    expect(h.fake.channelMessages(CHANNEL).length).toBe(1);
  });
});

describe('channel allowlist and retries', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness({ scenario: 'healthy', binding: { channels: ['C0ALLOWED'] } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('refuses a command from a channel outside the allowlist and runs nothing', async () => {
    await h.slash('diagnose', { channel: 'C0OTHER' });
    const answer = await h.fake.waitFor(() => h.fake.responses[0]);
    expect(JSON.stringify(answer.body)).toContain('C0ALLOWED');
    await h.settle(300);
    expect(h.fake.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('tells the user to invite the bot when it is not in the channel', async () => {
    h.fake.setChannel('C0ALLOWED', { member: false });
    const before = h.fake.responses.length;
    await h.slash('diagnose', { channel: 'C0ALLOWED' });
    await h.fake.waitFor(() => h.fake.responses.length >= before + 2 || undefined, 15_000);
    expect(JSON.stringify(h.fake.responses.slice(before))).toMatch(/invite|convid/i);
  });
});
