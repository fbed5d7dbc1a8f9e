import parsePrometheusTextFormat, { type ParsedFamily } from 'parse-prometheus-text-format';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOT_TOKEN, type BotHarness, CHANNEL, startBotHarness } from '../support/bot-harness.ts';
import { FakeClock } from '../support/fake-clock.ts';

async function scrape(h: BotHarness): Promise<ParsedFamily[]> {
  const response = await fetch(h.eventsUrl.replace('/slack/events', '/metrics'));
  expect(response.status).toBe(200);
  // Only counters and gauges: this parser folds histogram series together (see tests/observability).
  const text = (await response.text())
    .split('\n')
    .filter((line) => !/_bucket|_sum|_count|histogram/.test(line))
    .join('\n');
  return parsePrometheusTextFormat(text);
}

function counter(families: ParsedFamily[], name: string, labels: Record<string, string>): number {
  const family = families.find((candidate) => candidate.name === name);
  const sample = family?.metrics.find((metric) =>
    Object.entries(labels).every(([key, value]) => metric.labels?.[key] === value),
  );
  return Number(sample?.value ?? 0);
}

describe('the bot in operation: /healthz and /metrics on its port', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness({ scenario: 'redis-down' });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('is live and ready once Slack answered auth.test and the database is writable', async () => {
    const response = await fetch(h.eventsUrl.replace('/slack/events', '/healthz'));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      live: true,
      ready: true,
      checks: { slack: true, database: true },
    });
  });

  it('counts commands and step verdicts after a diagnose (parsed as Prometheus text)', async () => {
    const before = await scrape(h);
    await h.slash('diagnose');
    const card = await h.fake.waitFor(() => h.fake.channelMessages(CHANNEL)[0]);
    await h.fake.waitFor(() => h.fake.threadReplies(CHANNEL, card.ts)[0], 15_000);
    const after = await scrape(h);
    const commands = { runbook: 'api-down', subcommand: 'diagnose' };
    expect(counter(after, 'runbook_bot_commands_total', commands)).toBe(
      counter(before, 'runbook_bot_commands_total', commands) + 1,
    );
    const failed = { runbook: 'api-down', status: 'fail' };
    expect(counter(after, 'runbook_bot_step_verdicts_total', failed)).toBeGreaterThanOrEqual(
      counter(before, 'runbook_bot_step_verdicts_total', failed) + 2,
    );
  });

  it('answers a click by someone who reads the channel without being a member, through the response_url', async () => {
    await h.slash('diagnose');
    const card = await h.fake.waitFor(() => h.fake.channelMessages(CHANNEL)[0]);
    const incidentId = h.bot().bot.deps.store.getOpenIncident('api-down', CHANNEL)?.id;
    expect(incidentId).toBeDefined();
    // U999 reads the public channel without having joined it: Slack answers
    // user_not_in_channel to chat.postEphemeral for them.
    h.fake.setChannelMembers(CHANNEL, ['U111', 'UBOT']);
    const responseUrl = h.fake.responseUrl();
    const answer = await h.click({
      action_id: 'diagnose',
      value: String(incidentId),
      user: 'U999',
      message_ts: card.ts,
      response_url: responseUrl,
      action_ts: '1764424999.000001',
    });
    expect(answer.status).toBe(200);
    const feedback = await h.fake.waitFor(
      () => h.fake.responses.find((post) => post.url === responseUrl && post.accepted),
      15_000,
    );
    expect(feedback.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(String(feedback.body.text)).not.toBe('');
    await h.settle();
    expect(h.fake.callsTo('chat.postEphemeral').filter((call) => call.args.user === 'U999')).toEqual([]);
    h.fake.setChannelMembers(CHANNEL, null);
  }, 30_000);

  it('never sends an empty `blocks` array (Slack documents it only for chat.update)', async () => {
    await h.slash('status');
    await h.slash('status', { channel: 'C0QUIET' });
    await h.slash('diagnose');
    await h.settle();
    const posts = h.fake.calls.filter((call) => call.method !== 'chat.update');
    expect(posts.length).toBeGreaterThan(0);
    expect(posts.filter((call) => Array.isArray(call.args.blocks) && call.args.blocks.length === 0)).toEqual(
      [],
    );
    expect(h.fake.calls.filter((call) => call.error === 'invalid_blocks')).toEqual([]);
    const responses = h.fake.responses.filter(
      (post) => Array.isArray(post.body.blocks) && post.body.blocks.length === 0,
    );
    expect(responses).toEqual([]);
  }, 30_000);
});

describe('start-up with a token Slack rejects', () => {
  let h: BotHarness;
  const clock = new FakeClock();
  beforeAll(async () => {
    h = await startBotHarness({ scenario: 'healthy', clock, fake: { tokenError: 'invalid_auth' } });
  });
  afterAll(async () => {
    await h?.close();
  });

  async function healthz() {
    const response = await fetch(h.eventsUrl.replace('/slack/events', '/healthz'));
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  it('stays up and not ready with the reason, then becomes ready in the same process once Slack takes the token', async () => {
    const bot = h.bot();
    const down = await healthz();
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({
      live: true,
      ready: false,
      checks: { slack: false, database: true },
      reason: 'Slack rejected the token (invalid_auth)',
    });
    expect(JSON.stringify(down.body)).not.toContain(BOT_TOKEN);

    // The next try is 1 s later on the injected clock; still refused, then 2 s later.
    await clock.advance(1000);
    await h.fake.waitFor(() => h.fake.callsTo('auth.test').length >= 2);
    expect((await healthz()).status).toBe(503);

    h.fake.setTokenError(null);
    await clock.advance(2000);
    await h.fake.waitFor(() => h.fake.callsTo('auth.test').some((call) => call.ok), 10_000);
    let up = await healthz();
    for (let i = 0; i < 50 && up.status !== 200; i++) {
      await new Promise((resolve) => setImmediate(resolve));
      up = await healthz();
    }
    expect(up).toEqual({
      status: 200,
      body: { live: true, ready: true, checks: { slack: true, database: true } },
    });
    expect(h.bot()).toBe(bot);
  }, 30_000);
});
