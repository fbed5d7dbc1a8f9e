// Issue 15 item 5, end to end: the real bot in HTTP mode, signed requests and the fake Slack. A
// change that needs a value is requested with it (by text, by subcommand, by the modal); the card
// shows every value; the approval by a second person runs the step with exactly that value, once.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Approval } from '../../src/store/records.ts';
import { approvalClicks } from '../support/approval-clicks.ts';
import { type BotHarness, SIGNING_SECRET, startBotHarness } from '../support/bot-harness.ts';
import type { FakeMessage } from '../support/fake-slack.ts';
import { postInteraction } from '../support/signed-request.ts';
import { buttonsOf, textOf } from '../support/slack-messages.ts';
import { viewSubmission } from '../support/slack-payloads.ts';

describe('a parameterised change: requested with a value, approved, run with it once', () => {
  let h: BotHarness;
  let markers: string;
  const seen = new Set<string>();

  beforeAll(async () => {
    markers = mkdtempSync(join(tmpdir(), 'runbook-bot-param-change-'));
    const runbook = `# Services

## Restart a service

\`\`\`bash
echo "ran for <service>" >> ${markers}/restarted-<service>
\`\`\`
`;
    const binding = `command: /svc
service: svc
approvers: { users: [U222], expiresAfter: 10m, maxPerHour: 5 }
subcommands: { restart: restart-a-service }
params:
  service: { pattern: "[a-z][a-z0-9-]{0,40}" }
`;
    h = await startBotHarness({ extraRunbooks: { 'svc.md': runbook, 'svc.yml': binding } });
  });
  afterAll(async () => {
    await h?.close();
    rmSync(markers, { recursive: true, force: true });
  });

  const clicks = approvalClicks(() => h);
  const { store, idOf, click, waitForState } = clicks;
  const allApprovals = (): Approval[] =>
    store().listApprovalsIn(['pending', 'approved', 'running', 'succeeded', 'failed', 'denied', 'expired']);
  const nextCard = async (): Promise<FakeMessage> => {
    const card = await clicks.nextCard(seen);
    seen.add(card.ts);
    return card;
  };
  const deny = async (card: FakeMessage) => {
    const id = idOf(card);
    await click(card, { action_id: 'deny', value: id, user: 'U222' });
    await waitForState(id, ['denied']);
    await h.settle();
  };

  it('U111 asks `run restart-a-service service=payments-api`: the card shows the value, nothing ran yet', async () => {
    await h.slash('run restart-a-service service=payments-api', { command: '/svc', user: 'U111' });
    const card = await nextCard();
    expect(textOf(card)).toContain('payments-api');
    expect(textOf(card)).toMatch(/service.{0,20}=.{0,20}payments-api/);
    expect(store().getApproval(idOf(card))?.params).toEqual({ service: 'payments-api' });
    expect(readdirSync(markers)).toEqual([]);

    // U222 approves (twice: a double click): the step runs with the value, exactly once.
    const id = idOf(card);
    await Promise.all([
      click(card, { action_id: 'approve', value: id, user: 'U222' }),
      click(card, { action_id: 'approve', value: id, user: 'U222' }),
    ]);
    const done = await waitForState(id, ['succeeded', 'failed']);
    expect(done.state).toBe('succeeded');
    await h.settle();
    expect(readdirSync(markers)).toEqual(['restarted-payments-api']);
    expect(readFileSync(join(markers, 'restarted-payments-api'), 'utf8')).toBe('ran for payments-api\n');

    // The card after the run still shows the value; the timeline records it.
    const after = h.fake.messages.find((message) => message.ts === card.ts) ?? card;
    expect(textOf(after)).toContain('payments-api');
    const timeline = store().listTimeline(done.incidentId);
    const requested = timeline.find((entry) => entry.kind === 'approval_requested');
    const ran = timeline.find((entry) => entry.kind === 'change_run');
    expect(requested?.data.params).toEqual({ service: 'payments-api' });
    expect(ran?.data.params).toEqual({ service: 'payments-api' });
    expect(ran?.summary).toContain('service=payments-api');
  });

  it('a refused value (shell characters) gets an ephemeral naming the rule and creates no approval', async () => {
    const approvals = allApprovals().length;
    const responses = h.fake.responses.length;
    const cards = () => h.fake.messages.filter((m) => buttonsOf(m).some((b) => b.action_id === 'approve'));
    const before = cards().length;
    await h.slash('run restart-a-service service=$(reboot)', { command: '/svc', user: 'U111' });
    const answer = await h.fake.waitFor(() => h.fake.responses[responses], 15_000);
    const body = JSON.stringify(answer.body);
    expect(body).toContain('ephemeral');
    expect(body).toContain('service');
    expect(body).toMatch(/must match/);
    await h.settle();
    expect(allApprovals().length).toBe(approvals);
    // No approval card was posted (the previous run's reports may still be arriving).
    expect(cards().length).toBe(before);
    expect(JSON.stringify(h.fake.messages)).not.toContain('reboot');
    expect(readdirSync(markers)).toEqual(['restarted-payments-api']);
  });

  it('`/svc restart service=checkout` (the subcommand) requests an approval with the value', async () => {
    await h.slash('restart service=checkout', { command: '/svc', user: 'U111' });
    const card = await nextCard();
    expect(textOf(card)).toContain('checkout');
    expect(store().getApproval(idOf(card))?.params).toEqual({ service: 'checkout' });
    await deny(card);
    expect(existsSync(join(markers, 'restarted-checkout'))).toBe(false);
  });

  it('without a value the modal asks for it; its submission requests an approval with it', async () => {
    const views = h.fake.views.length;
    await h.slash('restart', { command: '/svc', user: 'U111' });
    const view = (await h.fake.waitFor(() => h.fake.views[views], 15_000)).view as {
      callback_id: string;
      private_metadata: string;
      blocks: { block_id: string }[];
    };
    expect(view.blocks.map((block) => block.block_id)).toEqual(['param:service']);
    const ack = await postInteraction(
      h.eventsUrl,
      SIGNING_SECRET,
      viewSubmission({
        callback_id: view.callback_id,
        private_metadata: view.private_metadata,
        view_id: 'V-PARAM-CHANGE-1',
        user: 'U111',
        values: { 'param:service': { value: 'billing' } },
      }),
    );
    expect(ack.status).toBe(200);
    const card = await nextCard();
    expect(textOf(card)).toContain('billing');
    expect(store().getApproval(idOf(card))?.params).toEqual({ service: 'billing' });
    await deny(card);
    expect(readdirSync(markers)).toEqual(['restarted-payments-api']);
  });
});
