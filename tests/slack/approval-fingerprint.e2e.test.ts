// Issue 12 item 3, end to end: the real bot in HTTP mode, signed requests, the fake Slack and the
// simulated host. A restart requested, the runbook edited and the bot restarted on the same DATA_DIR
// (a redeploy inside the approval window), then approved: the edited commands never run, the card
// says the runbook changed, and "request again" shows and runs the new text exactly once.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUNBOOK_CHANGED_REASON } from '../../src/core/approvals/change-fingerprint.ts';
import type { Approval } from '../../src/store/records.ts';
import { approvalClicks } from '../support/approval-clicks.ts';
import { type BotHarness, CHANNEL, startBotHarness } from '../support/bot-harness.ts';
import type { FakeMessage } from '../support/fake-slack.ts';
import { buttonsOf, textOf } from '../support/slack-messages.ts';

const RESTART_CMD = 'docker compose -f compose.prod.yml restart api';

describe('an approval is for exactly what the approver saw (restart-fixes-it)', () => {
  let h: BotHarness;
  let markers: string;
  let marker: string;

  beforeAll(async () => {
    markers = mkdtempSync(join(tmpdir(), 'runbook-bot-fingerprint-'));
    marker = join(markers, 'edited-ran');
    h = await startBotHarness({
      scenario: 'restart-fixes-it',
      binding: { approvers: { users: ['U222'], expiresAfter: '10m', maxPerHour: 3 } },
    });
  });
  afterAll(async () => {
    await h?.close();
    rmSync(markers, { recursive: true, force: true });
  });

  const { store, nextCard, idOf, click, waitForState } = approvalClicks(() => h);
  const approval = (id: string): Approval => {
    const found = store().getApproval(id);
    if (!found) throw new Error(`approval ${id} not in the store`);
    return found;
  };
  const cardNow = (card: FakeMessage): FakeMessage => h.fake.messages.find((m) => m.ts === card.ts) ?? card;

  let first: FakeMessage;
  let firstId: string;

  it('U111 requests a restart; the card shows the command and a short fingerprint id', async () => {
    await h.slash('restart', { user: 'U111' });
    first = await nextCard(new Set());
    firstId = idOf(first);
    // The bot has finished the request (the card's ts is recorded) before the next test redeploys it.
    await h.fake.waitFor(() => store().getApproval(firstId)?.messageTs ?? undefined, 15_000);
    const stored = approval(firstId);
    expect(stored.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    const text = textOf(first);
    expect(text).toContain(RESTART_CMD);
    expect(text).toContain(`impressão ${stored.fingerprint?.slice(0, 8)}`);
  });

  it('the runbook is edited and the bot redeployed; U222 approves: nothing runs, the card says the runbook changed', async () => {
    const file = join(h.runbooksDir, 'api-down.md');
    const original = readFileSync(file, 'utf8');
    const edited = original.replace(RESTART_CMD, `${RESTART_CMD} && echo ran >> ${marker}`);
    expect(edited).not.toBe(original);
    writeFileSync(file, edited);
    await h.restart();

    await click(first, { action_id: 'approve', value: firstId, user: 'U222' });
    const decided = await waitForState(firstId, ['denied', 'failed', 'succeeded']);
    expect(decided).toMatchObject({ state: 'denied', decidedBy: 'bot', reason: RUNBOOK_CHANGED_REASON });
    const card = await h.fake.waitFor(() => {
      const now = cardNow(first);
      return textOf(now).includes('O runbook mudou desde o pedido') ? now : undefined;
    }, 15_000);
    expect(textOf(card)).toContain('nada foi executado');
    // Neither the old steps nor the new ones are listed under a decision nobody made.
    expect(textOf(card)).not.toContain(marker);
    expect(buttonsOf(card)).toEqual([
      expect.objectContaining({ action_id: 'request_again', value: firstId }),
    ]);
    await h.settle(300);
    expect(existsSync(marker)).toBe(false);
    expect(await h.sandbox.restartCount()).toBe(0);
    const incident = store().getOpenIncident('api-down', CHANNEL);
    expect(incident?.status).toBe('investigating');
    expect(store().listTimeline(incident?.id ?? -1)).toContainEqual(
      expect.objectContaining({
        kind: 'approval_decided',
        actor: 'U222',
        summary: expect.stringContaining(RUNBOOK_CHANGED_REASON),
      }),
    );
  });

  it('"request again" posts a card with the new text; approved, it runs exactly once', async () => {
    await click(cardNow(first), { action_id: 'request_again', value: firstId, user: 'U111' });
    const second = await nextCard(new Set([first.ts]));
    const secondId = idOf(second);
    expect(secondId).not.toBe(firstId);
    expect(textOf(second)).toContain(`echo ran &gt;&gt; ${marker}`); // escaped for mrkdwn
    expect(approval(secondId).fingerprint).not.toBe(approval(firstId).fingerprint);

    await click(second, { action_id: 'approve', value: secondId, user: 'U222' });
    const done = await waitForState(secondId, ['succeeded', 'failed', 'denied']);
    expect(done.state).toBe('succeeded');
    expect(readFileSync(marker, 'utf8')).toBe('ran\n');
    expect(await h.sandbox.restartCount()).toBe(1);
  });
});
