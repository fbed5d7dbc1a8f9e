// Issue 5 "Must show", end to end: the real bot in HTTP mode, the fake Slack, the simulated host.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/core/ports.ts';
import { systemClock } from '../../src/core/ports.ts';
import type { Approval, Incident, TimelineEntry } from '../../src/store/records.ts';
import { type BotHarness, CHANNEL, startBotHarness } from '../support/bot-harness.ts';
import type { FakeMessage } from '../support/fake-slack.ts';
import { buttonsOf, textOf } from '../support/slack-messages.ts';

const RESTART_CMD = 'docker compose -f compose.prod.yml restart api';
const APPROVERS = { users: ['U222'], usergroups: ['S0APPROVE'] };

/**
 * Real time plus an offset the test moves forward: expiry and the circuit breaker are tested by
 * jumping the bot's clock, while timers (step timeouts, the wait step, pacing) stay real.
 */
class JumpClock implements Clock {
  private offset = 0;
  now(): number {
    return Date.now() + this.offset;
  }
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return systemClock.sleep(ms, signal);
  }
  setTimer(ms: number, fn: () => void): () => void {
    return systemClock.setTimer(ms, fn);
  }
  jump(ms: number): void {
    this.offset += ms;
  }
}

function store(h: BotHarness) {
  return h.bot().bot.deps.store;
}

function incidentCard(h: BotHarness): FakeMessage {
  const card = h.fake.channelMessages(CHANNEL)[0];
  if (!card) throw new Error('no incident card');
  return card;
}

function openIncident(h: BotHarness): Incident {
  const incident = store(h).getOpenIncident('api-down', CHANNEL);
  if (!incident) throw new Error('no open incident');
  return incident;
}

function timeline(h: BotHarness): TimelineEntry[] {
  return store(h).listTimeline(openIncident(h).id);
}

/** Waits for the next pending approval card in the incident thread (one not seen before). */
async function nextApprovalCard(h: BotHarness, seen: ReadonlySet<string> = new Set()): Promise<FakeMessage> {
  const card = await h.fake.waitFor(() => h.fake.channelMessages(CHANNEL)[0], 15_000);
  return h.fake.waitFor(
    () =>
      h.fake
        .threadReplies(CHANNEL, card.ts)
        .find(
          (reply) => !seen.has(reply.ts) && buttonsOf(reply).some((button) => button.action_id === 'approve'),
        ),
    15_000,
  );
}

function approvalIdOf(card: FakeMessage): string {
  const value = buttonsOf(card).find((button) => button.action_id === 'approve')?.value;
  if (!value) throw new Error('approval card without an approve button');
  return value;
}

function approval(h: BotHarness, id: string): Approval {
  const found = store(h).getApproval(id);
  if (!found) throw new Error(`approval ${id} not in the store`);
  return found;
}

/** A click on a button of the approval card (posted in the incident thread). */
function clickOn(
  h: BotHarness,
  card: FakeMessage,
  input: { action_id: string; value: string; user: string },
) {
  return h.click({
    ...input,
    message_ts: card.ts,
    thread_ts: incidentCard(h).ts,
    action_ts: `${Date.now() / 1000}${Math.random().toString().slice(2, 8)}`,
  });
}

async function ephemeralFor(h: BotHarness, user: string, after: number) {
  return h.fake.waitFor(
    () => h.fake.ephemerals.slice(after).find((message) => message.user === user),
    15_000,
  );
}

async function waitForState(h: BotHarness, id: string, states: Approval['state'][], ms = 30_000) {
  return h.fake.waitFor(() => {
    const now = store(h).getApproval(id);
    return now && states.includes(now.state) ? now : undefined;
  }, ms);
}

describe('approve a restart through Slack (restart-fixes-it)', () => {
  let h: BotHarness;
  let card: FakeMessage;
  let id: string;

  beforeAll(async () => {
    h = await startBotHarness({
      scenario: 'restart-fixes-it',
      binding: { approvers: { ...APPROVERS, expiresAfter: '10m', maxPerHour: 3 } },
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('/apidown restart by U111 posts an approval card in the incident thread', async () => {
    const ack = await h.slash('restart', { user: 'U111' });
    expect(ack.status).toBe(200);
    card = await nextApprovalCard(h);
    id = approvalIdOf(card);
    const text = textOf(card);
    expect(text).toContain(RESTART_CMD); // the exact command
    expect(text).toContain('aguardar health check (até 60 s)'); // the runbook's sleep 30
    expect(text).toContain('<@U111>'); // requester
    expect(text).toContain('HTTP 503'); // fresh checks
    expect(text).toContain('<@U222>');
    expect(text).toContain('<!subteam^S0APPROVE>');
    const pending = approval(h, id);
    expect(pending.state).toBe('pending');
    const expiry = new Intl.DateTimeFormat('pt-BR', {
      hour: '2-digit',
      minute: '2-digit',
      timeZone: 'America/Sao_Paulo',
    }).format(pending.expiresAt);
    expect(text).toContain(`expira às ${expiry}`);
    expect(buttonsOf(card)).toEqual([
      expect.objectContaining({ action_id: 'approve', value: id }),
      expect.objectContaining({ action_id: 'deny', value: id }),
    ]);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await h.sandbox.restartCount()).toBe(0);
  });

  it("refuses U111's own Approve click with an ephemeral; nothing runs", async () => {
    const before = h.fake.ephemerals.length;
    await clickOn(h, card, { action_id: 'approve', value: id, user: 'U111' });
    const answer = await ephemeralFor(h, 'U111', before);
    expect(answer.text).toContain('outra pessoa precisa aprová-la');
    await h.settle(300);
    expect(approval(h, id).state).toBe('pending');
    expect(await h.sandbox.restartCount()).toBe(0);
    expect(timeline(h)).toContainEqual(expect.objectContaining({ kind: 'approval_refused', actor: 'U111' }));
  });

  it('U222 approves: the restart runs once, healthy again, verification 4/4, cards updated', async () => {
    const clicked = performance.now();
    await clickOn(h, card, { action_id: 'approve', value: id, user: 'U222' });
    const done = await waitForState(h, id, ['succeeded', 'failed']);
    const ms = performance.now() - clicked;
    expect(done.state).toBe('succeeded');
    expect(await h.sandbox.restartCount()).toBe(1);
    await h.settle();
    console.info(`approve click -> succeeded: ${Math.round(ms)} ms`);

    // The change verdicts, then the post-resolution section, posted by itself, in the thread.
    const verification = await h.fake.waitFor(
      () =>
        h.fake
          .threadReplies(CHANNEL, incidentCard(h).ts)
          .find((reply) => /VERIFICAÇÃO PÓS-RESOLUÇÃO/.test(reply.text)),
      15_000,
    );
    expect(verification.text).toContain('4 de 4 verificações ok');
    const thread = h.fake.threadReplies(CHANNEL, incidentCard(h).ts).map(textOf).join('\n');
    expect(thread).toContain(`\`${RESTART_CMD}\` — ok`);
    expect(thread).toMatch(/saudável após \d/);
    expect(thread).toMatch(/obtido api: Up (Less than a second|\d+ seconds?) \(healthy\)/);
    const cardNow = h.fake.messages.find((message) => message.ts === card.ts)!;
    const cardText = textOf(cardNow);
    expect(cardText).toContain('Aprovado por <@U222>');
    expect(cardText).toMatch(/restart em [\d,]+ m?s · saudável após [\d,]+ m?s/);
    expect(cardText).toContain('verificação pós-resolução: 4/4 ✅');
    expect(buttonsOf(cardNow)).toEqual([]);
    await h.fake.waitFor(() => textOf(incidentCard(h)).includes('monitorando'), 10_000);
    expect(openIncident(h).status).toBe('monitoring');
    expect(timeline(h).map((entry) => entry.kind)).toEqual(
      expect.arrayContaining(['approval_requested', 'approval_refused', 'approval_decided', 'change_run']),
    );
  });
});

describe('20 concurrent Approve clicks and replayed deliveries (restart-fixes-it)', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness({
      scenario: 'restart-fixes-it',
      binding: { approvers: { ...APPROVERS, expiresAfter: '10m', maxPerHour: 3 } },
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('restart the service exactly once', async () => {
    const members = Array.from({ length: 11 }, (_, index) => `U3${String(index).padStart(2, '0')}`);
    h.fake.setUserGroup('S0APPROVE', members);
    await h.slash('restart', { user: 'U111' });
    const card = await nextApprovalCard(h);
    const id = approvalIdOf(card);
    const thread = incidentCard(h).ts;
    const distinct = ['U222', ...members].map((user, index) =>
      h.click({
        action_id: 'approve',
        value: id,
        user,
        message_ts: card.ts,
        thread_ts: thread,
        action_ts: `1764424900.${String(index).padStart(6, '0')}`,
      }),
    );
    // Slack retrying one delivery: the same payload, the same action_ts, 8 more times.
    const replays = Array.from({ length: 8 }, () =>
      h.click({
        action_id: 'approve',
        value: id,
        user: 'U222',
        message_ts: card.ts,
        thread_ts: thread,
        action_ts: '1764424900.000000',
      }),
    );
    const acks = await Promise.all([...distinct, ...replays]);
    expect(acks).toHaveLength(20);
    expect(acks.every((ack) => ack.status === 200)).toBe(true);

    const done = await waitForState(h, id, ['succeeded', 'failed']);
    expect(done.state).toBe('succeeded');
    await h.fake.waitFor(() => textOf(incidentCard(h)).includes('monitorando'), 15_000);
    await h.settle();
    expect(await h.sandbox.restartCount()).toBe(1);
    const entries = timeline(h);
    expect(entries.filter((entry) => entry.kind === 'approval_decided')).toHaveLength(1);
    expect(entries.filter((entry) => entry.kind === 'change_run')).toHaveLength(1);
    // Every other approver was told, once each; the replays were dropped without a word.
    const losers = ['U222', ...members].filter((user) => user !== done.decidedBy);
    expect(
      entries
        .filter((entry) => entry.kind === 'approval_refused')
        .map((entry) => entry.actor)
        .sort(),
    ).toEqual(losers.sort());
    const told = h.fake.ephemerals.filter((message) => message.text.includes('já foi decidida'));
    expect(told.map((message) => message.user).sort()).toEqual(losers.sort());
    console.info(`20 clicks (12 approvers + 8 replays): ${await h.sandbox.restartCount()} restart(s)`);
  });
});

describe('refusals, expiry and the circuit breaker through Slack (jumping clock)', () => {
  let h: BotHarness;
  const clock = new JumpClock();
  const seen = new Set<string>();

  beforeAll(async () => {
    h = await startBotHarness({
      scenario: 'restart-fixes-it',
      clock,
      binding: { approvers: { ...APPROVERS, expiresAfter: '10m', maxPerHour: 1 } },
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  async function request(user = 'U111'): Promise<{ card: FakeMessage; id: string }> {
    await h.slash('restart', { user });
    const card = await nextApprovalCard(h, seen);
    seen.add(card.ts);
    return { card, id: approvalIdOf(card) };
  }

  /** A click, its ephemeral, and the timeline entry it left. */
  async function refusedClick(card: FakeMessage, user: string, value: string) {
    const before = h.fake.ephemerals.length;
    const entriesBefore = timeline(h).length;
    await clickOn(h, card, { action_id: 'approve', value, user });
    const answer = await ephemeralFor(h, user, before);
    const entry = await h.fake.waitFor(() =>
      timeline(h)
        .slice(entriesBefore)
        .find((candidate) => candidate.kind === 'approval_refused' && candidate.actor === user),
    );
    return { answer, entry };
  }

  it('refuses a user in no approver list, a forged value and an unknown id; nothing runs', async () => {
    const { card, id } = await request();

    const stranger = await refusedClick(card, 'U999', id);
    expect(stranger.answer.text).toContain('Você não pode aprovar esta mudança. Quem pode:');
    expect(stranger.answer.text).toContain('<@U222>');
    expect(stranger.answer.text).toContain('<!subteam^S0APPROVE>');
    expect(stranger.entry.data).toMatchObject({ approvalId: id, code: 'not_approver' });

    const forged = await refusedClick(card, 'U222', '../../x');
    expect(forged.answer.text).toContain('Esta aprovação não existe.');
    expect(forged.entry.data).toMatchObject({ approvalId: '../../x', code: 'not_found' });

    const unknown = randomUUID();
    const missing = await refusedClick(card, 'U222', unknown);
    expect(missing.answer.text).toContain('Esta aprovação não existe.');
    expect(missing.entry.data).toMatchObject({ approvalId: unknown, code: 'not_found' });

    expect(approval(h, id).state).toBe('pending');
    expect(await h.sandbox.restartCount()).toBe(0);
  });

  it('expiry: the tick turns the card "expired" without buttons; a later click is refused', async () => {
    const { id, card } = seenCard(h, seen);
    const expiresAt = approval(h, id).expiresAt;
    clock.jump(10 * 60_000 + 1_000);
    await h.bot().bot.tick();
    expect(approval(h, id).state).toBe('expired');
    const updated = await h.fake.waitFor(() => {
      const now = h.fake.messages.find((message) => message.ts === card.ts);
      return now && buttonsOf(now).length === 0 ? now : undefined;
    });
    const time = hhmm(expiresAt);
    expect(textOf(updated)).toContain(`Expirou às ${time} sem aprovação — nada foi executado.`);

    const late = await refusedClick(card, 'U222', id);
    expect(late.answer.text).toContain(`Esta aprovação expirou às ${time}`);
    expect(late.answer.text).toContain('/apidown restart');
    expect(late.entry.data).toMatchObject({ approvalId: id, code: 'expired' });
    expect(await h.sandbox.restartCount()).toBe(0);
  });

  it('a click after the expiry but before the tick is refused and turns the card "expired"', async () => {
    const { card, id } = await request();
    clock.jump(10 * 60_000 + 1_000);
    const late = await refusedClick(card, 'U222', id);
    expect(late.answer.text).toContain('Esta aprovação expirou');
    expect(approval(h, id).state).toBe('expired');
    const updated = await h.fake.waitFor(() => {
      const now = h.fake.messages.find((message) => message.ts === card.ts);
      return now && buttonsOf(now).length === 0 ? now : undefined;
    });
    expect(textOf(updated)).toContain('sem aprovação — nada foi executado');
    expect(await h.sandbox.restartCount()).toBe(0);
  });

  it('circuit breaker (maxPerHour 1): the second restart in the hour is refused, naming the limit', async () => {
    const { card, id } = await request();
    await clickOn(h, card, { action_id: 'approve', value: id, user: 'U222' });
    expect((await waitForState(h, id, ['succeeded', 'failed'])).state).toBe('succeeded');
    expect(await h.sandbox.restartCount()).toBe(1);
    await h.settle();

    await h.fake.waitFor(() => textOf(incidentCard(h)).includes('monitorando'), 15_000);
    const responses = h.fake.responses.length;
    const posts = h.fake.callsTo('chat.postMessage').length;
    await h.slash('restart', { user: 'U111' });
    const answer = await h.fake.waitFor(() => h.fake.responses[responses], 15_000);
    const text = JSON.stringify(answer.body);
    expect(text).toContain('ephemeral');
    expect(text).toContain('1 na última hora (limite 1)');
    await h.settle(300);
    expect(h.fake.callsTo('chat.postMessage').length).toBe(posts);
    expect(await h.sandbox.restartCount()).toBe(1);

    // An hour later the breaker closes again: the request gets its card.
    clock.jump(61 * 60_000);
    const again = await request();
    expect(approval(h, again.id).state).toBe('pending');
  });
});

function seenCard(h: BotHarness, seen: ReadonlySet<string>): { card: FakeMessage; id: string } {
  const card = h.fake.messages.find((message) => seen.has(message.ts));
  if (!card) throw new Error('no approval card seen yet');
  return { card, id: approvalIdOf(card) };
}

function hhmm(at: number): string {
  return new Intl.DateTimeFormat('pt-BR', {
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'America/Sao_Paulo',
  }).format(at);
}

describe('Request restart button, deny, break-glass (restart-fixes-it)', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness({
      scenario: 'restart-fixes-it',
      binding: { approvers: { ...APPROVERS, expiresAfter: '10m', maxPerHour: 3 } },
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('the Request restart button of a failing diagnosis posts an approval card; Deny names the denier', async () => {
    await h.slash('diagnose', { user: 'U111' });
    const card = await h.fake.waitFor(() => h.fake.channelMessages(CHANNEL)[0], 15_000);
    const diagnosis = await h.fake.waitFor(
      () =>
        h.fake
          .threadReplies(CHANNEL, card.ts)
          .find((reply) => buttonsOf(reply).some((button) => button.action_id === 'request_restart')),
      15_000,
    );
    const button = buttonsOf(diagnosis).find((candidate) => candidate.action_id === 'request_restart')!;
    expect(button.value).toBe(String(openIncident(h).id));
    await clickOn(h, diagnosis, { action_id: 'request_restart', value: button.value!, user: 'U111' });
    const approvalCard = await nextApprovalCard(h);
    const id = approvalIdOf(approvalCard);
    expect(textOf(approvalCard)).toContain(RESTART_CMD);
    expect(approval(h, id).requestedBy).toBe('U111');

    await clickOn(h, approvalCard, { action_id: 'deny', value: id, user: 'U222' });
    const denied = await h.fake.waitFor(() => {
      const now = h.fake.messages.find((message) => message.ts === approvalCard.ts);
      return now && buttonsOf(now).length === 0 ? now : undefined;
    });
    expect(textOf(denied)).toContain('Negado por <@U222>');
    expect(approval(h, id)).toMatchObject({ state: 'denied', decidedBy: 'U222' });
    expect(await h.sandbox.restartCount()).toBe(0);
  });

  it('break-glass by a non-approver is refused; nothing runs', async () => {
    const responses = h.fake.responses.length;
    await h.slash('restart --break-glass "sozinho de madrugada"', { user: 'U111' });
    const answer = await h.fake.waitFor(() => h.fake.responses[responses], 15_000);
    expect(JSON.stringify(answer.body)).toContain('Quem pode:');
    await h.settle(300);
    expect(await h.sandbox.restartCount()).toBe(0);
  });

  it('break-glass by an approver runs at once, marked BREAK-GLASS, and pings the escalation roles', async () => {
    const seen = new Set(h.fake.threadReplies(CHANNEL, incidentCard(h).ts).map((reply) => reply.ts));
    await h.slash('restart --break-glass "sozinho de madrugada"', { user: 'U222' });
    const entry = await h.fake.waitFor(
      () => timeline(h).find((candidate) => candidate.kind === 'change_run'),
      30_000,
    );
    expect(entry.summary).toContain('BREAK-GLASS');
    expect(await h.sandbox.restartCount()).toBe(1);
    await h.fake.waitFor(() => textOf(incidentCard(h)).includes('monitorando'), 15_000);
    const fresh = h.fake.threadReplies(CHANNEL, incidentCard(h).ts).filter((reply) => !seen.has(reply.ts));
    const card = fresh.find((reply) =>
      textOf(reply).includes('BREAK-GLASS por <@U222>: sozinho de madrugada'),
    );
    expect(card).toBeDefined();
    expect(textOf(card!)).toContain('verificação pós-resolução: 4/4 ✅');
    const ping = fresh.find((reply) => reply.reply_broadcast === true);
    expect(ping).toBeDefined();
    const pingText = textOf(ping!);
    for (const mention of ['<!subteam^S01DEVOPS0>', '<@U01TECHLD0>', '<@U01CTO000>'])
      expect(pingText).toContain(mention);
    expect(pingText).toContain('BREAK-GLASS');
  });

  it('the service recovered since the request: the approver must confirm once more, then it runs', async () => {
    const before = await h.sandbox.restartCount();
    await h.slash('restart', { user: 'U111' });
    const card = await nextApprovalCard(h);
    const id = approvalIdOf(card);
    const asked = h.fake.ephemerals.length;
    await clickOn(h, card, { action_id: 'approve', value: id, user: 'U222' });
    const question = await ephemeralFor(h, 'U222', asked);
    expect(question.text).toContain('O serviço se recuperou desde o pedido.');
    expect(buttonsOf(question)).toEqual([
      expect.objectContaining({ action_id: 'approve_confirmed', value: id }),
    ]);
    await h.settle(300);
    expect(approval(h, id).state).toBe('pending');
    expect(await h.sandbox.restartCount()).toBe(before);

    await clickOn(h, card, { action_id: 'approve_confirmed', value: id, user: 'U222' });
    expect((await waitForState(h, id, ['succeeded', 'failed'])).state).toBe('succeeded');
    expect(await h.sandbox.restartCount()).toBe(before + 1);
  });
});
