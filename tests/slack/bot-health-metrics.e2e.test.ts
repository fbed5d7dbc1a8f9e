import parsePrometheusTextFormat, { type ParsedFamily } from 'parse-prometheus-text-format';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BotHarness, CHANNEL, startBotHarness } from '../support/bot-harness.ts';

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
});
