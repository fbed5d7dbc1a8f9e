import { existsSync } from 'node:fs';
import type { SlashCommand } from '@slack/bolt';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SlackMessage } from '../../src/render/slack/block-types.ts';
import { botFeatures } from '../../src/slack/bot-features.ts';
import { handleSlashCommand } from '../../src/slack/listeners/on-slash-command.ts';
import { COMMAND_WORDS } from '../support/command-words.ts';
import { slashCommand } from '../support/slack-payloads.ts';
import {
  APPROVER,
  type FaultWorld,
  slackClient,
  startFaultWorld,
  startInProcessBot,
} from './support/fault-bot.ts';
import { allowedCommands, memoryGateway, recordingRunner } from './support/recorders.ts';

/**
 * 10,000 generated slash-command texts (fast-check, seeded) through the bot's real handler, and a
 * smaller sample of generated button clicks through signed HTTP: no crash, nothing run that is not a
 * step of the runbooks, every answer a clear message (never "internal error").
 * Builds on tests/fuzz/command-text.fuzz.test.ts (grammar level): this goes through the listener,
 * the use cases and the store. Guards: parse-command-text's fixed grammar (text selects steps,
 * never reaches a shell), the action handlers' id validation, the error boundary (reply.ts). With a
 * handler that splices text into a command, the "only runbook steps" assertion fails.
 */
const SEED = 0x0fa17;
const WORDS = COMMAND_WORDS;
const text = fc.oneof(
  { weight: 5, arbitrary: fc.array(fc.constantFrom(...WORDS), { maxLength: 5 }).map((w) => w.join(' ')) },
  { weight: 2, arbitrary: fc.string({ maxLength: 60 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 600 }) },
);
const user = fc.constantFrom('U111', 'U222', APPROVER, 'UNOBODY', 'W0WEIRD', '');
const channel = fc.constantFrom('C0FUZZ1', 'C0FUZZ2', 'C0FUZZ3');

const internal = /internal error|erro interno/i;

describe('fault: generated slash commands and clicks', () => {
  let world: FaultWorld;
  let bot: Awaited<ReturnType<typeof startInProcessBot>>;
  let recorded: { commands: string[] };
  let out: ReturnType<typeof memoryGateway>;

  beforeAll(async () => {
    world = await startFaultWorld({
      scenario: 'healthy',
      ...(existsSync('/dev/shm') ? { dataBase: '/dev/shm' } : {}),
    });
    bot = await startInProcessBot(world, { tickMs: 60_000, logLevel: process.env.FAULT_LOG ?? 'silent' });
    recorded = recordingRunner(bot.bot.deps);
    out = memoryGateway(bot.bot.deps);
  });
  afterAll(async () => {
    await bot?.close();
    await world?.close();
  });

  it('10,000 texts through handleSlashCommand: no crash, only runbook steps, clear answers', async () => {
    const deps = bot.bot.deps;
    const allowed = allowedCommands(deps);
    const handlers = botFeatures().handlers;
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        text,
        user,
        channel,
        fc.constantFrom(...deps.catalog.runbooks),
        async (t, u, c, bound) => {
          n += 1;
          const replies: SlackMessage[] = [];
          const sentBefore = out.sent.length;
          const command = slashCommand({
            text: t,
            user_id: u,
            channel_id: c,
            command: bound.binding.command,
            trigger_id: `fuzz-${n}`,
          }) as unknown as SlashCommand;
          await handleSlashCommand(deps, handlers, bound, command, async (message) => {
            replies.push(message);
          });
          const answers = [
            ...replies.map((r) => `${r.text}\n${JSON.stringify(r.blocks ?? [])}`),
            ...out.sent.slice(sentBefore).map((s) => s.text),
          ];
          expect(answers.length).toBeGreaterThan(0);
          for (const answer of answers) {
            expect(answer.trim().length).toBeGreaterThan(0);
            expect(answer).not.toMatch(internal);
          }
        },
      ),
      { seed: SEED, numRuns: 10_000 },
    );
    for (const command of recorded.commands) expect(allowed.has(command)).toBe(true);
    expect(recorded.commands.length).toBeGreaterThan(0);
  }, 120_000);

  it('generated button clicks (signed HTTP): no crash, only runbook steps, no internal error', async () => {
    const client = slackClient(world, () => bot.eventsUrl);
    const allowed = allowedCommands(bot.bot.deps);
    const sentBefore = out.sent.length;
    const known = new Set(['diagnose', 'run_section', ...Object.keys(botFeatures().actions)]);
    const actionId = fc.constantFrom(...known);
    const value = fc.oneof(
      fc.constantFrom(
        '1',
        '2',
        '999999999',
        '-1',
        '1e3',
        'diagnostico-rapido',
        'passo-2-restart-do-servico',
        "'; rm -rf /",
      ),
      fc.string({ maxLength: 80 }),
    );
    const samples = fc.sample(fc.tuple(actionId, value, user, channel), { seed: SEED, numRuns: 120 });
    for (let from = 0; from < samples.length; from += 15) {
      const batch = samples.slice(from, from + 15);
      const statuses = await Promise.all(
        batch.map(([id, v, u, c], k) =>
          client
            .click({
              action_id: id,
              value: v,
              user: u || 'U111',
              channel: c,
              action_ts: `1764425000.${String(from + k).padStart(6, '0')}`,
            })
            .then((response) => ({ status: response.status })),
        ),
      );
      for (const { status } of statuses) expect(status).toBe(200);
    }
    // Actions no listener handles: Bolt answers them 404 after its 3 s ack window (one batch).
    const unknown = await Promise.all(
      ['unknown_action', 'approve ', 'APPROVE'].map((id, k) =>
        client.click({ action_id: id, value: '1', channel: 'C0FUZZ1', action_ts: `1764426000.00000${k}` }),
      ),
    );
    expect(unknown.map((response) => response.status)).toEqual([404, 404, 404]);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const health = await fetch(bot.eventsUrl.replace('/slack/events', '/healthz'));
    expect(health.status).toBe(200);
    for (const sent of out.sent.slice(sentBefore)) expect(sent.text).not.toMatch(internal);
    for (const command of recorded.commands) expect(allowed.has(command)).toBe(true);
  }, 60_000);
});
