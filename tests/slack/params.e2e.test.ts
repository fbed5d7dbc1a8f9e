import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BotHarness, CHANNEL, SIGNING_SECRET, startBotHarness } from '../support/bot-harness.ts';
import { postInteraction } from '../support/signed-request.ts';
import { viewSubmission } from '../support/slack-payloads.ts';

const RUNBOOK = `# Pods

## List pods

\`\`\`bash
printf 'api-7d9f\\nworker-1\\n'
\`\`\`

## Pod logs

\`\`\`bash
echo "logs of <pod-name> in <namespace>"; false
\`\`\`
`;

const BINDING = `command: /pods
params:
  pod-name: { from: list-pods, describe: "the pod" , pattern: "[a-z0-9-]{1,63}" }
  namespace: { choices: [payments, checkout] }
`;

const everything = (h: BotHarness) => JSON.stringify([h.fake.messages, h.fake.responses, h.fake.ephemerals]);

describe('/pods run pod-logs with parameters (signed requests, fake Slack)', () => {
  let h: BotHarness;
  let views = 0;

  beforeAll(async () => {
    h = await startBotHarness({ extraRunbooks: { 'pods.md': RUNBOOK, 'pods.yml': BINDING } });
  });
  afterAll(async () => {
    await h?.close();
  });

  const threadText = async (needle: string) =>
    h.fake.waitFor(() => (everything(h).includes(needle) ? everything(h) : undefined), 15_000);

  it('runs with the values typed after the section', async () => {
    await h.slash('run pod-logs pod-name=api-7d9f namespace=payments', { command: '/pods' });
    const text = await threadText('logs of api-7d9f in payments');
    expect(text).toContain('logs of api-7d9f in payments');
    await h.settle();
  });

  it('refuses a value that breaks a rule, naming the parameter and the rule, and runs nothing', async () => {
    const before = h.fake.messages.length;
    const responses = h.fake.responses.length;
    await h.slash('run pod-logs pod-name=$(reboot) namespace=payments', { command: '/pods' });
    const answer = await h.fake.waitFor(() => h.fake.responses[responses], 15_000);
    const body = JSON.stringify(answer.body);
    expect(body).toContain('ephemeral');
    expect(body).toContain('pod-name');
    expect(body).toMatch(/must match/);
    await h.settle();
    expect(h.fake.messages.length).toBe(before);
    expect(h.fake.views.length).toBe(views);
  });

  it('opens a modal for missing values: a select from the read step, a select of choices', async () => {
    await h.slash('run pod-logs', { command: '/pods' });
    const view = (await h.fake.waitFor(() => h.fake.views[views], 15_000)).view as {
      callback_id: string;
      private_metadata: string;
      blocks: { block_id: string; element: { type: string; options?: { value: string }[] } }[];
    };
    views++;
    expect(view.callback_id).toBe('section_params');
    const fields = Object.fromEntries(view.blocks.map((block) => [block.block_id, block.element]));
    expect(fields['param:pod-name']?.type).toBe('static_select');
    expect(fields['param:pod-name']?.options?.map((option) => option.value)).toEqual([
      'api-7d9f',
      'worker-1',
    ]);
    expect(fields['param:namespace']?.options?.map((option) => option.value)).toEqual([
      'payments',
      'checkout',
    ]);

    const select = (value: string) => ({ value: { type: 'static_select', selected_option: { value } } });
    const ack = await postInteraction(
      h.eventsUrl,
      SIGNING_SECRET,
      viewSubmission({
        callback_id: view.callback_id,
        private_metadata: view.private_metadata,
        view_id: 'V-PARAMS-1',
        user: 'U111',
        values: { 'param:pod-name': select('worker-1'), 'param:namespace': select('checkout') },
      }),
    );
    expect(ack.status).toBe(200);
    const text = await threadText('logs of worker-1 in checkout');
    expect(text).toContain('logs of worker-1 in checkout');
    await h.settle();
  });

  it('keeps the modal open with the rule when a submitted value is refused, and runs nothing', async () => {
    const before = h.fake.messages.length;
    const ack = await postInteraction(
      h.eventsUrl,
      SIGNING_SECRET,
      viewSubmission({
        callback_id: 'section_params',
        private_metadata: JSON.stringify({
          runbook: 'pods',
          section: 'pod-logs',
          channel: CHANNEL,
          given: {},
          breakGlass: null,
        }),
        view_id: 'V-PARAMS-2',
        user: 'U111',
        values: {
          'param:pod-name': { value: '-rf; reboot' },
          'param:namespace': { value: { type: 'static_select', selected_option: { value: 'payments' } } },
        },
      }),
    );
    expect(ack.status).toBe(200);
    expect(ack.text).toContain('errors');
    expect(ack.text).toContain('param:pod-name');
    await h.settle();
    expect(h.fake.messages.length).toBe(before);
  });
});
