import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDuration } from '../../src/render/i18n/format-duration.ts';
import type { Incident } from '../../src/store/records.ts';
import { runCliCaptured } from '../cli/inspect-cli-harness.ts';
import { type BotHarness, CHANNEL, SIGNING_SECRET, startBotHarness } from '../support/bot-harness.ts';
import { FakeClock } from '../support/fake-clock.ts';
import type { FakeMessage } from '../support/fake-slack-types.ts';
import { postInteraction, type SignedResponse } from '../support/signed-request.ts';
import { type ViewValuesInput, viewSubmission } from '../support/slack-payloads.ts';

const run = promisify(execFile);

/**
 * The bot's clock: `now()` is fake and only moves when the test says so (escalation due times,
 * the incident's start and end); timers and sleeps run in real time, so the per-channel pacing of
 * Slack posts and the steps' timeouts behave as in production while the test controls the hour.
 */
class FakeNowClock extends FakeClock {
  override setTimer(ms: number, fn: () => void): () => void {
    const timer = setTimeout(fn, Math.max(0, ms));
    return () => clearTimeout(timer);
  }
}

/** 2026-11-29 at hh:mm:ss UTC (the FakeClock starts at 14:00:00). */
const at = (h: number, m: number, s = 0) => Date.UTC(2026, 10, 29, h, m, s);
const HOUR = 3_600_000;

const textOf = (message: { text: string; blocks: unknown[] }) =>
  `${message.text}\n${JSON.stringify(message.blocks)}`;

/** Escalation pings: thread replies also shown in the channel. */
function pingsIn(h: BotHarness, channel: string): FakeMessage[] {
  return h.fake.messages.filter((m) => m.channel === channel && m.thread_ts && m.reply_broadcast);
}

const cardOf = (h: BotHarness, channel: string): FakeMessage => {
  const card = h.fake.channelMessages(channel).find((m) => !m.thread_ts);
  if (!card) throw new Error(`no card in ${channel}`);
  return card;
};

function incidentIn(h: BotHarness, channel: string): Incident {
  const { store } = h.bot().bot.deps;
  const found = store.listIncidents({ limit: 100 }).find((incident) => incident.channel === channel);
  if (!found) throw new Error(`no incident in ${channel}`);
  return store.getIncident(found.id) ?? found;
}

/** `/apidown diagnose` in a channel: the card, then the verdicts in its thread. */
async function openIncident(h: BotHarness, channel: string): Promise<FakeMessage> {
  await h.slash('diagnose', { channel });
  const card = await h.fake.waitFor(() => h.fake.channelMessages(channel)[0], 15_000);
  await h.fake.waitFor(() => h.fake.threadReplies(channel, card.ts)[0], 20_000);
  await h.settle();
  return cardOf(h, channel);
}

async function tickAt(h: BotHarness, clock: FakeClock, time: number): Promise<void> {
  await clock.set(time);
  await h.bot().bot.tick();
  await h.settle(200);
}

async function submitReport(
  h: BotHarness,
  incidentId: number,
  mode: 'report' | 'resolve',
  values: ViewValuesInput,
  user = 'U222',
): Promise<SignedResponse> {
  return postInteraction(
    h.eventsUrl,
    SIGNING_SECRET,
    viewSubmission({
      callback_id: 'incident_report',
      private_metadata: `${incidentId}:${mode}`,
      values,
      user,
    }),
  );
}

interface ModalInput {
  block_id: string;
  optional?: boolean;
  element: { initial_value?: string };
}

/** The text inputs of the last modal opened (block_id -> its input). */
function lastModalInputs(h: BotHarness): ModalInput[] {
  const view = h.fake.views.at(-1)?.view as { blocks?: { type: string }[] } | undefined;
  return (view?.blocks ?? []).filter((block) => block.type === 'input') as unknown as ModalInput[];
}

/** Values for every input of the modal: the prefilled text, overridden by label. */
function valuesFrom(inputs: ModalInput[], overrides: Record<string, string> = {}): ViewValuesInput {
  return Object.fromEntries(
    inputs.map((input) => {
      const label = input.block_id.replace(/^field:/, '');
      return [input.block_id, { value: overrides[label] ?? input.element.initial_value ?? '' }];
    }),
  );
}

describe('escalation and the incident record through Slack (fake clock, redis-down host)', () => {
  let h: BotHarness;
  const clock = new FakeNowClock();

  beforeAll(async () => {
    // The tick timer is left far away: the test ticks by hand after moving the clock.
    h = await startBotHarness({ scenario: 'redis-down', clock, tickMs: HOUR });
  }, 30_000);
  afterAll(async () => {
    await h?.close();
  });

  it('pings the DevOps Lead once at 15:00 after the start (not at 14:59), in the thread and the channel', async () => {
    const card = await openIncident(h, CHANNEL);
    expect(incidentIn(h, CHANNEL).openedAt).toBe(at(14, 0));
    // The card announces the next escalation before it fires.
    expect(textOf(card)).toContain('Próximo escalonamento');
    expect(textOf(card)).toContain('DevOps Lead');
    expect(textOf(card)).toContain('11:15'); // 14:15 UTC in the bot's TZ (America/Sao_Paulo)

    await tickAt(h, clock, at(14, 14, 59));
    expect(pingsIn(h, CHANNEL)).toHaveLength(0);

    await tickAt(h, clock, at(14, 15, 0));
    const pings = pingsIn(h, CHANNEL);
    expect(pings).toHaveLength(1);
    const ping = textOf(pings[0]!);
    expect(pings[0]!.thread_ts).toBe(card.ts);
    expect(ping).toContain('<!subteam^S01DEVOPS0>');
    expect(ping).toContain('DevOps Lead');
    expect(ping).toContain('15 min');
    // The runbook's checklist for that level.
    expect(ping).toContain('Verificar métricas do Prometheus');
    expect(ping).toContain('Analisar logs do Caddy');
    expect(ping).not.toContain('Tech Lead');

    await tickAt(h, clock, at(14, 15, 5));
    await tickAt(h, clock, at(14, 40));
    expect(pingsIn(h, CHANNEL)).toHaveLength(1);
    // Nothing left to escalate on a timer: the card no longer announces one.
    expect(textOf(cardOf(h, CHANNEL))).not.toContain('Próximo escalonamento');
  }, 45_000);

  it('"Many users affected" pings Tech Lead and CTO at once, and only once (button and command)', async () => {
    const channel = 'C0MANY';
    await openIncident(h, channel);
    const incident = incidentIn(h, channel);
    await h.click({ action_id: 'many_users', value: String(incident.id), channel, user: 'U333' });
    const ping = await h.fake.waitFor(() => pingsIn(h, channel)[0], 10_000);
    const text = textOf(ping);
    expect(text).toContain('<@U01TECHLD0>');
    expect(text).toContain('<@U01CTO000>');
    expect(text).toContain('Tech Lead');
    expect(text).toContain('CTO');
    expect(text).toContain('Verificar status de outros serviços');
    expect(text).not.toContain('S01DEVOPS0');

    await h.slash('impact many', { channel, user: 'U444' });
    await h.click({ action_id: 'many_users', value: String(incident.id), channel, user: 'U555' });
    await h.settle();
    expect(pingsIn(h, channel)).toHaveLength(1);
    expect(textOf(cardOf(h, channel))).toContain('Vários usuários afetados');
  }, 45_000);

  it('`/apidown impact many` alone pings Tech Lead and CTO', async () => {
    const channel = 'C0IMPACT';
    await openIncident(h, channel);
    await h.slash('impact many', { channel });
    const ping = await h.fake.waitFor(() => pingsIn(h, channel)[0], 10_000);
    expect(textOf(ping)).toContain('<@U01TECHLD0>');
    expect(textOf(ping)).toContain('<@U01CTO000>');
    await h.settle();
    expect(pingsIn(h, channel)).toHaveLength(1);
  }, 45_000);

  it('"Fill in report" opens the modal with the manual fields, the root cause suggested from the evidence', async () => {
    const incident = incidentIn(h, CHANNEL);
    const views = h.fake.views.length;
    await h.click({ action_id: 'fill_report', value: String(incident.id), user: 'U222' });
    await h.fake.waitFor(() => h.fake.views.length > views || undefined, 10_000);
    const inputs = lastModalInputs(h);
    expect(inputs.map((input) => input.block_id)).toEqual([
      'field:Causa raiz',
      'field:Impacto',
      'field:Prevenção',
    ]);
    const cause = inputs.find((input) => input.block_id === 'field:Causa raiz');
    expect(cause?.optional).toBe(false);
    const evidence = JSON.stringify(
      h
        .bot()
        .bot.deps.store.listTimeline(incident.id)
        .map((e) => e.data),
    );
    expect(cause?.element.initial_value, evidence).toBe('Redis inacessível (ECONNREFUSED redis:6379)');
  });

  it('refuses a too-long or missing required field (modal stays open with errors) and saves nothing', async () => {
    const incident = incidentIn(h, CHANNEL);
    const inputs = lastModalInputs(h);
    const before = h.bot().bot.deps.store.getIncident(incident.id)?.report;

    const tooLong = await submitReport(
      h,
      incident.id,
      'resolve',
      valuesFrom(inputs, { Impacto: 'x'.repeat(3001) }),
    );
    expect(tooLong.status).toBe(200);
    const tooLongBody = JSON.parse(tooLong.text) as {
      response_action: string;
      errors: Record<string, string>;
    };
    expect(tooLongBody.response_action).toBe('errors');
    expect(Object.keys(tooLongBody.errors)).toEqual(['field:Impacto']);

    const missing = await submitReport(
      h,
      incident.id,
      'resolve',
      valuesFrom(inputs, { 'Causa raiz': '   ' }),
    );
    const missingBody = JSON.parse(missing.text) as {
      response_action: string;
      errors: Record<string, string>;
    };
    expect(missingBody.response_action).toBe('errors');
    expect(Object.keys(missingBody.errors)).toEqual(['field:Causa raiz']);

    await h.settle(300);
    const after = h.bot().bot.deps.store.getIncident(incident.id);
    expect(after?.status).not.toBe('resolved');
    expect(after?.report).toEqual(before);
  });

  it('`/apidown resolve` + submit closes it: report in the thread and as Markdown, card resolved, no more pings', async () => {
    const incident = incidentIn(h, CHANNEL);
    await clock.set(at(14, 42, 30));
    const views = h.fake.views.length;
    await h.slash('resolve', { user: 'U222' });
    await h.fake.waitFor(() => h.fake.views.length > views || undefined, 10_000);
    const inputs = lastModalInputs(h);
    expect(inputs.find((i) => i.block_id === 'field:Causa raiz')?.element.initial_value).toMatch(/Redis/);

    const answer = await submitReport(
      h,
      incident.id,
      'resolve',
      valuesFrom(inputs, { Impacto: 'Todos os usuários do chat por 42 min' }),
    );
    expect(answer.status).toBe(200);
    expect(answer.text).not.toContain('errors');
    const card = cardOf(h, CHANNEL);
    const report = await h.fake.waitFor(
      () => h.fake.threadReplies(CHANNEL, card.ts).find((m) => textOf(m).includes('resolvido')),
      10_000,
    );
    const file = await h.fake.waitFor(
      () => h.fake.files.find((f) => f.filename.startsWith(`incident-${incident.id}-`) && f.channel),
      10_000,
    );
    await h.settle();

    const duration = formatDuration(at(14, 42, 30) - at(14, 0), 'pt-BR');
    expect(duration).toBe('42 min 30 s');
    const labels = [
      'Timestamp do início',
      'Timestamp da resolução',
      'Sintomas observados',
      'Ações executadas',
      'Causa raiz',
      'Tempo de resolução',
      'Impacto',
      'Prevenção',
    ];
    const markdown = file.content.toString('utf8');
    for (const label of labels) {
      expect(textOf(report)).toContain(label);
      expect(markdown).toContain(label);
    }
    expect(file.thread_ts).toBe(card.ts);
    expect(markdown).toContain(duration);
    expect(markdown).toContain('Todos os usuários do chat por 42 min');
    expect(markdown).toMatch(/Redis/);
    // The actions taken, from the timeline: the diagnosis and the escalation that fired.
    expect(markdown).toMatch(/DIAGN[ÓO]STICO R[ÁA]PIDO/i);
    expect(markdown).toContain('DevOps Lead');
    expect(markdown).toContain('HTTP 503');

    const cardNow = textOf(cardOf(h, CHANNEL));
    expect(cardNow).toContain('Resolvido por');
    expect(cardNow).not.toContain('Próximo escalonamento');
    expect(h.bot().bot.deps.store.getIncident(incident.id)?.status).toBe('resolved');
  }, 30_000);

  it('refuses a modal submitted for an already-resolved incident and overwrites nothing', async () => {
    const incident = incidentIn(h, CHANNEL);
    const stored = h.bot().bot.deps.store.getIncident(incident.id);
    const messages = h.fake.messages.length;
    const answer = await submitReport(h, incident.id, 'resolve', {
      'field:Causa raiz': { value: 'outra causa' },
      'field:Impacto': { value: 'nenhum' },
      'field:Prevenção': { value: '' },
    });
    const body = JSON.parse(answer.text) as { response_action: string; errors: Record<string, string> };
    expect(body.response_action).toBe('errors');
    expect(Object.values(body.errors).join(' ')).toContain('já está resolvido; nada foi alterado');
    await h.settle(300);
    expect(h.bot().bot.deps.store.getIncident(incident.id)).toEqual(stored);
    expect(h.fake.messages.length).toBe(messages);
  });

  it('a resolved incident is never escalated: resolved before its due time, no ping after it', async () => {
    const channel = 'C0EARLY';
    await clock.set(at(15, 0));
    await openIncident(h, channel);
    const incident = incidentIn(h, channel);
    await clock.set(at(15, 5));
    const views = h.fake.views.length;
    await h.slash('resolve', { channel, user: 'U222' });
    await h.fake.waitFor(() => h.fake.views.length > views || undefined, 10_000);
    await submitReport(h, incident.id, 'resolve', valuesFrom(lastModalInputs(h)));
    await h.fake.waitFor(
      () => h.bot().bot.deps.store.getIncident(incident.id)?.status === 'resolved' || undefined,
    );
    await h.settle();
    await tickAt(h, clock, at(15, 15));
    await tickAt(h, clock, at(16, 0));
    expect(pingsIn(h, channel)).toHaveLength(0);
    // The first incident (resolved at 14:42:30) got nothing more either.
    expect(pingsIn(h, CHANNEL)).toHaveLength(1);
  }, 45_000);

  it('`runbook-bot incidents export` on the DATA_DIR prints the same report', async () => {
    const incident = incidentIn(h, CHANNEL);
    const { stdout } = await run(
      process.execPath,
      ['bin/runbook-bot.js', 'incidents', 'export', String(incident.id)],
      {
        env: {
          ...process.env,
          DATA_DIR: h.dataDir,
          RUNBOOKS_DIR: h.runbooksDir,
          TZ: 'America/Sao_Paulo',
          LOG_LEVEL: 'silent',
        },
        timeout: 50_000,
      },
    );
    const uploaded = h.fake.files
      .find((f) => f.filename.startsWith(`incident-${incident.id}-`))!
      .content.toString('utf8');
    const fieldLines = (text: string) =>
      text.split('\n').filter((line) => /Causa raiz|Impacto|Tempo de resolução|Timestamp d[oa]/.test(line));
    expect(fieldLines(stdout)).toEqual(fieldLines(uploaded));
    expect(stdout).toContain('42 min 30 s');
    expect(stdout).toContain('Todos os usuários do chat por 42 min');
  }, 30_000);
});

describe('a role of the runbook with no Slack mapping', () => {
  let h: BotHarness;
  const clock = new FakeNowClock();

  beforeAll(async () => {
    h = await startBotHarness({
      scenario: 'redis-down',
      clock,
      tickMs: HOUR,
      binding: {
        roles: { 'DevOps Lead': { usergroups: ['S01DEVOPS0'] }, 'Tech Lead': { users: ['U01TECHLD0'] } },
      },
    });
  }, 30_000);
  afterAll(async () => {
    await h?.close();
  });

  it('the ping still mentions the mapped role and says which one has no mapping and how to add it', async () => {
    await openIncident(h, CHANNEL);
    const incident = incidentIn(h, CHANNEL);
    await h.click({ action_id: 'many_users', value: String(incident.id) });
    const ping = textOf(await h.fake.waitFor(() => pingsIn(h, CHANNEL)[0], 10_000));
    expect(ping).toContain('<@U01TECHLD0>');
    expect(ping).toContain('Papel \\"CTO\\" sem mapeamento no Slack');
    expect(ping).toContain('roles: CTO: {users: [...]}');
    expect(ping).toContain('api-down.yml');
  }, 45_000);

  it('`runbook-bot lint` warns about the unmapped role', async () => {
    const result = await runCliCaptured(['lint', h.runbooksDir], process.cwd());
    expect(result.stdout).toMatch(/warning: role "CTO" has no Slack mapping/);
    expect(result.stdout).toContain('roles: { CTO: { users: [U…] } }');
  });
});
