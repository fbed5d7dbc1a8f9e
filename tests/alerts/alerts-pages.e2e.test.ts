import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Incident } from '../../src/store/records.ts';
import { type BotHarness, CHANNEL, SIGNING_SECRET, startBotHarness } from '../support/bot-harness.ts';
import { FakeClock } from '../support/fake-clock.ts';
import type { FakeMessage } from '../support/fake-slack-types.ts';
import { postInteraction } from '../support/signed-request.ts';
import { type ViewValuesInput, viewSubmission } from '../support/slack-payloads.ts';
import { alertmanagerBody, type PagerRequest, startFakePager } from './fake-pager.ts';

/** now() is fake and moved by the test; timers run in real time (Slack pacing, step timeouts). */
class FakeNowClock extends FakeClock {
  override setTimer(ms: number, fn: () => void): () => void {
    const timer = setTimeout(fn, Math.max(0, ms));
    return () => clearTimeout(timer);
  }
}

const TOKEN = 'alerts-token-0123456789abcdef';
const PD_KEY = 'R0UT1NGKEYDEVOPS0000000000000000';
const HOUR = 3_600_000;
const textOf = (message: { text: string; blocks: unknown[] }) =>
  `${message.text}\n${JSON.stringify(message.blocks)}`;

describe('alerts in, pages out, over HTTP (real bot, fake Slack, fake PagerDuty)', () => {
  let h: BotHarness;
  let pager: Awaited<ReturnType<typeof startFakePager>>;
  const clock = new FakeNowClock();
  let alertsUrl = '';

  const post = (body: string, headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }) =>
    fetch(alertsUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const card = (): FakeMessage => {
    const found = h.fake.channelMessages(CHANNEL).find((m) => !m.thread_ts);
    if (!found) throw new Error('no card');
    return found;
  };
  const incidents = (): Incident[] => h.bot().bot.deps.store.listIncidents({ limit: 100 });
  const triggers = (): PagerRequest[] => pager.requests.filter((r) => r.json.event_action === 'trigger');

  beforeAll(async () => {
    pager = await startFakePager();
    h = await startBotHarness({
      scenario: 'redis-down',
      clock,
      tickMs: HOUR,
      env: { ALERTS_TOKEN: TOKEN, PD_KEY_DEVOPS: PD_KEY, PAGERDUTY_EVENTS_URL: `${pager.url}/v2/enqueue` },
      binding: {
        alerts: [
          { match: { alertname: 'ApiDown', severity: 'critical' }, run: 'diagnose', channel: CHANNEL },
        ],
        roles: {
          'DevOps Lead': { usergroups: ['S01DEVOPS0'], pagerduty: { routingKeyEnv: 'PD_KEY_DEVOPS' } },
          'Tech Lead': { users: ['U01TECHLD0'] },
          CTO: { users: ['U01CTO000'] },
        },
      },
    });
    alertsUrl = `http://127.0.0.1:${h.bot().port}/alerts/alertmanager`;
  }, 60_000);
  afterAll(async () => {
    await h?.close();
    await pager?.stop();
  });

  it('refuses a missing or wrong token, a body too large, and malformed JSON, changing nothing', async () => {
    expect((await post(alertmanagerBody([{}]), {})).status).toBe(401);
    expect(
      (await post(alertmanagerBody([{}]), { authorization: 'Bearer wrong-token-0123456789' })).status,
    ).toBe(401);
    const bad = await post('{"alerts": [');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/^malformed JSON/);
    const shape = await post('{"alerts": [{"status": "on fire"}]}');
    expect(shape.status).toBe(400);
    expect(((await shape.json()) as { error: string }).error).toContain('alerts.0.status');
    const huge = await post(JSON.stringify({ alerts: [], padding: 'x'.repeat(1024 * 1024 + 10) }));
    expect(huge.status).toBe(413);
    expect(incidents()).toEqual([]);
    expect(h.fake.channelMessages(CHANNEL)).toEqual([]);
  });

  it('a firing alert opens the incident; the card names the alert and the verdicts reach the thread', async () => {
    const answer = await post(alertmanagerBody([{}]));
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ received: 1, queued: 1, duplicates: 0 });
    const first = await h.fake.waitFor(
      () => h.fake.channelMessages(CHANNEL).find((m) => !m.thread_ts),
      20_000,
    );
    const verdicts = await h.fake.waitFor(
      () => h.fake.threadReplies(CHANNEL, first.ts).find((m) => textOf(m).includes('Redis')),
      30_000,
    );
    expect(verdicts).toBeDefined();
    await h.settle();
    const text = textOf(card());
    expect(text).toContain('Aberto pelo alerta ApiDown');
    expect(text).toContain('The API answers 503 on /health');
    expect(text).toContain('instance=api-1:3000');
    expect(text).toContain('http://prometheus.example:9090/graph');
    expect(incidents()).toHaveLength(1);
    expect(incidents()[0]?.openedBy).toBe('alert:ApiDown');
  }, 60_000);

  it('the same alert again changes nothing', async () => {
    const before = h.fake.messages.length;
    const answer = await post(alertmanagerBody([{}]));
    expect(await answer.json()).toMatchObject({ queued: 0, duplicates: 1 });
    await h.settle();
    expect(h.fake.messages.length).toBe(before);
    expect(incidents()).toHaveLength(1);
    const alerts = h
      .bot()
      .bot.deps.store.listTimeline(incidents()[0]?.id ?? 0)
      .filter((e) => e.kind === 'alert');
    expect(alerts).toHaveLength(1);
  });

  it('resolved: a thread message and a timeline entry; the incident stays open', async () => {
    const answer = await post(alertmanagerBody([{ status: 'resolved', endsAt: '2026-11-29T17:05:00Z' }]));
    expect(await answer.json()).toMatchObject({ queued: 1 });
    const note = await h.fake.waitFor(
      () =>
        h.fake.threadReplies(CHANNEL, card().ts).find((m) => textOf(m).includes('alerta ApiDown resolvido')),
      20_000,
    );
    expect(textOf(note)).toContain('instance=api-1:3000');
    const [incident] = incidents();
    expect(incident?.status).not.toBe('resolved');
    const kinds = h
      .bot()
      .bot.deps.store.listTimeline(incident?.id ?? 0)
      .filter((e) => e.kind === 'alert')
      .map((e) => e.data.status);
    expect(kinds).toEqual(['firing', 'resolved']);
  });

  it('at its due time the escalation pings in Slack and sends ONE PagerDuty trigger; the card says it was accepted', async () => {
    const [incident] = incidents();
    if (!incident) throw new Error('no incident');
    await clock.set(incident.openedAt + 15 * 60_000 - 1000);
    await h.bot().bot.tick();
    await h.settle(200);
    expect(triggers()).toEqual([]);

    await clock.set(incident.openedAt + 15 * 60_000);
    await h.bot().bot.tick();
    const ping = await h.fake.waitFor(
      () =>
        h.fake.messages.find(
          (m) => m.channel === CHANNEL && m.reply_broadcast && textOf(m).includes('DevOps Lead'),
        ),
      20_000,
    );
    expect(textOf(ping)).toContain('<!subteam^S01DEVOPS0>');
    await h.fake.waitFor(() => triggers()[0], 20_000);
    await h.bot().bot.tick();
    await h.settle();
    expect(triggers()).toHaveLength(1);
    const [trigger] = triggers();
    expect(trigger?.path).toBe('/v2/enqueue');
    expect(trigger?.json).toMatchObject({
      routing_key: PD_KEY,
      event_action: 'trigger',
      dedup_key: `runbook-bot/api-down/${incident.id}-${incident.openedAt}/level-0/devops-lead`,
      payload: { severity: 'critical', source: 'runbook-bot/api-down', group: 'DevOps Lead' },
    });
    const line = await h.fake.waitFor(
      () =>
        h.fake.threadReplies(CHANNEL, card().ts).find((m) => textOf(m).includes('acionado via PagerDuty')),
      20_000,
    );
    expect(textOf(line)).toContain('aceito (202 Event processed)');
    await clock.advance(6000);
    await h.bot().bot.tick();
    await h.fake.waitFor(
      () => textOf(card()).includes('DevOps Lead acionado via PagerDuty: aceito') || undefined,
      20_000,
    );
    // The key never reaches Slack.
    expect(h.fake.messages.some((m) => textOf(m).includes(PD_KEY))).toBe(false);
  }, 90_000);

  it('resolving the incident sends the resolve with the same dedup key', async () => {
    const [incident] = incidents();
    if (!incident) throw new Error('no incident');
    const views = h.fake.views.length;
    await h.slash('resolve', { user: 'U222' });
    await h.fake.waitFor(() => h.fake.views.length > views || undefined, 15_000);
    const view = h.fake.views.at(-1)?.view as {
      blocks?: { type: string; block_id: string; element: { initial_value?: string } }[];
    };
    const values: ViewValuesInput = Object.fromEntries(
      (view.blocks ?? [])
        .filter((block) => block.type === 'input')
        .map((block) => [block.block_id, { value: block.element.initial_value || 'filled by the test' }]),
    );
    const answer = await postInteraction(
      h.eventsUrl,
      SIGNING_SECRET,
      viewSubmission({
        callback_id: 'incident_report',
        private_metadata: `${incident.id}:resolve`,
        values,
        user: 'U222',
      }),
    );
    expect(answer.status).toBe(200);
    await h.fake.waitFor(
      () => h.bot().bot.deps.store.getIncident(incident.id)?.status === 'resolved' || undefined,
      15_000,
    );
    await h.bot().bot.tick();
    const resolve = await h.fake.waitFor(
      () => pager.requests.find((r) => r.json.event_action === 'resolve'),
      20_000,
    );
    expect(resolve.json).toEqual({
      routing_key: PD_KEY,
      event_action: 'resolve',
      dedup_key: triggers()[0]?.json.dedup_key,
    });
    await h.bot().bot.tick();
    await h.settle();
    expect(pager.requests.filter((r) => r.json.event_action === 'resolve')).toHaveLength(1);
    expect(triggers()).toHaveLength(1);
  }, 60_000);
});
