// Issue 14 item 9, end to end: the real bot in HTTP mode, signed requests, the fake Slack. A
// numbered procedure mixing reads and three changes gets one approval card per change, in order.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { approvalClicks } from '../support/approval-clicks.ts';
import { type BotHarness, CHANNEL, startBotHarness } from '../support/bot-harness.ts';
import type { FakeMessage } from '../support/fake-slack.ts';
import { buttonsOf, textOf } from '../support/slack-messages.ts';

const FIXTURE = new URL('../fixtures/procedure/', import.meta.url);

describe('a procedure whose changes are split by reads: one card per change, in order', () => {
  let h: BotHarness;
  let workdir: string;

  beforeAll(async () => {
    workdir = mkdtempSync(join(tmpdir(), 'runbook-bot-staged-e2e-'));
    const binding = {
      command: '/staged',
      locale: 'en',
      workdir,
      subcommands: { procedure: 'procedure' },
      approvers: { users: ['U222'], expiresAfter: '10m', maxPerHour: 10 },
    };
    h = await startBotHarness({
      extraRunbooks: {
        'staged.md': readFileSync(new URL('staged.md', FIXTURE), 'utf8'),
        'staged.yml': stringify(binding),
      },
    });
  });
  afterAll(async () => {
    await h?.close();
    rmSync(workdir, { recursive: true, force: true });
  });

  const store = () => h.bot().bot.deps.store;
  const marker = (name: string) => join(workdir, `${name}.marker`);
  const thread = () => {
    const incident = store().getOpenIncident('staged', CHANNEL);
    return incident?.cardTs ? h.fake.threadReplies(CHANNEL, incident.cardTs) : [];
  };
  const { nextCard, idOf, click, waitForState } = approvalClicks(() => h);

  let first: FakeMessage;
  let second: FakeMessage;

  it('U111 runs the procedure: the first read runs, the first card lists only the restart', async () => {
    await h.slash('procedure', { user: 'U111', command: '/staged' });
    first = await nextCard(new Set());
    const text = textOf(first);
    expect(text).toContain('echo restarted');
    expect(text).not.toContain('echo rolled-back');
    expect(text).not.toContain('echo deleted');
    // The read before it already ran and was posted; nothing changed yet.
    expect(thread().some((reply) => textOf(reply).includes('Check what is deployed'))).toBe(true);
    expect(existsSync(marker('restart'))).toBe(false);
  });

  it('U222 approves: only the restart runs, then the next read, then a card for the rollback only', async () => {
    const firstId = idOf(first);
    await click(first, { action_id: 'approve', value: firstId, user: 'U222' });
    expect((await waitForState(firstId, ['succeeded', 'failed', 'denied'])).state).toBe('succeeded');
    second = await nextCard(new Set([first.ts]));
    const text = textOf(second);
    expect(text).toContain('echo rolled-back');
    expect(text).not.toContain('echo restarted');
    expect(text).not.toContain('echo deleted');
    expect(readFileSync(marker('restart'), 'utf8')).toBe('restarted\n');
    expect(existsSync(marker('rollback'))).toBe(false);
    expect(thread().some((reply) => textOf(reply).includes('Check the restart left its marker'))).toBe(true);
  });

  it('U222 denies the rollback: the procedure stops and the thread says which steps did not run', async () => {
    const secondId = idOf(second);
    await click(second, { action_id: 'deny', value: secondId, user: 'U222' });
    expect((await waitForState(secondId, ['denied'])).state).toBe('denied');
    const stopped = await h.fake.waitFor(
      () => thread().find((reply) => textOf(reply).includes('These steps did not run')),
      15_000,
    );
    expect(textOf(stopped)).toContain('Delete the stale cache');
    await h.settle(300);
    expect(existsSync(marker('rollback'))).toBe(false);
    expect(existsSync(marker('delete'))).toBe(false);
    expect(thread().filter((reply) => buttonsOf(reply).some((b) => b.action_id === 'approve'))).toHaveLength(
      0,
    );
  });
});
